"""The password reset mail: its link and its rendering (``templates/mail/password_reset*``).

Built by the worker at send time, from the token kept encrypted on the ``OutgoingMail``
row; the link exists only in the message handed to the mail backend.
"""

from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string

from customers.models import Customer
from customers.password_reset import default_token_generator


def password_reset_url(customer: Customer, reset_token: str) -> str:
    """``OCAPI["PASSWORD_RESET_URL"]`` with the ``login`` and ``token`` the reset needs."""
    parts = urlsplit(settings.OCAPI["PASSWORD_RESET_URL"])
    query = [*parse_qsl(parts.query), ("login", customer.login or ""), ("token", reset_token)]
    return urlunsplit(parts._replace(query=urlencode(query)))


def password_reset_mail(
    customer: Customer, reset_token: str, *, to: str | None = None
) -> EmailMultiAlternatives:
    """The reset mail to ``to`` (the customer's address by default)."""
    context = {
        "customer": customer,
        "site": customer.site,
        "reset_token": reset_token,
        "reset_url": password_reset_url(customer, reset_token),
        "expires_in_minutes": default_token_generator.lifetime_minutes,
    }
    subject = " ".join(render_to_string("mail/password_reset_subject.txt", context).split())
    message = EmailMultiAlternatives(
        subject=subject,
        body=render_to_string("mail/password_reset.txt", context),
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[to or customer.email],
    )
    message.attach_alternative(render_to_string("mail/password_reset.html", context), "text/html")
    return message
