"""The admin action "Export selected customers as Commerce Cloud XML".

For the handful of customers staff pick in the changelist; whole customer bases go
through ``manage.py export_customers``, which streams. A selection above
``ADMIN_EXPORT_LIMIT`` is refused with a message pointing there, so a click on "select
all" cannot tie up a web worker.

Exporting is reading, so the view permission is enough; but it hands personal data out of
the system in bulk, so each exported customer is written to the agents' audit log, like
every other back-office action on a customer.
"""

from django.contrib import admin, messages
from django.db import transaction
from django.http import HttpResponse

from customers.impex.exporter import xml_chunks
from shopsite.accounts import audit

ADMIN_EXPORT_LIMIT = 1000


@admin.action(description="Export selected customers as Commerce Cloud XML", permissions=["view"])
def export_as_commerce_cloud_xml(modeladmin, request, queryset):
    selected = queryset.count()
    if selected > ADMIN_EXPORT_LIMIT:
        modeladmin.message_user(
            request,
            f"{selected} customers are more than the admin exports at once "
            f"({ADMIN_EXPORT_LIMIT}): use manage.py export_customers.",
            messages.ERROR,
        )
        return None
    document = "".join(xml_chunks(queryset))
    with transaction.atomic():
        for customer in queryset.select_related("site"):
            audit.record_admin_action(request, customer, "Exported as Commerce Cloud XML")
    response = HttpResponse(document, content_type="application/xml; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="customers.xml"'
    return response
