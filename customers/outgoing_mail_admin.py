"""The admin page "Outgoing mail": what shopsite promised to mail and how far it got.

Staff see each mail's kind, customer, recipient, status, attempts and last error, filter
by status, kind and date, and act on the selection: **Retry** (a failed or discarded
reset mail: the customer is queued a new link) and **Discard** (stop a queued or failed
mail). Both are audited. Neither the reset token nor the link is ever shown: the row keeps
the token encrypted only until the mail is final, and no field here reads it.
"""

from django.contrib import admin, messages

from customers import outgoing_mail
from customers.models import OutgoingMail
from customers.permissions import CHANGE_CUSTOMER, VIEW_CUSTOMER


@admin.register(OutgoingMail)
class OutgoingMailAdmin(admin.ModelAdmin):
    list_display = [
        "id",
        "kind",
        "customer",
        "recipient",
        "status",
        "attempts",
        "last_error_summary",
        "created",
        "updated",
    ]
    list_filter = ["status", "kind", "created"]
    search_fields = ["customer__login", "customer__customer_no", "recipient"]
    list_select_related = ["customer"]
    fields = [
        "kind",
        "customer",
        "recipient",
        "status",
        "attempts",
        "last_error",
        "requested_by",
        "next_attempt_at",
        "delivered_at",
        "created",
        "updated",
    ]
    readonly_fields = fields
    actions = ["retry", "discard"]

    # Staff who may see customers see their mail; those who may change customers act on it.
    def has_module_permission(self, request):
        return request.user.is_active and request.user.has_perm(VIEW_CUSTOMER)

    def has_view_permission(self, request, obj=None):
        return self.has_module_permission(request)

    def has_manage_permission(self, request):
        return request.user.is_active and request.user.has_perm(CHANGE_CUSTOMER)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description="Last error")
    def last_error_summary(self, mail):
        return mail.last_error[:120]

    @admin.action(description="Retry (queue a new reset link)", permissions=["manage"])
    def retry(self, request, queryset):
        retried = skipped = 0
        for mail in queryset.select_related("customer__site"):
            try:
                new = outgoing_mail.retry(request, mail)
            except ValueError as problem:
                self.message_user(request, f"Mail #{mail.pk}: {problem}", messages.ERROR)
                continue
            if new is None:
                skipped += 1
            else:
                retried += 1
        self.report(request, f"Queued {retried} mail(s) again", skipped, "failed or discarded")

    @admin.action(description="Discard (do not send)", permissions=["manage"])
    def discard(self, request, queryset):
        discarded = skipped = 0
        for mail in queryset.select_related("customer__site"):
            if outgoing_mail.discard(request, mail):
                discarded += 1
            else:
                skipped += 1
        self.report(request, f"Discarded {discarded} mail(s)", skipped, "queued or failed")

    def report(self, request, done: str, skipped: int, needed: str):
        suffix = f"; {skipped} left alone (only {needed} mails can be)" if skipped else ""
        self.message_user(request, f"{done}{suffix}.", messages.SUCCESS)
