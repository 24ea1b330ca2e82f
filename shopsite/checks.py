"""Project-wide deployment checks (``manage.py check --deploy``)."""

from django.conf import settings
from django.core import checks

CONSOLE_EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"


@checks.register(checks.Tags.security, deploy=True)
def check_email_backend(app_configs, **kwargs):
    """Password reset mails carry a live token: printed to the console they end up in the
    server's log, readable by anyone who reads logs. Only a developer (DEBUG on) may want
    that; a deployment that really does silences the check (``SILENCED_SYSTEM_CHECKS``)."""
    if settings.DEBUG or settings.EMAIL_BACKEND != CONSOLE_EMAIL_BACKEND:
        return []
    return [
        checks.Error(
            "EMAIL_BACKEND is the console backend while DEBUG is off: every password reset "
            "mail, token included, would be written to the server log.",
            hint="Configure SMTP (EMAIL_HOST, EMAIL_PORT, EMAIL_HOST_USER, EMAIL_HOST_PASSWORD, "
            "EMAIL_USE_TLS) or another mail backend.",
            id="shopsite.E001",
        )
    ]
