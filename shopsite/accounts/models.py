"""What the accounts app stores: the audit log of agent activity.

Below customers and agents both: customers' views and admin record what agents do to
customers, and the agents app shows the log. (The lockout is an abstract model,
``shopsite.accounts.lockout``, with no table of its own.)
"""

from django.conf import settings
from django.db import models


class AgentAuditEntry(models.Model):
    """One thing an agent did to a customer: an on-behalf-of token issued, a write made with
    an agent or on-behalf-of token, or a back-office action; or a change to a staff user's
    login security (MFA enrolled or reset, a recovery code used, a lockout lifted), with the
    staff user it concerns in ``description``.

    Never holds a token, a secret or a request body: who, whom, what, when and how it
    ended. Names are copied (``agent_login``, ``customer_ref``) so an entry stays readable
    after the user or the customer is deleted.
    """

    class Action(models.TextChoices):
        OBO_TOKEN = "obo_token", "On-behalf-of token issued"
        API_WRITE = "api_write", "API write"
        ADMIN = "admin", "Back-office action"
        STAFF_SECURITY = "staff_security", "Staff login security"

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
    # How staff name the customer: "login (customer no)", or "guest" (customer_ref then
    # holds the random id).
    customer_label = models.CharField("customer", max_length=512, blank=True)
    site_id = models.CharField(max_length=64, blank=True)
    client_id = models.CharField(max_length=64, blank=True)
    action = models.CharField(max_length=16, choices=Action.choices)
    via = models.CharField(max_length=16, choices=Via.choices)
    description = models.CharField(max_length=256, blank=True)
    method = models.CharField(max_length=8, blank=True)
    path = models.CharField(max_length=512, blank=True)
    status_code = models.PositiveSmallIntegerField(null=True, blank=True)

    class Meta:
        # Created by the agents app, where the model started: the table kept its name.
        db_table = "agents_agentauditentry"
        ordering = ["-created", "-pk"]
        verbose_name = "agent audit entry"
        verbose_name_plural = "agent audit log"
        # view_agentauditentry reads one's own entries; this, everyone's (supervisors).
        permissions = [("view_all_agentauditentry", "Can read every agent's audit entries")]
        indexes = [
            models.Index(fields=["agent", "created"]),
            models.Index(fields=["customer", "created"]),
        ]

    def __str__(self):
        return f"{self.agent_login}: {self.get_action_display()} ({self.customer_ref})"
