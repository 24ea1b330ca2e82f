"""Password checks shared by every login: a customer's credentials, a staff user's OAuth
grant."""

from django.contrib.auth.hashers import make_password


def spend_password_check(password: str) -> None:
    """Hash ``password`` once, as checking it against a stored hash would: a login that
    fails without a check (unknown, locked, disabled) must take as long as a wrong one."""
    make_password(password)
