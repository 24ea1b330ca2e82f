"""Notes staff keep on a customer: a history, never rewritten."""

from django.conf import settings
from django.db import models

MAX_NOTE_LENGTH = 4000


class CustomerNote(models.Model):
    """One note an agent wrote about a customer ("called about order 00000042, refund
    promised"). Append-only: the admin adds notes and offers no way to change or delete
    one, so the history says who wrote what, when. The author's name is copied so a note
    stays readable after the staff user is deleted.

    Not OCAPI's ``note`` property of the customer document (one text the API may
    overwrite): that stays as it is.
    """

    customer = models.ForeignKey(
        "customers.Customer", on_delete=models.CASCADE, related_name="notes"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="customer_notes",
    )
    author_name = models.CharField(max_length=150)
    created = models.DateTimeField(auto_now_add=True)
    text = models.TextField(max_length=MAX_NOTE_LENGTH)

    class Meta:
        ordering = ["-created", "-pk"]
        indexes = [models.Index(fields=["customer", "created"])]

    def __str__(self):
        return f"note by {self.author_name} on {self.created:%Y-%m-%d %H:%M}"
