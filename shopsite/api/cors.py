"""CORS for browser storefronts: an origin is allowed when an active API client lists it.

django-cors-headers does the protocol (preflights, headers); this receiver only answers
"is this origin allowed?" from the API clients managed in the admin, so adding a storefront
origin needs no deploy. Preflight requests carry no client id, so the question is asked of
all active clients together.
"""

from corsheaders.signals import check_request_enabled
from django.dispatch import receiver

from shopsite.api.models import ApiClient


@receiver(check_request_enabled)
def origin_of_an_active_client(sender, request, **kwargs) -> bool:
    origin = (request.headers.get("origin") or "").rstrip("/")
    if not origin or not request.path.startswith("/s/"):
        return False  # never the admin
    listed = ApiClient.objects.filter(is_active=True).exclude(allowed_origins="")
    return any(origin in client.origins for client in listed.only("allowed_origins"))
