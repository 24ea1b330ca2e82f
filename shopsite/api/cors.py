"""CORS for browser storefronts: an origin is allowed when an active API client lists it,
in its "Allowed origins" or in its settings document's ``allowed_origins``.

django-cors-headers does the protocol (preflights, headers); this receiver only answers
"is this origin allowed?" from the API clients managed in the admin, so adding a storefront
origin needs no deploy. Preflight requests carry no client id, so the question is asked of
all active clients together. The answer's set of origins is kept by the context cache like
the clients themselves (cleared when a client is saved).
"""

from corsheaders.signals import check_request_enabled
from django.dispatch import receiver

from shopsite.api.context import context_cache
from shopsite.api.models import ApiClient


def origins_of_active_clients() -> frozenset[str]:
    clients = ApiClient.objects.filter(is_active=True).only("allowed_origins", "ocapi_settings")
    return frozenset().union(*(client.origins for client in clients))


@receiver(check_request_enabled)
def origin_of_an_active_client(sender, request, **kwargs) -> bool:
    origin = (request.headers.get("origin") or "").rstrip("/")
    if not origin or not request.path.startswith("/s/"):
        return False  # never the admin
    return origin in context_cache.get("cors", "origins", origins_of_active_clients)
