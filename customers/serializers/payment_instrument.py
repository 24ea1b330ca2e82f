"""``customer_payment_instrument`` (response) and ``customer_payment_instrument_request``.

The request carries the full card, bank account and gift certificate numbers, or a
payment provider's ``credit_card_token`` instead of the card number; the response never
carries any of them: only ``masked_number``, ``number_last_digits`` and
``gift_certificate_code_masked``, as the documentation's samples show.
"""

import re

from rest_framework import serializers

from customers import payments
from customers.models import CustomerPaymentInstrument
from customers.serializers.embedded import EmbeddedDocumentSerializer
from shopsite.api import faults
from shopsite.api.serializers import (
    OcapiDocumentSerializer,
    OcapiRequestSerializer,
    StrictCharField,
    StrictIntegerField,
)

MIN_YEAR, MAX_YEAR = 1900, 9999


class PaymentCardSerializer(EmbeddedDocumentSerializer):
    document_type = "payment_card"

    card_type = serializers.CharField(read_only=True)
    credit_card_expired = serializers.BooleanField(read_only=True)
    expiration_month = serializers.IntegerField(source="card_expiration_month", read_only=True)
    expiration_year = serializers.IntegerField(source="card_expiration_year", read_only=True)
    holder = serializers.CharField(source="card_holder", read_only=True)
    issue_number = serializers.CharField(source="card_issue_number", read_only=True)
    masked_number = serializers.CharField(source="card_masked_number", read_only=True)
    number_last_digits = serializers.CharField(source="card_number_last_digits", read_only=True)
    valid_from_month = serializers.IntegerField(source="card_valid_from_month", read_only=True)
    valid_from_year = serializers.IntegerField(source="card_valid_from_year", read_only=True)


class PaymentBankAccountSerializer(EmbeddedDocumentSerializer):
    document_type = "payment_bank_account"

    drivers_license_last_digits = serializers.CharField(
        source="bank_account_drivers_license_last_digits", read_only=True
    )
    drivers_license_state_code = serializers.CharField(
        source="bank_account_drivers_license_state_code", read_only=True
    )
    holder = serializers.CharField(source="bank_account_holder", read_only=True)
    masked_drivers_license = serializers.CharField(
        source="bank_account_masked_drivers_license", read_only=True
    )
    masked_number = serializers.CharField(source="bank_account_masked_number", read_only=True)
    number_last_digits = serializers.CharField(
        source="bank_account_number_last_digits", read_only=True
    )


class CustomerPaymentInstrumentSerializer(OcapiDocumentSerializer):
    """OCAPI ``customer_payment_instrument``: read-only, secrets masked.

    ``uuid`` repeats ``payment_instrument_id``, as the documentation's sample shows (the
    id is the instrument's UUID in Commerce Cloud).

    The masked gift certificate code goes out under two names: the documentation's
    samples call it ``gift_certificate_code_masked``, the Shop API schema (and so the
    ``commercecloud-ocapi-client`` SDK generated from it) ``masked_gift_certificate_code``.
    A storefront reading either finds it.
    """

    document_type = "customer_payment_instrument"
    custom_attributes_field = "custom"

    masked_gift_certificate_code = serializers.CharField(
        source="gift_certificate_code_masked", read_only=True
    )
    payment_card = PaymentCardSerializer(source="*", read_only=True)
    payment_bank_account = PaymentBankAccountSerializer(source="*", read_only=True)
    uuid = serializers.CharField(source="payment_instrument_id", read_only=True)

    class Meta:
        model = CustomerPaymentInstrument
        fields = [
            "bank_routing_number",
            "creation_date",
            "gift_certificate_code_masked",
            "last_modified",
            "masked_gift_certificate_code",
            "payment_bank_account",
            "payment_card",
            "payment_instrument_id",
            "payment_method_id",
            "uuid",
        ]
        read_only_fields = fields


# --- request documents -----------------------------------------------------------------------


def _card_fault(prop: str, reason: str) -> faults.OcapiFault:
    return faults.InvalidPaymentCard(property=f"payment_card.{prop}", reason=reason)


#: A number as a payment provider shows a tokenized card: hidden digits, then the last four.
MASKED_CARD_NUMBER = re.compile(r"^\*{1,15}[0-9]{4}$")


class CustomerPaymentCardRequestSerializer(OcapiRequestSerializer):
    """OCAPI ``customer_payment_card_request``; card rules raise InvalidPaymentCard.

    A card comes with its ``number`` or, tokenized, with ``credit_card_token`` and at most
    the masked number the provider showed (``"************1111"``), which is all the
    masked fields need. Nothing else is required: the documentation requires no expiry.
    """

    document_type = "customer_payment_card_request"

    card_type = StrictCharField(required=False, allow_blank=True, max_length=256)
    credit_card_token = StrictCharField(required=False, allow_blank=True, max_length=4000)
    expiration_month = StrictIntegerField(required=False)
    expiration_year = StrictIntegerField(required=False)
    holder = StrictCharField(required=False, allow_blank=True, max_length=256)
    issue_number = StrictCharField(required=False, allow_blank=True, max_length=256)
    number = StrictCharField(required=False, allow_blank=True, max_length=4000)
    valid_from_month = StrictIntegerField(required=False)
    valid_from_year = StrictIntegerField(required=False)

    def validate(self, attrs):
        for prop in ("expiration_month", "valid_from_month"):
            if prop in attrs and not 1 <= attrs[prop] <= 12:
                raise _card_fault(prop, "a month is a number from 1 to 12")
        for prop in ("expiration_year", "valid_from_year"):
            if prop in attrs and not MIN_YEAR <= attrs[prop] <= MAX_YEAR:
                raise _card_fault(prop, "a year has four digits")
        if "number" in attrs:
            attrs["number"] = payments.normalize_card_number(attrs["number"])
        return attrs


