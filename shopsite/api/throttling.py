"""Rate limits that hold under concurrent requests.

DRF's ``SimpleRateThrottle`` reads a list of timestamps from the cache, appends and writes
it back: concurrent requests read the same list and most of a burst gets through. Here a
request is counted with one atomic increment in a window its client's first request
opens (``60/minute`` allows 60 requests in the minute that follows it): Redis ``INCR`` when
``REDIS_URL`` is set, else an ``UPDATE ... SET count = count + 1`` on a ``ThrottleCount``
row, which the database serializes. Every OCAPI view uses ``OcapiScopedRateThrottle``; a
view turns it on by naming its ``throttle_scope``. The client address is DRF's
``get_ident`` with ``NUM_PROXIES`` (0 by default: ``REMOTE_ADDR``, no forwarding header
trusted).
"""

import hashlib
import time
from datetime import timedelta

from django.core.cache import caches
from django.core.cache.backends.redis import RedisCache
from django.db import transaction
from django.db.models import Case, F, Q, Value, When
from django.utils import timezone
from rest_framework.throttling import ScopedRateThrottle

from shopsite.api.models import ThrottleCount

STALE_AFTER = timedelta(days=2)  # longer than any rate's period (the longest is a day)


def hit_in_database(key: str, duration: int) -> tuple[int, float]:
    """Count one request under ``key``: (the window's count with this one, seconds left).

    One UPDATE counts, or opens a new window when the last one is over; the row lock it
    takes serializes concurrent requests until commit, so each reads its own count.
    """
    for _ in range(2):  # a purge may delete a row between creating and counting it
        now = timezone.now()
        over = Q(expires__lte=now)
        with transaction.atomic():
            row, created = ThrottleCount.objects.get_or_create(
                key=key, defaults={"expires": now + timedelta(seconds=duration)}
            )
            if created:  # forget clients that are long gone
                ThrottleCount.objects.filter(expires__lt=now - STALE_AFTER).delete()
            counted = ThrottleCount.objects.filter(pk=row.pk).update(
                count=Case(When(over, then=Value(1)), default=F("count") + 1),
                expires=Case(
                    When(over, then=Value(now + timedelta(seconds=duration))),
                    default=F("expires"),
                ),
            )
            if counted:
                count, expires = ThrottleCount.objects.values_list("count", "expires").get(
                    pk=row.pk
                )
                return count, (expires - now).total_seconds()
    raise RuntimeError(f"throttle counter {key} vanished twice")  # pragma: no cover


def hit_in_cache(store, key: str, duration: int) -> tuple[int, float]:
    """The same on Redis: ``add`` opens the window (the key expires with it), INCR counts."""
    now = time.time()
    if store.add(key, 0, timeout=duration):
        store.set(f"{key}:opened", now, timeout=duration)
    try:
        count = store.incr(key)
    except ValueError:  # the window closed between add and incr: open the next one
        store.set(key, 1, timeout=duration)
        store.set(f"{key}:opened", now, timeout=duration)
        count = 1
    opened = store.get(f"{key}:opened", now)
    return count, duration - (now - opened)


def hit(key: str, duration: int) -> tuple[int, float]:
    """Count a request in the client's current window: (count so far, seconds left)."""
    # Hashed: the identity may come from a forwarded header, of any length.
    window_key = "throttle:" + hashlib.sha256(key.encode()).hexdigest()
    store = caches["default"]
    if isinstance(store, RedisCache):  # INCR is atomic in Redis
        return hit_in_cache(store, window_key, duration)
    # The database cache's incr is a read then a write: count in a row instead.
    return hit_in_database(window_key, duration)


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
