"""One login for staff users, whichever door they come through: the admin's login form
(``agents.backends``) and the OAuth user grant (``agents.oauth``).

Both count a staff user's failures on the same ``StaffLoginState`` row, with the atomic
counter customers have (``LoginLockout.claim_login_attempt``): six failures at either door,
or at both together, lock the user out of both. Each failure costs one password hash,
whether the user is unknown, inactive, not staff, locked or gave a wrong password, so
neither the answer nor its timing tells which.

A login is complete only once its second factor, when one is asked for, has passed
(``agents.mfa``): the failure count is cleared then, not after the password alone, so a
stolen password does not reset the count that limits guessing the code.
"""

from django.contrib.auth import get_user_model

from agents.models import StaffLoginState
from shopsite.accounts.passwords import spend_password_check


def state_of(user) -> StaffLoginState:
    return StaffLoginState.objects.get_or_create(user=user)[0]


def check_password(login: str, password: str):
    """The active staff user ``login:password`` names, its attempt counted, or ``None``."""
    user = get_user_model()._default_manager.filter(username=login).first()
    if user is None or not (user.is_active and user.is_staff):
        spend_password_check(password)
        return None
    if not state_of(user).claim_login_attempt():  # locked: no password check at all
        spend_password_check(password)
        return None
    if not user.check_password(password):
        return None
    return user


def claim_attempt(user) -> bool:
    """Count an attempt at a second factor before it is checked; False when locked."""
    return state_of(user).claim_login_attempt()


def succeeded(user) -> None:
    """The whole login passed: forget the user's failed attempts."""
    state_of(user).clear_failed_logins()


def is_locked(user) -> bool:
    state = StaffLoginState.objects.filter(user=user).first()
    return state is not None and state.is_locked()
