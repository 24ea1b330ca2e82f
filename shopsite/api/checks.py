"""Deploy checks for what would break at run time rather than at start-up.

``manage.py check --deploy`` is the operator's last step before starting app servers: it
must fail on anything that would turn requests into 500s, not only on weak settings.
"""

from django.conf import settings
from django.core import checks
from django.db import DatabaseError, connections


def database_cache_tables() -> list[tuple[str, str]]:
    """``(cache alias, table)`` of every cache kept in the database."""
    return [
        (alias, config["LOCATION"])
        for alias, config in settings.CACHES.items()
        if config["BACKEND"].endswith("DatabaseCache")
    ]


@checks.register(checks.Tags.caches, deploy=True)
def check_cache_tables(app_configs, **kwargs):
    """The database cache holds throttles: without its table every throttled request fails."""
    tables = database_cache_tables()
    if not tables:
        return []
    try:
        existing = set(connections["default"].introspection.table_names())
    except DatabaseError as exc:
        return [
            checks.Error(
                "The database cannot be reached to check the cache table "
                f"({exc.__class__.__name__}).",
                hint="Check DATABASE_URL and that the database server is up.",
                id="ocapi.E002",
            )
        ]
    return [
        checks.Error(
            f"The cache '{alias}' is kept in the database table '{table}', which does not exist.",
            hint="Run `manage.py migrate` (it creates the table), or set REDIS_URL.",
            id="ocapi.E003",
        )
        for alias, table in tables
        if table not in existing
    ]


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
            id="ocapi.E004",
        )
    ]
