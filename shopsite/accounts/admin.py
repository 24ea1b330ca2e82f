"""The agent audit log: read-only. Agents read their own entries, supervisors
(``view_all_agentauditentry``) everyone's; each entry names the customer by login and
customer no and says what changed, by field name."""

from django.contrib import admin
from django.utils import timezone
from django.utils.formats import date_format

from shopsite.accounts import audit
from shopsite.accounts.models import AgentAuditEntry


class AgentFilter(admin.SimpleListFilter):
    """Filter by agent, offered to supervisors only (an agent sees only itself)."""

    title = "agent"
    parameter_name = "agent_login"

    def lookups(self, request, model_admin):
        if not request.user.has_perm(audit.VIEW_ALL):
            return []
        logins = (
            AgentAuditEntry.objects.order_by("agent_login")
            .values_list("agent_login", flat=True)
            .distinct()[:100]
        )
        return [(login, login) for login in logins]

    def queryset(self, request, queryset):
        return queryset.filter(agent_login=self.value()) if self.value() else queryset


@admin.register(AgentAuditEntry)
class AgentAuditEntryAdmin(admin.ModelAdmin):
    # Five columns that fit 1280 px beside the filters.
    list_display = ["when", "agent_login", "customer_name", "what", "request"]
    list_display_links = ["when"]
    list_filter = [AgentFilter, "action", "via", "site_id"]
    search_fields = ["agent_login", "customer_label", "customer_ref", "description"]
    date_hierarchy = "created"
    list_select_related = ["agent"]
    list_per_page = 100
    show_full_result_count = False

    class Media:
        css = {"all": ["accounts/audit.css"]}

    @admin.display(description="customer", ordering="customer_label")
    def customer_name(self, entry):
        return entry.customer_label or entry.customer_ref

    @admin.display(description="when", ordering="created")
    def when(self, entry):
        return date_format(timezone.localtime(entry.created), "Y-m-d H:i:s")

    @admin.display(description="what")
    def what(self, entry):
        action = entry.get_action_display()
        return f"{action}: {entry.description}" if entry.description else action

    @admin.display(description="request")
    def request(self, entry):
        status = f" → {entry.status_code}" if entry.status_code else ""
        return f"{entry.method} {entry.path}{status}".strip()

    def get_queryset(self, request):
        return audit.visible_entries(request.user).select_related("agent")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
