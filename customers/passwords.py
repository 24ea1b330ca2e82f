"""What every change of a customer's password does, whichever way it comes.

Three paths change a password: ``PUT /customers/{id}/password`` (through the
``dw.ocapi.shop.customer.putPassword`` default hook), ``POST /customers/password/actions/
reset`` and the ``reset_password`` command. They share these functions so that none of
them forgets a consequence: the old password's sessions end, outstanding reset links die,
and a lockout earned by someone guessing the old password is lifted.
"""

from django.db import transaction

from customers.models import Customer
from customers.password_reset import PasswordResetTokenGenerator, default_token_generator
from customers.serializers.customer import check_password


def set_new_password(customer: Customer, raw_password: str) -> None:
    """Store ``raw_password`` (hashed), lift any lockout, void outstanding reset tokens.

    Ending the customer's sessions is left to the caller, because a project may replace
    how the password is stored (the ``putPassword`` hook) but sessions must end anyway.
    """
    customer.set_password(raw_password)
    customer.failed_login_count = 0
    customer.locked_until = None
    customer.save(
        update_fields=[
            "password",
            "password_changed_time",
            "failed_login_count",
            "locked_until",
            "last_modified",
        ]
    )
    default_token_generator.invalidate(customer)


def reset_password(
    customer: Customer | None,
    token: str,
    new_password: str | None,
    *,
    generator: PasswordResetTokenGenerator = default_token_generator,
) -> None:
    """Set a new password with a reset token: the one path the API and the command share.

    Checks the token (``InvalidResetTokenException``/``ExpiredResetTokenException``), then
    the password against Django's validators (``MissingPasswordException``/
    ``InvalidPasswordException``), and only then changes anything, in one transaction: a
    bad token or a weak password leaves the token usable and the old password in place.
    ``customer`` is ``None`` for an unknown login, which fails like a wrong token.
    """
    with transaction.atomic():
        generator.verified(customer, token)
        check_password(new_password, customer)
        generator.consume(customer, token)
        set_new_password(customer, new_password)
        customer.end_all_sessions()
