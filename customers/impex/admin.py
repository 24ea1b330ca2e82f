"""The admin action "Export selected customers as Commerce Cloud XML", and the page of
"Customer exports" where the staff user downloads the result.

For the customers staff pick in the changelist; whole customer bases go through
``manage.py export_customers``, which streams. The action records the selection and queues
a task (``customers.tasks.export_customers``) in the same transaction, so the request
answers at once; a worker writes the document into the ``CustomerExport`` row. Only the
staff user who asked, or a superuser, sees and downloads it. A selection above
``ADMIN_EXPORT_LIMIT`` is refused with a message pointing to the command.

Exporting is reading, so the view permission is enough; but it hands personal data out of
the system in bulk, so each exported customer is written to the agents' audit log when the
export is queued, like every other back-office action on a customer.
"""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils.html import format_html

from customers import task_queue, tasks
from customers.models import CustomerExport
from customers.permissions import VIEW_CUSTOMER
from shopsite.accounts import audit

ADMIN_EXPORT_LIMIT = 1000
#: After customers waiting for their reset mail (10) and bulk mailings (0).
EXPORT_PRIORITY = -10


@admin.action(description="Export selected customers as Commerce Cloud XML", permissions=["view"])
def export_as_commerce_cloud_xml(modeladmin, request, queryset):
    selected = list(queryset.order_by("pk").values_list("pk", flat=True)[: ADMIN_EXPORT_LIMIT + 1])
    if len(selected) > ADMIN_EXPORT_LIMIT:
        modeladmin.message_user(
            request,
            f"{queryset.count()} customers are more than the admin exports at once "
            f"({ADMIN_EXPORT_LIMIT}): use manage.py export_customers.",
            messages.ERROR,
        )
        return None
    with transaction.atomic():
        export = CustomerExport.objects.create(
            requested_by=request.user, customer_ids=selected, customer_count=len(selected)
        )
        task_queue.enqueue(tasks.export_customers, export.pk, priority=EXPORT_PRIORITY)
        for customer in queryset.select_related("site"):
            audit.record_admin_action(
                request, customer, f"Exported as Commerce Cloud XML (export #{export.pk})"
            )
    modeladmin.message_user(
        request,
        format_html(
            'Export #{} of {} customer(s) queued: download it from <a href="{}">Customer '
            "exports</a> when it is ready.",
            export.pk,
            len(selected),
            reverse("admin:customers_customerexport_changelist"),
        ),
        messages.SUCCESS,
    )
    return None


@admin.register(CustomerExport)
class CustomerExportAdmin(admin.ModelAdmin):
    """Read-only: each staff user sees (and may delete) their own exports; superusers all."""

    list_display = ["__str__", "requested_by", "status", "created", "finished", "download"]
    list_filter = ["status"]
    readonly_fields = ["requested_by", "customer_count", "status", "error", "created", "finished"]
    fields = readonly_fields

    def get_queryset(self, request):
        exports = super().get_queryset(request).defer("document", "customer_ids")
        return exports if request.user.is_superuser else exports.filter(requested_by=request.user)

    def has_module_permission(self, request):
        return request.user.is_active and request.user.has_perm(VIEW_CUSTOMER)

    def has_view_permission(self, request, obj=None):
        return self.has_module_permission(request) and (obj is None or self.may_read(request, obj))

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return self.has_view_permission(request, obj)

    @staticmethod
    def may_read(request, export) -> bool:
        return request.user.is_superuser or export.requested_by_id == request.user.pk

    @admin.display(description="Download")
    def download(self, export):
        if export.status != CustomerExport.Status.READY:
            return "-"
        url = reverse("admin:customers_customerexport_download", args=[export.pk])
        return format_html('<a href="{}">{}</a>', url, export.filename)

    def get_urls(self):
        download = self.admin_site.admin_view(self.download_view)
        return [
            path("<int:export_id>/download/", download, name="customers_customerexport_download"),
            *super().get_urls(),
        ]

    def download_view(self, request, export_id):
        export = get_object_or_404(CustomerExport, pk=export_id)
        if not self.has_view_permission(request, export):
            raise PermissionDenied
        if export.status != CustomerExport.Status.READY:
            raise Http404("This export is not ready.")
        response = HttpResponse(export.document, content_type="application/xml; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{export.filename}"'
        return response
