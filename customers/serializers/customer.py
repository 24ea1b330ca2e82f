"""The ``customer`` document and the ``customer_registration`` request."""

from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.validators import validate_email
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from customers.models import Customer, CustomerAddress, CustomerPaymentInstrument
from customers.serializers.address import CustomerAddressSerializer
from customers.serializers.payment_instrument import CustomerPaymentInstrumentSerializer
from shopsite.api import faults
from shopsite.api.prepared_queries import PreparedQuery
from shopsite.api.serializers import (
    OcapiDocumentSerializer,
    OcapiRequestSerializer,
    StrictCharField,
)

# What a guest's document shows: a guest has no profile yet.
GUEST_PROPERTIES = frozenset({"_type", "auth_type", "customer_id", "preferred_locale"})

# ``expand`` values → the documents each embeds: one query per expanded list, whatever its
# length, compiled once per process (every expanded read runs them).
EXPANSIONS = {
    "addresses": PreparedQuery(
        lambda customer_pk: CustomerAddress.objects.filter(customer_id=customer_pk).in_book_order(),
        customer_pk=int,
    ),
    "paymentinstruments": PreparedQuery(
        lambda customer_pk: CustomerPaymentInstrument.objects.filter(customer_id=customer_pk),
        customer_pk=int,
    ),
}


def check_login(site, login, *, exclude_pk=None) -> str:
    """Acceptance criteria of a login: 1..256 characters, no surrounding or control whitespace."""
    if login is None or login == "":
        raise faults.MissingLogin()
    if login != login.strip() or any(ch in login for ch in "\t\r\n\x00") or len(login) > 256:
        raise faults.InvalidLogin(
            reason="1 to 256 characters without leading, trailing or control whitespace"
        )
    taken = Customer.objects.by_login(site, login)
    if exclude_pk is not None:
        taken = taken.exclude(pk=exclude_pk)
    if taken.exists():
        raise faults.LoginAlreadyInUse()
    return login


def check_email(email) -> str:
    if email is None or email == "":
        raise faults.MissingEmail()
    try:
        validate_email(email)
    except DjangoValidationError:
        raise faults.InvalidEmail(email=email) from None
    return email


def check_password(password, customer) -> str:
    if password is None or password == "":
        raise faults.MissingPassword()
    try:
        password_validation.validate_password(password, user=customer)
    except DjangoValidationError as exc:
        raise faults.InvalidPassword(reason=" ".join(exc.messages)) from None
    return password


class CustomerSerializer(OcapiDocumentSerializer):
    """OCAPI ``customer``. Writable properties are those a customer may change (PATCH)."""

    document_type = "customer"
    custom_attributes_field = "custom"
    state_excludes = frozenset({"addresses", "payment_instruments"})

    auth_type = serializers.CharField(read_only=True)
    # Embedded only when asked for (``expand=addresses,paymentinstruments``).
    addresses = serializers.SerializerMethodField()
    payment_instruments = serializers.SerializerMethodField()
    # Plain strings here: their checks raise the documented faults (see validate_*).
    login = StrictCharField(required=False, allow_blank=True, trim_whitespace=False)
    email = StrictCharField(required=False, allow_blank=True)
    last_name = StrictCharField(required=False, allow_blank=True, max_length=256)

    class Meta:
        model = Customer
        fields = [
            "addresses",
            "auth_type",
            "birthday",
            "company_name",
            "creation_date",
            "customer_id",
            "customer_no",
            "email",
            "enabled",
            "fax",
            "first_name",
            "gender",
            "job_title",
            "last_login_time",
            "last_modified",
            "last_name",
            "last_visit_time",
            "login",
            "note",
            "payment_instruments",
            "phone_business",
            "phone_home",
            "phone_mobile",
            "preferred_locale",
            "previous_login_time",
            "previous_visit_time",
            "salutation",
            "second_name",
            "suffix",
            "title",
        ]
        read_only_fields = [
            "creation_date",
            "customer_id",
            "customer_no",
            "enabled",
            "last_login_time",
            "last_modified",
            "last_visit_time",
            "previous_login_time",
            "previous_visit_time",
        ]

    def _embedded(self, expand_value, serializer_class, customer):
        if expand_value not in self.context.get("expand", ()):
            return None
        documents = EXPANSIONS[expand_value](customer_pk=customer.pk)
        context = {**self.context, "embedded": True}
        return serializer_class(documents, many=True, context=context).data

    @extend_schema_field(CustomerAddressSerializer(many=True))
    def get_addresses(self, customer):
        return self._embedded("addresses", CustomerAddressSerializer, customer)

    @extend_schema_field(CustomerPaymentInstrumentSerializer(many=True))
    def get_payment_instruments(self, customer):
        return self._embedded("paymentinstruments", CustomerPaymentInstrumentSerializer, customer)

    def to_representation(self, instance):
        if instance.is_guest:
            return GuestCustomerSerializer(instance, context=self.context).data
        return super().to_representation(instance)

    def validate_login(self, value):
        return check_login(self.context["request"].site, value, exclude_pk=self.instance.pk)

    def validate_email(self, value):
        return check_email(value)

    def validate_last_name(self, value):
        if not value:
            raise faults.MissingLastName()
        return value


class GuestCustomerSerializer(OcapiDocumentSerializer):
    """A guest's ``customer`` document: a guest has no profile yet, and its document no
    ``_resource_state`` (nothing of it can be changed)."""

    document_type = "customer"
    include_resource_state = False
    auth_type = serializers.CharField(read_only=True)

    class Meta:
        model = Customer
        fields = sorted(GUEST_PROPERTIES - {"_type"})
        read_only_fields = fields


class CustomerRegistrationSerializer(OcapiRequestSerializer):
    """OCAPI ``customer_registration``: ``{"password": ..., "customer": {...}}``.

    With ``by_agent`` in the context (an agent token) the password must be absent.
    """

    document_type = "customer_registration"

    password = StrictCharField(
        required=False, allow_blank=True, trim_whitespace=False, max_length=4096
    )
    customer = serializers.DictField()

    def validate(self, attrs):
        site = self.context["request"].site
        profile = CustomerSerializer(
            data=attrs["customer"], partial=True, context={**self.context, "registration": True}
        )
        # The documented faults, in the documented order, before generic property checks.
        data = attrs["customer"]
        check_login(site, data.get("login"))
        check_email(data.get("email"))
        if not data.get("last_name"):
            raise faults.MissingLastName()
        profile.instance = Customer(site=site)
        profile.is_valid(raise_exception=True)
        profile.instance = None
        if self.context.get("by_agent"):
            # The documentation: "When using OAuth the password in the request must not be
            # set"; the customer sets one later (password reset).
            if attrs.get("password") is not None:
                raise faults.InvalidPassword(reason="an agent registers customers without one.")
            attrs["password"] = None
        else:
            candidate = Customer(site=site, **profile.validated_data)
            check_password(attrs.get("password"), candidate)
        attrs["profile"] = profile.validated_data
        return attrs
