"""SLAS access tokens: ES256 JWTs with the claims Commerce Cloud's SLAS puts in them, so
storefront code that decodes them (PWA Kit, commerce-sdk-react) reads what it expects.

* ``isb`` (identity subject): ``uido:ecom::upn:Guest::uidn:Guest User::gcid:<id>::chid:<site>``
  for a guest, ``uido:ecom::upn:<login>::uidn:<name>::gcid:<id>::rcid:<id>::chid:<site>``
  for a registered shopper; storefronts split it on ``::`` and read ``upn``, ``gcid``,
  ``rcid``. The customer's id (OCAPI's ``customer_id``) is ``gcid`` and, registered,
  ``rcid``.
* ``sub``: ``cc-slas::<organizationId>::scid:<clientId>::usid:<usid>``.
* ``iss`` ``slas/prod/<tenant>``, ``aud`` ``commercecloud/prod/<tenant>``, ``ctx`` ``slas``,
  ``scp``, ``dnt``, ``exp``/``iat``/``nbf``/``jti``; ``tsob`` on trusted-system tokens.
* shopsite's own: ``token_version`` (a password change ends older tokens, as with OCAPI
  tokens) and ``agent`` on trusted-agent tokens (OCAPI's on-behalf-of claim).

Verification: signature against the published keys (``customers.slas.keys``), expiry,
issuer, audience. Whether the token is still honoured (revoked, customer disabled,
password changed) is ``customers.slas.authentication``'s.
"""

import binascii
import json
import secrets
import uuid
from datetime import UTC, datetime

import jwt
from django.conf import settings
from django.utils import timezone
from jwt.utils import base64url_decode

from customers.slas import keys
from shopsite.api.context import slas_client_id

#: A JOSE header of ours is under 150 characters; anything far longer is not one.
MAX_HEADER_SEGMENT = 1024

SCOPES = (
    "sfcc.shopper-myaccount.baskets sfcc.shopper-myaccount.addresses sfcc.shopper-products "
    "sfcc.shopper-myaccount.rw sfcc.shopper-myaccount.paymentinstruments "
    "sfcc.shopper-customers.login sfcc.shopper-myaccount.orders "
    "sfcc.shopper-customers.register sfcc.shopper-myaccount.productlists "
    "sfcc.shopper-myaccount sfcc.shopper-product-search sfcc.shopper-baskets-orders.rw"
)


def organization_id() -> str:
    return settings.SCAPI["ORGANIZATION_ID"]


def tenant() -> str:
    """``zzzz_001`` of ``f_ecom_zzzz_001``."""
    return organization_id().removeprefix("f_ecom_")


def issuer() -> str:
    return f"slas/prod/{tenant()}"


def audience() -> str:
    return f"commercecloud/prod/{tenant()}"


def new_usid() -> str:
    return str(uuid.uuid4())


def identity_subject(customer, site_id: str) -> str:
    if customer.is_guest:
        parts = ["uido:ecom", "upn:Guest", "uidn:Guest User", f"gcid:{customer.customer_id}"]
    else:
        name = " ".join(p for p in (customer.first_name, customer.last_name) if p) or "-"
        parts = [
            "uido:ecom",
            f"upn:{customer.login}",
            f"uidn:{name}",
            f"gcid:{customer.customer_id}",
            f"rcid:{customer.customer_id}",
        ]
    parts.append(f"chid:{site_id}")
    return "::".join(parts)


def parse_identity_subject(isb: str) -> dict[str, str]:
    """``{"uido": "ecom", "upn": ..., "gcid": ..., "rcid": ..., "chid": ...}``."""
    fields = {}
    for part in isb.split("::") if isinstance(isb, str) else ():
        name, sep, value = part.partition(":")
        if sep:
            fields[name] = value
    return fields


def issue(
    customer,
    site_id: str,
    client_id: str,
    usid: str,
    *,
    agent: dict | None = None,
    trusted_system: bool = False,
) -> str:
    now = timezone.now()
    lifetime = keys.access_token_lifetime()
    claims = {
        "aut": "GUID",
        "scp": SCOPES,
        "sub": f"cc-slas::{organization_id()}::scid:{client_id}::usid:{usid}",
        "ctx": "slas",
        "iss": issuer(),
        "ist": 1,
        "dnt": "0",
        "aud": audience(),
        "nbf": int(now.timestamp()) - 30,
        "sty": "User",
        "isb": identity_subject(customer, site_id),
        "exp": int((now + lifetime).timestamp()),
        "iat": int(now.timestamp()),
        "jti": f"C2C{secrets.token_hex(16)}",
        "token_version": customer.token_version,
    }
    if trusted_system:
        claims["tsob"] = "ts_ext_on_behalf_of"
    if agent is not None:
        claims["agent"] = agent
    kid, private_key = keys.signing_key()
    return jwt.encode(claims, private_key, algorithm=keys.ALGORITHM, headers={"kid": kid})


def looks_like_slas(raw: str) -> bool:
    """Whether a bearer token is SLAS's by its header (ES256 with a key id; OCAPI's customer
    tokens are HS256 without one): the one place that tells the two apart.

    Only the header is read: this runs on every authenticated request, and the token is
    verified in full (signature, issuer, audience, expiry) by whichever decoding follows,
    so a forged header gains nothing but that decoding's refusal.
    """
    header_segment = raw.partition(".")[0]
    if not header_segment or len(header_segment) > MAX_HEADER_SEGMENT:
        return False
    try:
        header = json.loads(base64url_decode(header_segment))
    except (ValueError, binascii.Error):
        return False
    return isinstance(header, dict) and header.get("alg") == keys.ALGORITHM and "kid" in header


class SlasAccessToken:
    """A verified SLAS access token, with the accessors the shared token checks read
    (``customers.tokens.is_current``/``revoke``: ``payload``, ``["jti"]``, ``expires_at``)."""

    def __init__(self, payload: dict):
        self.payload = payload
        self.identity = parse_identity_subject(payload.get("isb", ""))
        sub = payload.get("sub", "")
        self.client_id = slas_client_id(sub)
        self.usid = sub.rsplit("::usid:", 1)[1] if "::usid:" in str(sub) else ""

    def __getitem__(self, name):
        return self.payload[name]

    @property
    def customer_id(self) -> str:
        return self.identity.get("rcid") or self.identity.get("gcid", "")

    @property
    def site_id(self) -> str:
        return self.identity.get("chid", "")

    @property
    def is_guest(self) -> bool:
        return self.identity.get("upn") == "Guest"

    @property
    def expires_at(self) -> datetime:
        return datetime.fromtimestamp(self.payload["exp"], tz=UTC)


class InvalidSlasToken(Exception):
    pass


def decode(raw: str) -> SlasAccessToken:
    """Verify signature, expiry, issuer and audience; ``InvalidSlasToken`` otherwise."""
    try:
        kid = jwt.get_unverified_header(raw).get("kid")
        key = keys.public_key(kid)
        if key is None:
            raise InvalidSlasToken("unknown key")
        payload = jwt.decode(
            raw,
            key,
            algorithms=[keys.ALGORITHM],
            audience=audience(),
            issuer=issuer(),
            options={"require": ["exp", "iat", "jti", "sub", "isb"]},
        )
    except jwt.InvalidTokenError as exc:
        raise InvalidSlasToken(str(exc)) from None
    token = SlasAccessToken(payload)
    if not token.customer_id or not token.client_id:
        raise InvalidSlasToken("no shopper")
    return token
