"""Saved payment instruments: OCAPI's ``customer_payment_instrument`` documents."""

from django.db import models
from django.utils import timezone

from customers import payments
from customers.crypto import EncryptedTextField
from customers.models.ids import generate_document_id


class CustomerPaymentInstrument(models.Model):
    """A card, bank account or gift certificate a customer saved for later checkouts.

    The numbers themselves (card, bank account, driver's license, gift certificate code)
    are encrypted at rest (``customers.crypto``) and never leave the server. Beside each one
    a masked copy (``"***********1111"``) is stored when the secret is set
    (``set_secret``), so responses, lists and the admin never need to decrypt anything.

    A tokenized card has a payment provider's ``card_token`` instead of a number: as good
    as the number to whoever can charge it, so it is encrypted and never returned either.
    Its masked copy comes from the masked number the storefront got from the provider, if
    it sent one (``set_masked_card_number``).
    """

    #: Encrypted field → the masked copy stored beside it.
    SECRETS = {
        "card_number": "card_masked_number",
        "bank_account_number": "bank_account_masked_number",
        "bank_account_drivers_license": "bank_account_masked_drivers_license",
        "gift_certificate_code": "gift_certificate_code_masked",
    }

    customer = models.ForeignKey(
        "customers.Customer", on_delete=models.CASCADE, related_name="payment_instruments"
    )
    payment_instrument_id = models.CharField(
        max_length=32, unique=True, default=generate_document_id, editable=False
    )
    payment_method_id = models.CharField(max_length=256)

    card_type = models.CharField(max_length=256, blank=True)
    card_holder = models.CharField(max_length=256, blank=True)
    card_number = EncryptedTextField(blank=True, editable=False)
    card_masked_number = models.CharField(max_length=32, blank=True, editable=False)
    card_token = EncryptedTextField(
        blank=True, editable=False, help_text="A payment provider's token for the card."
    )
    card_expiration_month = models.PositiveSmallIntegerField(null=True, blank=True)
    card_expiration_year = models.PositiveSmallIntegerField(null=True, blank=True)
    card_valid_from_month = models.PositiveSmallIntegerField(null=True, blank=True)
    card_valid_from_year = models.PositiveSmallIntegerField(null=True, blank=True)
    card_issue_number = models.CharField(max_length=256, blank=True)

    bank_routing_number = models.CharField(max_length=256, blank=True)
    bank_account_holder = models.CharField(max_length=256, blank=True)
    bank_account_number = EncryptedTextField(blank=True, editable=False)
    bank_account_masked_number = models.CharField(max_length=256, blank=True, editable=False)
    bank_account_drivers_license = EncryptedTextField(blank=True, editable=False)
    bank_account_masked_drivers_license = models.CharField(
        max_length=256, blank=True, editable=False
    )
    bank_account_drivers_license_state_code = models.CharField(max_length=256, blank=True)

    gift_certificate_code = EncryptedTextField(blank=True, editable=False)
    gift_certificate_code_masked = models.CharField(max_length=256, blank=True, editable=False)

    custom = models.JSONField(default=dict, blank=True, help_text="c_* custom attributes")
    creation_date = models.DateTimeField(auto_now_add=True)
    last_modified = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["creation_date", "pk"]
        verbose_name = "payment instrument"

    def __str__(self):
        masked = self.card_masked_number or self.bank_account_masked_number
        masked = masked or self.gift_certificate_code_masked
        return f"{self.payment_method_id} {masked}".strip()

    def set_secret(self, field: str, plaintext: str) -> None:
        """Set an encrypted field and its masked copy together (encryption happens on save)."""
        masked_field = self.SECRETS[field]
        setattr(self, field, plaintext)
        setattr(self, masked_field, payments.mask(plaintext))

    def set_masked_card_number(self, masked: str) -> None:
        """A tokenized card's number as the provider showed it (``"************1111"``):
        there is no secret to store, only the masked copy."""
        self.card_number = ""
        self.card_masked_number = masked

    # Last digits are the readable tail of the masked copy: no decryption needed.
    @property
    def card_number_last_digits(self) -> str:
        return payments.last_digits(self.card_masked_number)

    @property
    def bank_account_number_last_digits(self) -> str:
        return payments.last_digits(self.bank_account_masked_number)

    @property
    def bank_account_drivers_license_last_digits(self) -> str:
        return payments.last_digits(self.bank_account_masked_drivers_license)

    def is_card_expired(self, today=None) -> bool:
        """A card is good through the last day of its expiration month."""
        if not self.card_expiration_year or not self.card_expiration_month:
            return False
        today = today or timezone.localdate()
        return (self.card_expiration_year, self.card_expiration_month) < (today.year, today.month)

    @property
    def credit_card_expired(self) -> bool:
        return self.is_card_expired()
