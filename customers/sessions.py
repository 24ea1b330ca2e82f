"""Storefront sessions: the ``dwsid``/``dwsecuretoken_*`` cookies of Commerce Cloud.

A storefront session is a Django session (database-backed, so any app server can read it)
that names a customer and holds a random secure token. ``POST /sessions`` turns a customer
JWT into such a session and sets both cookies; ``POST /customers/auth`` with
``type: session`` turns the cookies back into a JWT. The secure token cookie is bound to
the site, as Commerce Cloud's cookie name carries a site-specific suffix.
"""

import hashlib
import secrets

from django.conf import settings
from django.contrib.sessions.backends.db import SessionStore

SESSION_COOKIE = "dwsid"
SECURE_COOKIE_PREFIX = "dwsecuretoken_"
CUSTOMER_KEY = "ocapi_customer_id"
SITE_KEY = "ocapi_site_id"
SECURE_TOKEN_KEY = "ocapi_secure_token"  # noqa: S105 - a session key name


def secure_cookie_name(site) -> str:
    return SECURE_COOKIE_PREFIX + hashlib.sha256(site.site_id.encode()).hexdigest()[:32]


def start(customer, response) -> SessionStore:
    """Create a session for ``customer`` and set its cookies on ``response``."""
    session = SessionStore()
    session[CUSTOMER_KEY] = customer.customer_id
    session[SITE_KEY] = customer.site.site_id
    session[SECURE_TOKEN_KEY] = secrets.token_urlsafe(32)
    session.create()
    cookie = {
        "max_age": settings.SESSION_COOKIE_AGE,
        "secure": settings.SESSION_COOKIE_SECURE,
        "httponly": True,
        "samesite": "Lax",
    }
    response.set_cookie(SESSION_COOKIE, session.session_key, **cookie)
    response.set_cookie(secure_cookie_name(customer.site), session[SECURE_TOKEN_KEY], **cookie)
    return session


def load(request) -> SessionStore | None:
    """The storefront session named by the request's ``dwsid`` cookie, if it is live."""
    key = request.COOKIES.get(SESSION_COOKIE)
    if not key:
        return None
    session = SessionStore(session_key=key)
    if not session.exists(key) or session.get(SITE_KEY) != request.site.site_id:
        return None
    return session
