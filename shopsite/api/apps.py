from django.apps import AppConfig
from django.core import checks
from django.utils.module_loading import autodiscover_modules


class ApiConfig(AppConfig):
    """The OCAPI layer shared by every resource: sites, API clients, envelope, faults."""

    name = "shopsite.api"
    label = "ocapi"
    verbose_name = "OCAPI"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from django.db.models.signals import post_delete, post_save

        from shopsite.api import checks as deploy_checks  # noqa: F401 - registers them
        from shopsite.api import cors  # noqa: F401 - connects the CORS signal receiver
        from shopsite.api.context import context_cache
        from shopsite.api.hooks import check_hook_settings
        from shopsite.api.models import ApiClient, Site

        checks.register(check_hook_settings)
        # Each app's schema.py describes its views for the OpenAPI schema (shopsite.api.schema).
        autodiscover_modules("schema")
        for model in (Site, ApiClient):
            post_save.connect(context_cache.clear, sender=model, dispatch_uid=f"ctx-{model}")
            post_delete.connect(context_cache.clear, sender=model, dispatch_uid=f"ctx-del-{model}")