class PaymentBankAccountRequestSerializer(OcapiRequestSerializer):
    document_type = "payment_bank_account_request"

    drivers_license = StrictCharField(required=False, allow_blank=True, max_length=256)
    drivers_license_state_code = StrictCharField(required=False, allow_blank=True, max_length=256)
    holder = StrictCharField(required=False, allow_blank=True, max_length=256)
    number = StrictCharField(required=False, allow_blank=True, max_length=256)


class CustomerPaymentInstrumentRequestSerializer(OcapiRequestSerializer):
    """OCAPI ``customer_payment_instrument_request``.

    The payment method must be one the shop accepts (``OCAPI["PAYMENT_METHODS"]``), and
    the data it needs must be there: a credit card needs a plausible number or a token, a
    gift certificate its code, a bank transfer an account number. A full card number is
    checked (digits; for ``CREDIT_CARD`` length and check digit) because its masked copy
    is what the customer will recognise the card by. ``create`` stores the instrument with
    its secrets, the token included, encrypted and masked.
    """

    document_type = "customer_payment_instrument_request"
    custom_attributes_field = "custom"

    bank_routing_number = StrictCharField(required=False, allow_blank=True, max_length=256)
    gift_certificate_code = StrictCharField(required=False, allow_blank=True, max_length=256)
    payment_bank_account = PaymentBankAccountRequestSerializer(required=False)
    payment_card = CustomerPaymentCardRequestSerializer(required=False)
    payment_method_id = StrictCharField(required=False, allow_blank=True, max_length=256)

    def validate_payment_method_id(self, value):
        if not value:
            raise faults.InvalidPaymentMethod("The payment method id is missing.")
        if value not in payments.known_payment_methods():
            raise faults.InvalidPaymentMethod(paymentMethodId=value)
        return value

    def validate(self, attrs):
        method = attrs.get("payment_method_id")
        if not method:
            raise faults.InvalidPaymentMethod("The payment method id is missing.")
        card = attrs.get("payment_card") or {}
        tokenized = bool(card.get("credit_card_token"))
        number = card.get("number")
        if number and tokenized and MASKED_CARD_NUMBER.match(number):
            card["masked_number"] = card.pop("number")
        elif number:
            problem = payments.card_number_problem(number, method)
            if problem:
                raise _card_fault("number", problem)
        if method == payments.CREDIT_CARD:
            if not (number or tokenized):
                raise _card_fault(
                    "number",
                    "a credit card needs payment_card.number or payment_card.credit_card_token",
                )
        elif method == payments.GIFT_CERTIFICATE and not attrs.get("gift_certificate_code"):
            raise faults.InvalidPaymentInstrument(
                property="gift_certificate_code",
                reason="a gift certificate needs gift_certificate_code",
            )
        elif method == payments.BANK_TRANSFER and not (attrs.get("payment_bank_account") or {}).get(
            "number"
        ):
            raise faults.InvalidPaymentInstrument(
                property="payment_bank_account.number",
                reason="a bank transfer needs payment_bank_account.number",
            )
        return attrs

    def create(self, validated_data):
        instrument = CustomerPaymentInstrument(customer=validated_data["customer"])
        return self.store(instrument, validated_data)

    def update(self, instance, validated_data):
        """Replace what the instrument holds with the request's (SCAPI's
        ``updateCustomerPaymentInstrument``): the same checks and encryption as a new one."""
        for field, masked_field in CustomerPaymentInstrument.SECRETS.items():
            setattr(instance, field, "")
            setattr(instance, masked_field, "")
        instance.card_token = ""
        return self.store(instance, validated_data)

    def store(self, instrument, validated_data):
        card = validated_data.get("payment_card") or {}
        bank = validated_data.get("payment_bank_account") or {}
        instrument.payment_method_id = validated_data["payment_method_id"]
        instrument.bank_routing_number = validated_data.get("bank_routing_number", "")
        instrument.card_type = card.get("card_type", "")
        instrument.card_holder = card.get("holder", "")
        instrument.card_expiration_month = card.get("expiration_month")
        instrument.card_expiration_year = card.get("expiration_year")
        instrument.card_valid_from_month = card.get("valid_from_month")
        instrument.card_valid_from_year = card.get("valid_from_year")
        instrument.card_issue_number = card.get("issue_number", "")
        instrument.bank_account_holder = bank.get("holder", "")
        instrument.bank_account_drivers_license_state_code = bank.get(
            "drivers_license_state_code", ""
        )
        instrument.custom = validated_data.get("custom", instrument.custom or {})
        for field, value in (
            ("card_number", card.get("number")),
            ("bank_account_number", bank.get("number")),
            ("bank_account_drivers_license", bank.get("drivers_license")),
            ("gift_certificate_code", validated_data.get("gift_certificate_code")),
        ):
            if value:
                instrument.set_secret(field, value)
        if card.get("credit_card_token"):
            instrument.card_token = card["credit_card_token"]
        if card.get("masked_number"):
            instrument.set_masked_card_number(card["masked_number"])
        instrument.save()
        return instrument
