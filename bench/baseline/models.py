"""Unmanaged models over shopsite's tables: the baseline reads (and, for a guest, writes) the
same rows shopsite serves, without importing any shopsite code.

Only the columns the baseline reads are declared, plus, on the customer, every column a new
row must fill (a guest login inserts one, as shopsite's does).
"""

# ruff: noqa: DJ001, DJ008 - mirrors of existing columns, never shown to anyone

import secrets
import string

from django.db import models
from django.db.models.functions import Lower

ID_ALPHABET = string.ascii_letters + string.digits


def new_customer_id() -> str:
    return "".join(secrets.choice(ID_ALPHABET) for _ in range(26))


class Customer(models.Model):
    site_id = models.BigIntegerField()
    customer_id = models.CharField(max_length=28, default=new_customer_id)
    customer_no = models.CharField(max_length=100, null=True)
    is_guest = models.BooleanField(default=True)
    login = models.CharField(max_length=256, null=True)
    password = models.CharField(max_length=256, default="")
    email = models.CharField(max_length=256, default="")
    salutation = models.CharField(max_length=256, default="")
    title = models.CharField(max_length=256, default="")
    first_name = models.CharField(max_length=256, default="")
    second_name = models.CharField(max_length=256, default="")
    last_name = models.CharField(max_length=256, default="")
    suffix = models.CharField(max_length=256, default="")
    company_name = models.CharField(max_length=256, default="")
    job_title = models.CharField(max_length=256, default="")
    gender = models.PositiveSmallIntegerField(null=True)
    birthday = models.DateField(null=True)
    phone_home = models.CharField(max_length=32, default="")
    phone_business = models.CharField(max_length=32, default="")
    phone_mobile = models.CharField(max_length=32, default="")
    fax = models.CharField(max_length=32, default="")
    preferred_locale = models.CharField(max_length=32, default="")
    note = models.TextField(default="")
    custom = models.JSONField(default=dict)
    enabled = models.BooleanField(default=True)
    creation_date = models.DateTimeField(auto_now_add=True)
    last_modified = models.DateTimeField(auto_now=True)
    last_login_time = models.DateTimeField(null=True)
    previous_login_time = models.DateTimeField(null=True)
    last_visit_time = models.DateTimeField(null=True)
    previous_visit_time = models.DateTimeField(null=True)
    failed_login_count = models.PositiveIntegerField(default=0)
    locked_until = models.DateTimeField(null=True)
    token_version = models.PositiveIntegerField(default=0)
    kept_token_jti = models.CharField(max_length=64, default="")

    class Meta:
        managed = False
        db_table = "customers_customer"

    @property
    def is_authenticated(self) -> bool:  # what DRF's IsAuthenticated asks of request.user
        return True


class Site(models.Model):
    site_id = models.CharField(max_length=64)

    class Meta:
        managed = False
        db_table = "ocapi_site"


class AddressQuerySet(models.QuerySet):
    def in_book_order(self):
        return self.order_by("-preferred", Lower("address_id"), "address_id")


class CustomerAddress(models.Model):
    customer = models.ForeignKey(Customer, models.DO_NOTHING, related_name="addresses")
    address_id = models.CharField(max_length=256)
    preferred = models.BooleanField()
    salutation = models.CharField(max_length=256)
    title = models.CharField(max_length=256)
    first_name = models.CharField(max_length=256)
    second_name = models.CharField(max_length=256)
    last_name = models.CharField(max_length=256)
    suffix = models.CharField(max_length=256)
    company_name = models.CharField(max_length=256)
    job_title = models.CharField(max_length=256)
    address1 = models.CharField(max_length=256)
    address2 = models.CharField(max_length=256)
    suite = models.CharField(max_length=32)
    post_box = models.CharField(max_length=256)
    city = models.CharField(max_length=256)
    postal_code = models.CharField(max_length=256)
    state_code = models.CharField(max_length=256)
    country_code = models.CharField(max_length=2)
    phone = models.CharField(max_length=32)

    objects = AddressQuerySet.as_manager()

    class Meta:
        managed = False
        db_table = "customers_customeraddress"

    @property
    def full_name(self) -> str:
        parts = (self.first_name, self.second_name, self.last_name, self.suffix)
        return " ".join(part for part in parts if part)


class CustomerPaymentInstrument(models.Model):
    customer = models.ForeignKey(Customer, models.DO_NOTHING, related_name="payment_instruments")
    payment_instrument_id = models.CharField(max_length=32)
    payment_method_id = models.CharField(max_length=256)
    card_type = models.CharField(max_length=256)
    card_holder = models.CharField(max_length=256)
    card_masked_number = models.CharField(max_length=32)
    card_expiration_month = models.PositiveSmallIntegerField(null=True)
    card_expiration_year = models.PositiveSmallIntegerField(null=True)
    creation_date = models.DateTimeField()
    last_modified = models.DateTimeField()

    class Meta:
        managed = False
        db_table = "customers_customerpaymentinstrument"
        ordering = ["creation_date", "pk"]
