"""Staff users as the principals behind tokens: an agent token and an on-behalf-of token
both name one, and both stop working when it is no longer an active staff user."""

from django.contrib.auth import get_user_model

from shopsite.api import faults


def active_staff_user(user_id):
    """The active staff user an agent token or an on-behalf-of token names, or the fault."""
    user = (
        get_user_model().objects.filter(pk=user_id, is_active=True, is_staff=True).first()
        if str(user_id).isdigit()
        else None
    )
    if user is None:
        raise faults.InvalidAccessToken()
    return user
