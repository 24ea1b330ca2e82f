"""Rate limits that hold under concurrent requests.

DRF's ``SimpleRateThrottle`` reads a list of timestamps from the cache, appends and writes
it back: concurrent requests read the same list and most of a burst gets through. Here a
request is counted with one atomic increment in a fixed window (``60/minute`` allows 60
requests per calendar minute of the server clock): Redis ``INCR`` when ``REDIS_URL`` is set,
else an ``UPDATE ... SET count = count + 1`` on a ``ThrottleCount`` row, which the database
serializes. Every OCAPI view uses ``OcapiScopedRateThrottle``; a view turns it on by naming
its ``throttle_scope``. The client address is DRF's ``get_ident`` with ``NUM_PROXIES``
(0 by default: ``REMOTE_ADDR``, no forwarding header trusted).
"""

import hashlib
import time
from datetime import timedelta

from django.core.cache import caches
from django.core.cache.backends.redis import RedisCache
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from rest_framework.throttling import ScopedRateThrottle

from shopsite.api.models import ThrottleCount


def hit_in_database(key: str, window_end: float) -> int:
    """Count one request under ``key`` and return the window's count, this one included."""
    expires = timezone.now() + timedelta(seconds=window_end - time.time())
    with transaction.atomic():
        row, created = ThrottleCount.objects.get_or_create(key=key, defaults={"expires": expires})
        if created:  # a new window: forget the rows of windows past
            ThrottleCount.objects.filter(expires__lt=timezone.now()).delete()
        # The UPDATE locks the row until commit, so each request reads its own count.
        ThrottleCount.objects.filter(pk=row.pk).update(count=F("count") + 1)
        return ThrottleCount.objects.values_list("count", flat=True).get(pk=row.pk)


def hit_in_cache(store, key: str, window_seconds: int) -> int:
    store.add(key, 0, timeout=window_seconds + 1)
    try:
        return store.incr(key)
    except ValueError:  # expired between add and incr: this request opens the window
        store.add(key, 1, timeout=window_seconds + 1)
        return 1


def hit(key: str, window_seconds: int) -> tuple[int, float]:
    """Count a request in the current fixed window: (count so far, seconds left)."""
    now = time.time()
    window_start = int(now // window_seconds) * window_seconds
    window_end = window_start + window_seconds
    # Hashed: the identity may come from a forwarded header, of any length.
    digest = hashlib.sha256(key.encode()).hexdigest()
    window_key = f"throttle:{digest}:{window_start}"
    store = caches["default"]
    if isinstance(store, RedisCache):  # INCR is atomic in Redis
        count = hit_in_cache(store, window_key, window_seconds)
    else:  # the database cache's incr is a read then a write: count in a row instead
        count = hit_in_database(window_key, window_end)
    return count, window_end - now


class OcapiScopedRateThrottle(ScopedRateThrottle):
    """``ScopedRateThrottle`` (same scopes, rates and identities) with atomic counting."""

    def allow_request(self, request, view):
        self.scope = getattr(view, self.scope_attr, None)
        if not self.scope:
            return True
        self.rate = self.get_rate()
        self.num_requests, self.duration = self.parse_rate(self.rate)
        key = self.get_cache_key(request, view)
        if key is None:
            return True
        count, self.remaining = hit(key, self.duration)
        return count <= self.num_requests

    def wait(self):
        return max(self.remaining, 1)
