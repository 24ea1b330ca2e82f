"""What the agents app stores: staff login lockout and the audit log of agent activity."""

from django.conf import settings
from django.db import models

from customers.models.lockout import LoginLockout


class StaffLoginState(LoginLockout):
    """A staff user's failed OAuth logins, counted and locked exactly as a customer's are.

    A separate row rather than columns on ``auth.User``, so the project keeps Django's
    user model; created on an active staff user's first OAuth login.
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="login_state",
    )

    class Meta:
        verbose_name = "staff login state"

    def __str__(self):
        return f"login state of {self.user}"


class AgentAuditEntry(models.Model):
    """One thing an agent did to a customer: an on-behalf-of token issued, a write made with
    an agent or on-behalf-of token, or a back-office action.

    Never holds a token, a secret or a request body: who, whom, what, when and how it
    ended. Names are copied (``agent_login``, ``customer_ref``) so an entry stays readable
    after the user or the customer is deleted.
    """

    class Action(models.TextChoices):
        OBO_TOKEN = "obo_token", "On-behalf-of token issued"
        API_WRITE = "api_write", "API write"
        ADMIN = "admin", "Back-office action"

    class Via(models.TextChoices):
        AGENT_TOKEN = "agent_token", "Agent token"
        OBO_TOKEN = "obo_token", "On-behalf-of token"
        ADMIN = "admin", "Admin"

    created = models.DateTimeField(auto_now_add=True, db_index=True)
    agent = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="agent_audit_entries",
    )
    agent_login = models.CharField(max_length=150)
    customer = models.ForeignKey(
        "customers.Customer",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="agent_audit_entries",
    )
    customer_ref = models.CharField("customer id", max_length=256, blank=True)
    site_id = models.CharField(max_length=64, blank=True)
    client_id = models.CharField(max_length=64, blank=True)
    action = models.CharField(max_length=16, choices=Action.choices)
    via = models.CharField(max_length=16, choices=Via.choices)
    description = models.CharField(max_length=256, blank=True)
    method = models.CharField(max_length=8, blank=True)
    path = models.CharField(max_length=512, blank=True)
    status_code = models.PositiveSmallIntegerField(null=True, blank=True)

    class Meta:
        ordering = ["-created", "-pk"]
        verbose_name = "agent audit entry"
        verbose_name_plural = "agent audit log"
        indexes = [
            models.Index(fields=["agent", "created"]),
            models.Index(fields=["customer", "created"]),
        ]

    def __str__(self):
        return f"{self.agent_login}: {self.get_action_display()} ({self.customer_ref})"
