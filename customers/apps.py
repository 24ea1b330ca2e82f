from django.apps import AppConfig


class CustomersConfig(AppConfig):
    """Customers, their address book and payment instruments, auth and password flows."""

    name = "customers"
    default_auto_field = "django.db.models.BigAutoField"
