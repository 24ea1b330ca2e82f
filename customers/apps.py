from django.apps import AppConfig


class CustomersConfig(AppConfig):
    """Customers, their address book and payment instruments, auth and password flows."""

    name = "customers"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # shopsite's own implementations of extension points; a project replaces or turns
        # them off in OCAPI["DEFAULT_HOOKS"] (see customers.hooks).
        from customers import hooks
        from shopsite.api.hooks import registry

        registry.set_default(hooks.PUT_PASSWORD, hooks.change_password)
        registry.set_default(hooks.PASSWORD_RESET_AFTER_POST, hooks.send_password_reset_mail)
        registry.set_default(
            hooks.CUSTOMER_PASSWORD_RESET_AFTER_POST, hooks.send_password_reset_mail
        )
