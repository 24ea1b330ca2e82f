"""The address book: OCAPI's ``customer_address`` documents of a registered customer."""

from django.db import models, transaction
from django.db.models import F
from django.db.models.functions import Lower

from customers.models.person import PersonName
from shopsite.api.countries import COUNTRY_CHOICES

ADDRESS_ID_MAX_LENGTH = 256
PREFERRED_CONSTRAINT = "customer_address_one_preferred"


class CustomerAddressQuerySet(models.QuerySet):
    def in_book_order(self):
        """Preferred address first, then alphabetically by id, as the address list
        documents. Case-insensitively: "Bravo" sorts between "alpha" and "zulu" whatever
        the database's collation does with case."""
        return self.order_by("-preferred", Lower("address_id"), "address_id")


class CustomerAddress(PersonName):
    """One named address of a customer.

    ``address_id`` is the name the customer gives it ("home", "work"): unique per customer
    and part of the address's URL. At most one address is ``preferred``; marking one
    clears the others (``save``), and a partial unique index keeps it so even if two
    requests race.
    """

    customer = models.ForeignKey(
        "customers.Customer", on_delete=models.CASCADE, related_name="addresses"
    )
    address_id = models.CharField("address id", max_length=ADDRESS_ID_MAX_LENGTH)
    preferred = models.BooleanField(default=False)

    address1 = models.CharField(max_length=256, blank=True)
    address2 = models.CharField(max_length=256, blank=True)
    suite = models.CharField(max_length=32, blank=True)
    post_box = models.CharField(max_length=256, blank=True)
    city = models.CharField(max_length=256, blank=True)
    postal_code = models.CharField(max_length=256, blank=True)
    state_code = models.CharField(max_length=256, blank=True)
    country_code = models.CharField(
        max_length=2, blank=True, choices=COUNTRY_CHOICES, help_text="ISO 3166-1 alpha-2, e.g. US"
    )
    phone = models.CharField(max_length=32, blank=True)
    custom = models.JSONField(default=dict, blank=True, help_text="c_* custom attributes")

    creation_date = models.DateTimeField(auto_now_add=True)
    last_modified = models.DateTimeField(auto_now=True)

    objects = CustomerAddressQuerySet.as_manager()

    class Meta:
        ordering = ["-preferred", "address_id"]
        verbose_name = "address"
        verbose_name_plural = "address book"
        constraints = [
            models.UniqueConstraint(
                fields=["customer", "address_id"], name="customer_address_unique_id"
            ),
            models.UniqueConstraint(
                fields=["customer"],
                condition=models.Q(preferred=True),
                name=PREFERRED_CONSTRAINT,
            ),
        ]
        indexes = [
            # Exactly in_book_order(): a page of a 10,000-address book reads its rows from
            # the index in order instead of sorting the whole book.
            models.Index(
                F("customer"),
                F("preferred").desc(),
                Lower("address_id"),
                F("address_id"),
                name="customer_address_book_order",
            ),
        ]

    def __str__(self):
        return self.address_id

    def save(self, *args, **kwargs):
        # Clearing the previous preferred address and saving this one are one unit, and
        # the customer row is locked first so two requests preferring different addresses
        # queue up instead of both clearing, then colliding on the unique index.
        with transaction.atomic():
            if self.preferred:
                customers = self._meta.get_field("customer").related_model.objects
                list(customers.select_for_update().filter(pk=self.customer_id).values_list("pk"))
                others = CustomerAddress.objects.filter(customer_id=self.customer_id)
                if self.pk is not None:
                    others = others.exclude(pk=self.pk)
                others.filter(preferred=True).update(preferred=False)
            super().save(*args, **kwargs)

    def get_constraints(self):
        # ``save`` resolves a second preferred address by clearing the first, so model
        # validation (admin forms) must not refuse what saving fixes.
        return [
            (model, [c for c in constraints if c.name != PREFERRED_CONSTRAINT])
            for model, constraints in super().get_constraints()
        ]
