from django.apps import AppConfig


class AccountsConfig(AppConfig):
    """What customers and staff users (agents) both need, below every domain app: the
    failed-login lockout, the password check a failed login spends, and the audit log of
    what agents do to customers."""

    name = "shopsite.accounts"
    label = "accounts"
    verbose_name = "Accounts"
    default_auto_field = "django.db.models.BigAutoField"
