"""The customer: OCAPI's ``customer`` document, guest or registered."""

from django.contrib.auth.hashers import check_password, make_password
from django.db import models, transaction
from django.db.models import F
from django.db.models.functions import Concat, Lower, Replace, Upper
from django.utils import timezone

from customers.models.ids import random_id
from customers.models.person import PersonName
from shopsite.accounts.lockout import LoginLockout
from shopsite.api import prepared_queries

#: What people write between a phone number's digits; stripped for the search column.
PHONE_SEPARATORS = " -+()./"


def phone_digits(field: str):
    """``field`` without separators (``+1 (781) 555-0100`` -> ``17815550100``), in SQL."""
    expression = F(field)
    for separator in PHONE_SEPARATORS:
        expression = Replace(expression, models.Value(separator), models.Value(""))
    return expression


def generate_customer_id() -> str:
    """OCAPI customer ids are 26 random alphanumerics (``abdtkZzH6sqInJGIHNR1yUw90A``)."""
    return random_id()


class CustomerQuerySet(models.QuerySet):
    def registered(self):
        return self.filter(is_guest=False)

    def for_site(self, site):
        return self.filter(site=site)

    def by_login(self, site, login: str):
        """Logins are case-insensitive within a site, as in Commerce Cloud."""
        return self.for_site(site).registered().filter(login__iexact=login)

    def stale_guests(self, idle_since):
        """Guests untouched since ``idle_since`` that own no basket and no order: nothing
        a storefront could still show them, so ``purge_guests`` may delete them."""
        return self.filter(
            is_guest=True,
            last_modified__lt=idle_since,
            baskets__isnull=True,
            orders__isnull=True,
        )

    def create_guest(self, site) -> "Customer":
        """A new anonymous customer of ``site``: one per guest login, OCAPI's ``type: guest``
        or SLAS's ``hint=guest``."""
        guest = self.model(site=site, is_guest=True, preferred_locale="default")
        # One per guest login, the hottest write: its INSERT compiled once per process.
        return prepared_queries.insert(guest, using=self.db)

    def create_registered(self, site, password: str | None, **profile) -> "Customer":
        """Register a customer: hashed password, saved, numbered, as one unit.

        ``password=None`` (an agent registering the customer) stores an unusable password:
        the customer logs in once it has set one through a password reset.

        A concurrent registration of the same login surfaces as ``IntegrityError`` from
        the unique constraint, with nothing stored.
        """
        customer = self.model(site=site, is_guest=False, **profile)
        customer.set_password(password)
        with transaction.atomic():
            customer.save()
            customer.assign_customer_no()
        return customer


