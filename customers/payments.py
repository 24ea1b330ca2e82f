"""Payment data rules: which payment methods exist, what a card number looks like, masking.

Kept apart from models and serializers because the admin, the API and the demo data all
apply the same rules.
"""

from django.conf import settings

#: Characters left readable at the end of a masked number, as Commerce Cloud shows them.
VISIBLE_DIGITS = 4
CREDIT_CARD = "CREDIT_CARD"
GIFT_CERTIFICATE = "GIFT_CERTIFICATE"
BANK_TRANSFER = "BANK_TRANSFER"
CARD_NUMBER_LENGTHS = range(12, 20)


def known_payment_methods() -> frozenset[str]:
    """``OCAPI["PAYMENT_METHODS"]``: what the shop's payment processors accept."""
    return frozenset(settings.OCAPI.get("PAYMENT_METHODS", ()))


def last_digits(value: str) -> str:
    """The readable tail of a secret; nothing at all for one too short to hide a part of."""
    return value[-VISIBLE_DIGITS:] if len(value) > VISIBLE_DIGITS else ""


def mask(value: str) -> str:
    """``"gift_code7"`` → ``"******ode7"``: same length, all but the last four hidden."""
    if not value:
        return ""
    visible = last_digits(value)
    return "*" * (len(value) - len(visible)) + visible


def normalize_card_number(number: str) -> str:
    """Card numbers are typed with spaces or dashes between groups; store digits only."""
    return number.replace(" ", "").replace("-", "")


def luhn_valid(number: str) -> bool:
    """The ISO/IEC 7812 check digit every issued credit card number carries."""
    total = 0
    for index, char in enumerate(reversed(number)):
        digit = int(char)
        if index % 2 == 1:
            digit = digit * 2 - 9 if digit > 4 else digit * 2
        total += digit
    return total % 10 == 0


def card_number_problem(number: str, payment_method_id: str) -> str | None:
    """Why ``number`` (normalised) is not a plausible card number, or ``None``.

    Any method's card number is digits only. For ``CREDIT_CARD`` it must also look like an
    issued card: 12 to 19 digits with a valid Luhn check digit. Other methods (private
    label or test processors such as ``OCAPI_Payment_Simple``) use their own numbering.
    """
    if not number.isdigit() or not number.isascii():
        return "the number must contain digits only"
    if payment_method_id == CREDIT_CARD:
        if len(number) not in CARD_NUMBER_LENGTHS:
            return "a credit card number has 12 to 19 digits"
        if not luhn_valid(number):
            return "the credit card number fails the check digit test"
    elif len(number) > max(CARD_NUMBER_LENGTHS):
        return "a card number has at most 19 digits"
    return None
