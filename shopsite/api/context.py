"""Who is asking: the site named in the URL and the API client named by the request.

OCAPI resolves both before anything else: an unknown site is a 404, a request without a
known, active client id is refused, whatever the resource.

The client id travels in the ``x-dw-client-id`` header or the ``client_id`` parameter, or
inside the customer JWT the request carries (its ``iss``): the published Shop API spec lists
only the JWT for ``DELETE /customers/auth`` and ``POST /sessions``, and the generated JS
client sends no client id there. Reading ``iss`` unverified is safe because a client id is
public anyway, and the token's signature, expiry and ``iss`` are verified by authentication.
"""

import jwt

from shopsite.api import faults
from shopsite.api.models import ApiClient, Site

CLIENT_ID_HEADER = "x-dw-client-id"
CLIENT_ID_PARAMETER = "client_id"


def resolve_site(site_id: str | None) -> Site:
    site = Site.objects.filter(site_id=site_id).first() if site_id else None
    if site is None:
        raise faults.SiteNotFound(siteId=site_id or "")
    if not site.is_online:
        raise faults.SiteOffline(siteId=site.site_id)
    return site


def requested_client_id(request) -> str:
    named = request.headers.get(CLIENT_ID_HEADER) or request.query_params.get(CLIENT_ID_PARAMETER)
    return (named or client_id_of_bearer_token(request)).strip()


def client_id_of_bearer_token(request) -> str:
    scheme, _, raw = request.headers.get("Authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not raw.strip():
        return ""
    try:
        issuer = jwt.decode(raw.strip(), options={"verify_signature": False}).get("iss")
    except jwt.InvalidTokenError:
        return ""
    return issuer if isinstance(issuer, str) else ""


def resolve_api_client(request) -> ApiClient:
    client_id = requested_client_id(request)
    if not client_id:
        raise faults.MissingClientId()
    client = ApiClient.objects.filter(client_id=client_id, is_active=True).first()
    if client is None:
        raise faults.ClientAccessForbidden(clientId=client_id)
    return client
