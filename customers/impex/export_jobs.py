"""Running a ``CustomerExport``: the worker's side of the admin's customer XML export."""

from django.utils import timezone

from customers.impex.exporter import xml_chunks
from customers.models import Customer, CustomerExport

Status = CustomerExport.Status


def run(export_id: int) -> str:
    """Write export ``export_id``'s document if it is still queued; its new status.

    Claimed with a conditional UPDATE, so a duplicate task does nothing. Customers deleted
    since the selection are simply absent from the document.
    """
    claimed = CustomerExport.objects.filter(pk=export_id, status=Status.QUEUED).update(
        status=Status.RUNNING
    )
    if not claimed:
        return "not queued"
    export = CustomerExport.objects.get(pk=export_id)
    try:
        document = "".join(xml_chunks(Customer.objects.filter(pk__in=export.customer_ids)))
    except Exception as exc:
        export.status, export.error = Status.FAILED, f"{type(exc).__name__}: {exc}"[:1000]
    else:
        export.status, export.document = Status.READY, document
    export.finished = timezone.now()
    export.save(update_fields=["status", "document", "error", "finished"])
    return export.status
