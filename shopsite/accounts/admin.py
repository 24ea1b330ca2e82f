"""The agent audit log: read-only, filterable by agent, customer, action and date."""

from django.contrib import admin

from shopsite.accounts.models import AgentAuditEntry


@admin.register(AgentAuditEntry)
class AgentAuditEntryAdmin(admin.ModelAdmin):
    list_display = [
        "created",
        "agent_login",
        "action",
        "via",
        "customer_ref",
        "site_id",
        "method",
        "path",
        "status_code",
        "description",
    ]
    list_filter = [
        ("agent", admin.RelatedOnlyFieldListFilter),
        ("customer", admin.RelatedOnlyFieldListFilter),
        "action",
        "via",
        "site_id",
    ]
    search_fields = ["agent_login", "customer_ref", "path", "description"]
    date_hierarchy = "created"
    list_select_related = ["agent", "customer"]
    list_per_page = 100

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
