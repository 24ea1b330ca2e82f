from django.apps import AppConfig


class ProductListsConfig(AppConfig):
    """Customer product lists (wish lists, gift registries) and the products they reference."""

    name = "productlists"
    verbose_name = "Product lists"
    default_auto_field = "django.db.models.BigAutoField"
