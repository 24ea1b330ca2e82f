"""Customer JWTs: issue, verify, revoke.

Built on simplejwt's ``AccessToken``, which keeps signing, ``exp``/``iat`` and the ``jti``;
this module adds OCAPI's claims:

* ``sub``: a JSON *string* ``{"_v": "1", "customer_info": {"customer_id": ..., "guest": ...}}``,
  so a client can tell who it is from the token alone, as with Commerce Cloud;
* ``iss``: the client id the token was issued to. A token only works for that client;
* ``token_version``: the customer's token generation; a password change bumps it;
* ``agent`` (on-behalf-of tokens only, ``customers.obo``): the staff user acting for the customer.

Verification refuses, besides bad signatures and expired tokens, tokens that were revoked
(``DELETE /customers/auth``) and tokens of an older generation than the customer's
``token_version`` (a password change ends every session but the one that made it, whose
``jti`` the customer keeps in ``kept_token_jti``). The denylist lives in the
database, or in Redis when ``REDIS_URL`` is set, so no app process holds state of its own.
"""

import json
from datetime import UTC, datetime

from django.conf import settings
from django.core.cache import cache
from django.db.models import Exists, QuerySet
from django.utils import timezone
from rest_framework_simplejwt import settings as jwt_settings
from rest_framework_simplejwt.exceptions import ExpiredTokenError, TokenError
from rest_framework_simplejwt.tokens import AccessToken

from customers.models import Customer, RevokedToken
from shopsite.api import faults

# Re-exported: the customer and agent authentications read it as ``tokens.bearer_token``.
from shopsite.api.authentication import bearer_token as bearer_token
from shopsite.api.prepared_queries import PreparedQuery


class ClientTokenClaims:
    """The claims every token issued to an API client has (customer and agent tokens)."""

    @property
    def client_id(self) -> str:
        return self.payload.get("iss", "")

    @property
    def expires_at(self) -> datetime:
        return datetime.fromtimestamp(self.payload["exp"], tz=UTC)


class CustomerToken(ClientTokenClaims, AccessToken):
    token_type = "access"  # noqa: S105 - a claim value, not a secret

    @property
    def lifetime(self):
        # Read per token rather than once at import, so the setting is always honoured.
        return jwt_settings.api_settings.ACCESS_TOKEN_LIFETIME

    @classmethod
    def for_customer(
        cls, customer, client_id: str, *, agent: dict | None = None
    ) -> "CustomerToken":
        token = cls()
        token["sub"] = json.dumps(
            {
                "_v": "1",
                "customer_info": {
                    "customer_id": customer.customer_id,
                    "guest": customer.is_guest,
                },
            },
            separators=(",", ":"),
        )
        token["iss"] = client_id
        token["token_version"] = customer.token_version
        if agent is not None:
            token["agent"] = agent
        return token

    @property
    def customer_info(self) -> dict:
        try:
            info = json.loads(self.payload["sub"])["customer_info"]
        except (KeyError, TypeError, ValueError) as exc:
            raise TokenError("Token has no customer") from exc
        if not isinstance(info, dict) or not isinstance(info.get("customer_id"), str):
            raise TokenError("Token has no customer")
        return info

    @property
    def customer_id(self) -> str:
        return self.customer_info["customer_id"]


def _token_customer(site_pk: int, customer_id: str, **annotations) -> QuerySet:
    """The enabled customer of the site a token names, with ``annotations``. Sliced, not
    ``.first()``: a unique lookup needs no ORDER BY."""
    customers = Customer.objects.filter(site_id=site_pk, customer_id=customer_id, enabled=True)
    return customers.annotate(**annotations).order_by()[:1]


class DatabaseDenylist:
    #: The customer and whether the token is revoked, in one statement: the revocation
    #: check rides on the query every authenticated request makes anyway.
    token_customers = PreparedQuery(
        lambda site_pk, customer_id, jti: _token_customer(
            site_pk, customer_id, token_revoked=Exists(RevokedToken.objects.filter(jti=jti))
        ),
        site_pk=int,
        customer_id=str,
        jti=str,
    )

    def add(self, jti: str, expires_at: datetime) -> None:
        RevokedToken.objects.get_or_create(jti=jti, defaults={"expires_at": expires_at})
        RevokedToken.objects.filter(expires_at__lt=timezone.now()).delete()

    def __contains__(self, jti: str) -> bool:
        return RevokedToken.objects.filter(jti=jti).exists()

    def token_customer(self, site, customer_id: str, jti: str) -> Customer | None:
        """The enabled customer of ``site`` a token names, its ``token_revoked`` set."""
        found = self.token_customers(site_pk=site.pk, customer_id=customer_id, jti=jti)
        return found[0] if found else None


class CacheDenylist:
    """Redis: entries expire by themselves when the token would."""

    prefix = "jwt-denylist:"
    token_customers = PreparedQuery(
        _token_customer,
        site_pk=int,
        customer_id=str,
    )

    def add(self, jti: str, expires_at: datetime) -> None:
        ttl = max(int((expires_at - timezone.now()).total_seconds()) + 1, 1)
        cache.set(f"{self.prefix}{jti}", 1, timeout=ttl)

    def __contains__(self, jti: str) -> bool:
        return cache.get(f"{self.prefix}{jti}") is not None

    def token_customer(self, site, customer_id: str, jti: str) -> Customer | None:
        found = self.token_customers(site_pk=site.pk, customer_id=customer_id)
        if not found:
            return None
        found[0].token_revoked = jti in self
        return found[0]


def denylist():
    return CacheDenylist() if settings.REDIS_URL else DatabaseDenylist()


def issue(customer, client_id: str) -> str:
    return str(CustomerToken.for_customer(customer, client_id))


def decode(raw: str) -> CustomerToken:
    """Check signature, expiry and shape; raise the OCAPI fault a client should see."""
    try:
        token = CustomerToken(raw)
        token.customer_info  # noqa: B018 - validates the sub claim
    except ExpiredTokenError as exc:
        raise faults.ExpiredToken() from exc
    except TokenError as exc:
        raise faults.InvalidAccessToken() from exc
    return token


def verify(raw: str, client_id: str) -> CustomerToken:
    """``decode`` plus the check against the client; revocation is ``authenticate``'s."""
    token = decode(raw)
    if token.client_id != client_id:
        raise faults.InvalidClientId(clientId=client_id)
    return token


def authenticate(raw: str, site, client_id: str) -> tuple[Customer, CustomerToken]:
    """The enabled customer of ``site`` a raw token stands for, and the verified token.

    A revoked token, a token of a customer since deleted or disabled, or of an older token
    generation (the password changed since) no longer counts, except the token that made
    the latest password change (``Customer.kept_token_jti``). Customer and revocation are
    read in one statement (``DatabaseDenylist.token_customer``), or the revocation from
    Redis.
    """
    token = verify(raw, client_id)
    customer = denylist().token_customer(site, token.customer_id, token["jti"])
    if customer is None or customer.token_revoked or not is_current(token, customer):
        raise faults.InvalidAccessToken()
    return customer, token


def is_current(token: CustomerToken, customer: Customer) -> bool:
    """Whether ``token`` is of the customer's current generation, or the one older token
    kept by the latest password change."""
    if token.payload.get("token_version", 0) == customer.token_version:
        return True
    return bool(customer.kept_token_jti) and token.payload.get("jti") == customer.kept_token_jti


def revoke(token: CustomerToken) -> None:
    denylist().add(token["jti"], token.expires_at)
