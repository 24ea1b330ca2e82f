"""Who is asking: the site named in the URL and the API client named by the request.

OCAPI resolves both before anything else: an unknown site is a 404, a request without a
known, active client id is refused, whatever the resource.
"""

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
    return (
        request.headers.get(CLIENT_ID_HEADER) or request.query_params.get(CLIENT_ID_PARAMETER) or ""
    ).strip()


def resolve_api_client(request) -> ApiClient:
    client_id = requested_client_id(request)
    if not client_id:
        raise faults.MissingClientId()
    client = ApiClient.objects.filter(client_id=client_id, is_active=True).first()
    if client is None:
        raise faults.ClientAccessForbidden(clientId=client_id)
    return client
