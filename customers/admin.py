from django.contrib import admin, messages

from customers.models import Customer


@admin.register(Customer)
class CustomerAdmin(admin.ModelAdmin):
    list_display = ["customer_no", "login", "email", "last_name", "site", "is_guest", "enabled"]
    list_filter = ["site", "is_guest", "enabled"]
    search_fields = ["customer_no", "customer_id", "login", "email", "last_name", "first_name"]
    readonly_fields = [
        "customer_id",
        "customer_no",
        "creation_date",
        "last_modified",
        "last_login_time",
        "previous_login_time",
        "last_visit_time",
        "previous_visit_time",
        "failed_login_count",
        "locked_until",
    ]
    exclude = ["password"]
    actions = ["unlock"]

    @admin.action(description="Unlock selected customers (reset failed logins)")
    def unlock(self, request, queryset):
        count = queryset.update(failed_login_count=0, locked_until=None)
        self.message_user(request, f"Unlocked {count} customer(s).", messages.SUCCESS)