class Customer(PersonName, LoginLockout):
    login_enabled_field = "enabled"

    class Gender(models.IntegerChoices):
        MALE = 1, "Male"
        FEMALE = 2, "Female"

    site = models.ForeignKey("ocapi.Site", on_delete=models.PROTECT, related_name="customers")
    customer_id = models.CharField(
        max_length=28, unique=True, default=generate_customer_id, editable=False
    )
    # Assigned from the primary key when a customer registers: unique and gap-tolerant,
    # and safe under concurrent registrations because the database hands out the key.
    customer_no = models.CharField(max_length=100, unique=True, null=True, blank=True)
    is_guest = models.BooleanField(default=True)

    # NULL for guests, so the unique constraint on logins ignores them.
    login = models.CharField(max_length=256, null=True, blank=True)  # noqa: DJ001
    password = models.CharField(max_length=256, blank=True, editable=False)
    email = models.EmailField(max_length=256, blank=True)

    gender = models.PositiveSmallIntegerField(choices=Gender.choices, null=True, blank=True)
    birthday = models.DateField(null=True, blank=True)
    phone_home = models.CharField(max_length=32, blank=True)
    phone_business = models.CharField(max_length=32, blank=True)
    phone_mobile = models.CharField(max_length=32, blank=True)
    fax = models.CharField(max_length=32, blank=True)
    # The three phone numbers as digits, space-separated, kept by the database itself
    # (every write path, bulk imports included): what the back office's search matches a
    # phone number against, however either side was written (customers.search).
    phone_digits = models.GeneratedField(
        expression=Concat(
            models.Value(" "),
            phone_digits("phone_home"),
            models.Value(" "),
            phone_digits("phone_business"),
            models.Value(" "),
            phone_digits("phone_mobile"),
        ),
        output_field=models.CharField(max_length=100),
        db_persist=True,
    )
    preferred_locale = models.CharField(max_length=32, blank=True)
    note = models.TextField(blank=True)
    custom = models.JSONField(default=dict, blank=True, help_text="c_* custom attributes")

    enabled = models.BooleanField(default=True)
    creation_date = models.DateTimeField(auto_now_add=True)
    last_modified = models.DateTimeField(auto_now=True)
    last_login_time = models.DateTimeField(null=True, blank=True)
    previous_login_time = models.DateTimeField(null=True, blank=True)
    last_visit_time = models.DateTimeField(null=True, blank=True)
    previous_visit_time = models.DateTimeField(null=True, blank=True)
    # When the password was last set (registration, change, reset): the customer's timeline.
    password_changed_time = models.DateTimeField(null=True, blank=True, editable=False)

    # Login protection (LoginLockout; see customers.auth.CredentialsAuthenticator).
    # Embedded in every token; bumping it (on a password change) ends every session.
    token_version = models.PositiveIntegerField(default=0, editable=False)
    # The ``jti`` of the one token of an older generation that still works: the token that
    # changed the password (``end_all_sessions(keep_jti=...)``), so the storefront that made
    # the change stays signed in while every other session ends.
    kept_token_jti = models.CharField(max_length=64, blank=True, editable=False)

    objects = CustomerQuerySet.as_manager()

    class Meta:
        ordering = ["customer_no", "pk"]
        constraints = [
            models.UniqueConstraint(
                "site",
                Lower("login"),
                condition=models.Q(login__isnull=False),
                name="customer_unique_login_per_site",
            )
        ]
        indexes = [
            models.Index(fields=["site", "email"]),
            # The back office's search for a whole email address or login (any site).
            models.Index(Upper("email"), name="customer_search_email_exact"),
            models.Index(Upper("login"), name="customer_search_login_exact"),
        ]
        permissions = [
            (
                "create_order_on_behalf_of",
                "Can act on behalf of the customer (OCAPI Create_Order_On_Behalf_Of)",
            )
        ]

    def __str__(self):
        if self.is_guest:
            return f"guest {self.customer_id}"
        return f"{self.login} ({self.customer_no})"

    # DRF treats the authenticated principal as a user; a customer behind a token is one.
    is_authenticated = True
    is_anonymous = False
    is_agent = False
    #: The staff user behind an on-behalf-of token (set by authentication), else None.
    acting_agent = None

    @property
    def auth_type(self) -> str:
        return "guest" if self.is_guest else "registered"

    @property
    def can_be_acted_on_behalf_of(self) -> bool:
        """Whether an agent may obtain an on-behalf-of token for this customer: registered
        and enabled (the admin's button and action, and the Shop API's endpoint)."""
        return not self.is_guest and self.enabled

    def set_password(self, raw_password: str) -> None:
        self.password = make_password(raw_password)
        self.password_changed_time = timezone.now()

    def check_password(self, raw_password: str) -> bool:
        def upgrade(raw):
            # A stronger hash of the same password: not a password change.
            self.password = make_password(raw)
            Customer.objects.filter(pk=self.pk).update(password=self.password)

        return check_password(raw_password, self.password, setter=upgrade)

    def assign_customer_no(self) -> None:
        """Give a newly registered customer its number (call after the first save)."""
        if not self.customer_no:
            self.customer_no = f"{self.pk:08d}"
            Customer.objects.filter(pk=self.pk).update(customer_no=self.customer_no)

    # --- login bookkeeping (failed logins: LoginLockout) ---

    def record_successful_login(self, now=None) -> None:
        now = now or timezone.now()
        self.previous_login_time, self.last_login_time = self.last_login_time, now
        self.previous_visit_time, self.last_visit_time = self.last_visit_time, now
        self.failed_login_count = 0
        self.locked_until = None
        self.save(
            update_fields=[
                "previous_login_time",
                "last_login_time",
                "previous_visit_time",
                "last_visit_time",
                "failed_login_count",
                "locked_until",
                "last_modified",
            ]
        )

    def end_all_sessions(self, *, keep_jti: str = "") -> None:
        """Make every token issued so far invalid (a single atomic UPDATE), except the one
        whose ``jti`` is ``keep_jti``: the token that changed the password keeps working
        (``customers.tokens.authenticate``). Without it, no older token survives, not even
        one kept by an earlier change."""
        Customer.objects.filter(pk=self.pk).update(
            token_version=F("token_version") + 1, kept_token_jti=keep_jti
        )
        self.refresh_from_db(fields=["token_version", "kept_token_jti"])

    def unlock(self) -> None:
        self.failed_login_count = 0
        self.locked_until = None
        self.save(update_fields=["failed_login_count", "locked_until", "last_modified"])
