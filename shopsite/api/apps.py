from django.apps import AppConfig
from django.core import checks


class ApiConfig(AppConfig):
    """The OCAPI layer shared by every resource: sites, API clients, envelope, faults."""

    name = "shopsite.api"
    label = "ocapi"
    verbose_name = "OCAPI"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from shopsite import checks as project_checks  # noqa: F401 - registers deploy checks
        from shopsite.api import cors  # noqa: F401 - connects the CORS signal receiver
        from shopsite.api.hooks import check_hook_settings

        checks.register(check_hook_settings)
