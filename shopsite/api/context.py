"""Who is asking: the site named in the URL and the API client named by the request.

OCAPI resolves both before anything else: an unknown site is a 404, a request without a
known, active client id is refused, whatever the resource.

The client id travels in the ``x-dw-client-id`` header or the ``client_id`` parameter, or
inside the customer JWT the request carries (its ``iss``): the published Shop API spec lists
only the JWT for ``DELETE /customers/auth`` and ``POST /sessions``, and the generated JS
client sends no client id there. Reading ``iss`` unverified is safe because a client id is
public anyway, and the token's signature, expiry and ``iss`` are verified by authentication.

Both are read on every request and change a few times a year, so each process keeps them for
``OCAPI["CONTEXT_CACHE_SECONDS"]`` (``ContextCache``): two SQL statements fewer per request.
"""

import threading
import time

import jwt
from django.conf import settings

from shopsite.api import faults
from shopsite.api.authentication import bearer_token
from shopsite.api.models import ApiClient, Site


class ContextCache:
    """Sites and API clients by id, kept per process for a few seconds.

    A save or delete of a site or client clears this process's entries at once (signals
    connected in ``ApiConfig.ready``); other app servers see the change when their entries
    expire, after ``OCAPI["CONTEXT_CACHE_SECONDS"]`` (0 turns the cache off). That bounds how
    long a deactivated client or an offline site keeps being served, as Commerce Cloud's own
    settings cache does. Unknown ids are not cached: a site or client created elsewhere is
    found on its first request. Only configuration lives here, never per-customer state.
    """

    def __init__(self):
        self._entries: dict[tuple[str, str], tuple[float, object]] = {}
        self._lock = threading.Lock()

    @staticmethod
    def lifetime() -> float:
        return float(getattr(settings, "OCAPI", {}).get("CONTEXT_CACHE_SECONDS", 0))

    def get(self, kind: str, key: str, load):
        lifetime = self.lifetime()
        if lifetime <= 0:
            return load()
        now = time.monotonic()
        entry = self._entries.get((kind, key))
        if entry is not None and entry[0] > now:
            return entry[1]
        value = load()
        if value is not None:
            with self._lock:
                self._entries[(kind, key)] = (now + lifetime, value)
        return value

    def clear(self, **kwargs) -> None:
        """Forget everything (a signal receiver: any save may rename what a key points at)."""
        with self._lock:
            self._entries.clear()


context_cache = ContextCache()

CLIENT_ID_HEADER = "x-dw-client-id"
CLIENT_ID_PARAMETER = "client_id"


def resolve_site(site_id: str | None) -> Site:
    site = (
        context_cache.get("site", site_id, lambda: Site.objects.filter(site_id=site_id).first())
        if site_id
        else None
    )
    if site is None:
        raise faults.SiteNotFound(siteId=site_id or "")
    if not site.is_online:
        raise faults.SiteOffline(siteId=site.site_id)
    return site


def requested_client_id(request) -> str:
    named = request.headers.get(CLIENT_ID_HEADER) or request.query_params.get(CLIENT_ID_PARAMETER)
    return (named or client_id_of_bearer_token(request)).strip()


def client_id_of_bearer_token(request) -> str:
    raw = bearer_token(request)
    if raw is None:
        return ""
    try:
        claims = jwt.decode(raw, options={"verify_signature": False})
    except jwt.InvalidTokenError:
        return ""
    issuer = claims.get("iss")
    if isinstance(issuer, str) and issuer.startswith("slas/"):
        return slas_client_id(claims.get("sub"))
    return issuer if isinstance(issuer, str) else ""


def slas_client_id(sub) -> str:
    """The client a SLAS token was issued to: ``scid`` of its ``sub``
    (``cc-slas::<org>::scid:<client id>::usid:<usid>``)."""
    for part in sub.split("::") if isinstance(sub, str) else ():
        if part.startswith("scid:"):
            return part.removeprefix("scid:")
    return ""


def resolve_api_client(request) -> ApiClient:
    client_id = requested_client_id(request)
    if not client_id:
        raise faults.MissingClientId()
    client = context_cache.get(
        "client", client_id, lambda: ApiClient.objects.filter(client_id=client_id).first()
    )
    if client is None or not client.is_active:
        raise faults.ClientAccessForbidden(clientId=client_id)
    return client
