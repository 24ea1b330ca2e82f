"""What shopsite has promised to mail, and how far it got (``OutgoingMail``)."""

from django.conf import settings
from django.db import models

from customers.crypto import EncryptedTextField


class OutgoingMail(models.Model):
    """One mail to one customer, from the moment it is promised until it is delivered,
    failed for good, superseded or discarded.

    The row is written in the transaction that makes the promise (a reset token and its
    mail commit together or not at all), and a worker moves it forward by conditional
    UPDATEs on ``status``, so two workers never both send it (``customers.outgoing_mail``).

    A reset mail's link holds the raw reset token, which only exists when the token is
    issued (the database keeps its SHA-256 digest). It is kept here encrypted
    (``customers.crypto``, the payment data key) until the mail reaches a final state, then
    wiped: the link is built only at send time, never stored, and neither it nor the token
    is shown anywhere (the admin lists status, attempts, last error and customer).
    """

    class Kind(models.TextChoices):
        PASSWORD_RESET = "password_reset", "Password reset"

    class Status(models.TextChoices):
        QUEUED = "queued", "Queued"
        SENDING = "sending", "Sending"
        DELIVERED = "delivered", "Delivered"
        FAILED = "failed", "Failed"
        SUPERSEDED = "superseded", "Superseded"
        DISCARDED = "discarded", "Discarded"

    #: States a worker may still act on; the others are final.
    PENDING = (Status.QUEUED, Status.SENDING)

    kind = models.CharField(max_length=32, choices=Kind.choices, default=Kind.PASSWORD_RESET)
    customer = models.ForeignKey(
        "customers.Customer", on_delete=models.CASCADE, related_name="outgoing_mails"
    )
    recipient = models.EmailField(max_length=256)  # as Customer.email
    reset_token = models.ForeignKey(
        "customers.PasswordResetToken",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="mails",
    )
    secret = EncryptedTextField(blank=True, editable=False)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.QUEUED)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.TextField(blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text="The staff user who asked for it (admin action); empty for the API.",
    )
    priority = models.SmallIntegerField(default=0)
    task_id = models.CharField(max_length=64, blank=True, editable=False)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    delivered_at = models.DateTimeField(null=True, blank=True)
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created"]
        verbose_name = "outgoing mail"
        verbose_name_plural = "outgoing mail"
        indexes = [
            models.Index(fields=["status", "updated"]),
            models.Index(fields=["customer", "kind", "status"]),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} mail #{self.pk} to {self.recipient}"

    @property
    def message_id(self) -> str:
        """The mail's Message-ID: the same on every attempt, so a receiver can drop the
        duplicate a worker killed between the SMTP answer and its commit would resend."""
        return f"<outgoing-mail-{self.pk}@shopsite>"
