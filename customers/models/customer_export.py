"""A staff user's customer XML export, made by a worker and downloaded later."""

from django.conf import settings
from django.db import models


class CustomerExport(models.Model):
    """The admin action "Export selected customers as Commerce Cloud XML", as a task.

    The request only records the selection and queues the task, so a large export never
    ties up a web worker; the worker writes the document here, in the database every app
    server shares (a file on one server's disk would not be found by the next request).
    Only the staff user who asked for it, or a superuser, may download it
    (``customers.impex.admin``); deleting the row deletes the document.
    """

    class Status(models.TextChoices):
        QUEUED = "queued", "Queued"
        RUNNING = "running", "Running"
        READY = "ready", "Ready"
        FAILED = "failed", "Failed"

    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="customer_exports"
    )
    customer_ids = models.JSONField(default=list, editable=False)
    customer_count = models.PositiveIntegerField(default=0)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.QUEUED)
    document = models.TextField(blank=True, editable=False)
    error = models.TextField(blank=True)
    created = models.DateTimeField(auto_now_add=True)
    finished = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created"]
        verbose_name = "customer export"

    def __str__(self):
        return f"customer export #{self.pk} ({self.customer_count} customers)"

    @property
    def filename(self) -> str:
        return f"customers-export-{self.pk}.xml"
