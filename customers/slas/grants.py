"""Authorization codes and refresh tokens: issuing, redeeming (single use), revoking, and
the token response every SLAS grant answers with.

Codes live ``SCAPI["AUTHORIZATION_CODE_SECONDS"]``; refresh tokens 30 days for guests and
90 for registered shoppers (``SCAPI[...REFRESH_TOKEN_DAYS]``), each redemption issuing the
next of the same family with a fresh lifetime. Redeeming locks the row
(``select_for_update``), so of two concurrent redemptions of one token exactly one wins and
the other is treated as the reuse it is.
"""

import base64
import hashlib
import hmac
import secrets
import uuid
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from customers.models import Customer, SlasAuthorizationCode, SlasRefreshToken
from customers.models.slas import digest
from customers.slas import access_tokens, keys
from customers.slas.errors import InvalidGrant

MAX_SECRET_LENGTH = 512


def pkce_challenge(verifier: str) -> str:
    """S256: base64url(sha256(verifier)) without padding (RFC 7636)."""
    hashed = hashlib.sha256(verifier.encode()).digest()
    return base64.urlsafe_b64encode(hashed).decode().rstrip("=")


def pkce_matches(verifier: str, challenge: str) -> bool:
    return bool(challenge) and hmac.compare_digest(pkce_challenge(verifier), challenge)


# --- authorization codes -------------------------------------------------------------


def issue_code(customer, client_id: str, redirect_uri: str, code_challenge: str, usid: str):
    raw = secrets.token_urlsafe(32)
    SlasAuthorizationCode.objects.create(
        code_digest=digest(raw),
        customer=customer,
        client_id=client_id,
        redirect_uri=redirect_uri,
        code_challenge=code_challenge,
        usid=usid,
        expires_at=timezone.now() + timedelta(seconds=settings.SCAPI["AUTHORIZATION_CODE_SECONDS"]),
    )
    return raw


def redeem_code(
    raw: str, client_id: str, redirect_uri: str, code_verifier: str | None
) -> SlasAuthorizationCode:
    """The code's row, now used. ``code_verifier=None``: a private client that proved its
    secret (grant ``authorization_code``) needs no PKCE."""
    if not raw or len(raw) > MAX_SECRET_LENGTH:
        raise InvalidGrant("Invalid authorization code.")
    with transaction.atomic():
        code = (
            SlasAuthorizationCode.objects.select_for_update(of=("self",))
            .select_related("customer__site")
            .filter(code_digest=digest(raw))
            .first()
        )
        if code is None or code.used_at is not None or code.expires_at <= timezone.now():
            raise InvalidGrant("Invalid authorization code.")
        # Spent whatever follows: a code that failed a check must not be tried again.
        code.used_at = timezone.now()
        code.save(update_fields=["used_at"])
    if code.client_id != client_id:
        raise InvalidGrant("The authorization code was issued to another client.")
    if code.redirect_uri != redirect_uri:
        raise InvalidGrant("The redirect_uri differs from the authorization request's.")
    if code_verifier is not None and not pkce_matches(code_verifier, code.code_challenge):
        raise InvalidGrant("PKCE verification failed: the code_verifier does not match.")
    return code


# --- refresh tokens ------------------------------------------------------------------


def refresh_token_lifetime(customer) -> timedelta:
    days = settings.SCAPI[
        "GUEST_REFRESH_TOKEN_DAYS" if customer.is_guest else "REGISTERED_REFRESH_TOKEN_DAYS"
    ]
    return timedelta(days=days)


def issue_refresh_token(
    customer, site, client_id: str, usid: str, *, family: str = "", agent=None
) -> tuple[str, int]:
    raw = secrets.token_urlsafe(48)
    lifetime = refresh_token_lifetime(customer)
    SlasRefreshToken.objects.create(
        token_digest=digest(raw),
        family=family or uuid.uuid4().hex,
        customer=customer,
        site=site,
        client_id=client_id,
        usid=usid,
        agent=agent,
        expires_at=timezone.now() + lifetime,
    )
    return raw, int(lifetime.total_seconds())


def redeem_refresh_token(raw: str, client_id: str) -> SlasRefreshToken:
    """The refresh token's row, now used. A token already used is a leaked copy: its whole
    family is revoked (the legitimate holder logs in again) and the request refused."""
    if not raw or len(raw) > MAX_SECRET_LENGTH:
        raise InvalidGrant("Invalid refresh token.")
    now = timezone.now()
    with transaction.atomic():
        token = (
            SlasRefreshToken.objects.select_for_update(of=("self",))
            .select_related("customer", "site")
            .filter(token_digest=digest(raw))
            .first()
        )
        if token is None or token.client_id != client_id:
            raise InvalidGrant("Invalid refresh token.")
        if token.used_at is not None:
            revoke_family(token.family)
            reused = True
        else:
            reused = False
            token.used_at = now
            token.save(update_fields=["used_at"])
    if reused:
        raise InvalidGrant("Refresh token already used: the session is revoked.")
    if token.expires_at <= now:
        raise InvalidGrant("The refresh token has expired.")
    customer = token.customer
    if not customer.enabled or customer.is_locked(now):
        raise InvalidGrant("Invalid refresh token.")
    return token


def revoke_family(family: str) -> None:
    SlasRefreshToken.objects.filter(family=family, used_at__isnull=True).update(
        used_at=timezone.now()
    )


def revoke_sessions_of(customer_id: str, client_id: str) -> None:
    """Every live refresh token of the customer issued to the client (logout everywhere)."""
    SlasRefreshToken.objects.filter(
        customer__customer_id=customer_id, client_id=client_id, used_at__isnull=True
    ).update(used_at=timezone.now())


def revoke_refresh_token(raw: str, client_id: str | None = None) -> bool:
    """End the session a refresh token belongs to; whether there was one."""
    if not raw or len(raw) > MAX_SECRET_LENGTH:
        return False
    token = SlasRefreshToken.objects.filter(token_digest=digest(raw)).first()
    if token is None or (client_id is not None and token.client_id != client_id):
        return False
    revoke_family(token.family)
    return True


# --- the token response ---------------------------------------------------------------


def token_response(
    customer: Customer,
    site,
    client_id: str,
    usid: str,
    *,
    family: str = "",
    agent: dict | None = None,
    trusted_system: bool = False,
) -> dict:
    """SLAS's ``TokenResponse``: a new access token and the next refresh token."""
    access = access_tokens.issue(
        customer, site.site_id, client_id, usid, agent=agent, trusted_system=trusted_system
    )
    refresh, refresh_expires_in = issue_refresh_token(
        customer, site, client_id, usid, family=family, agent=agent
    )
    return {
        "access_token": access,
        "id_token": "",
        "refresh_token": refresh,
        "expires_in": int(keys.access_token_lifetime().total_seconds()),
        "refresh_token_expires_in": refresh_expires_in,
        "token_type": "BEARER",
        "usid": usid,
        "customer_id": customer.customer_id,
        # SLAS's encrypted user id; shopsite has no separate id, the customer id stands in.
        "enc_user_id": customer.customer_id,
        "idp_access_token": "",
    }
