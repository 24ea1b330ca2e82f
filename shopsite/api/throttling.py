"""Rate limits that hold under concurrent requests, at one round trip per request.

DRF's ``SimpleRateThrottle`` reads a list of timestamps from the cache, appends and writes
it back: concurrent requests read the same list and most of a burst gets through. Here a
request is counted with one atomic statement in a window its client's first request
opens (``60/minute`` allows 60 requests in the minute that follows it): with
``REDIS_URL``, ``SET NX EX`` + ``INCR`` + ``PTTL`` in one Lua script (one command, which
Redis runs as one); else one ``INSERT ... ON CONFLICT DO UPDATE ... RETURNING`` on a
``ThrottleCount`` row, which the database serializes on the row, outside any transaction.
Every OCAPI view uses ``OcapiScopedRateThrottle``; a view turns it on by naming its
``throttle_scope``, and a scope whose rate is ``None`` is not limited (as in DRF). The
client address is DRF's ``get_ident`` with ``NUM_PROXIES`` (0 by default: ``REMOTE_ADDR``,
no forwarding header trusted).
"""

import functools
import hashlib
from datetime import UTC, datetime, timedelta

from django.core.cache import caches
from django.core.cache.backends.redis import RedisCache
from django.db import connection
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from rest_framework.throttling import ScopedRateThrottle

from shopsite.api.models import ThrottleCount

STALE_AFTER = timedelta(days=2)  # longer than any rate's period (the longest is a day)


@functools.cache
def _count_statement(vendor: str) -> str:
    """Open the window (new row), count in it, or open the next one when it is over; answer
    the count and the window's end. PostgreSQL and SQLite (3.35+) both speak it. Built
    once per process and database vendor (whose quoting it uses), not per request."""
    table, key, count, expires = map(
        connection.ops.quote_name, (ThrottleCount._meta.db_table, "key", "count", "expires")
    )
    over = f"{table}.{expires} <= %s"
    # Identifiers are the model's, quoted; every value is a parameter.
    return (
        f"INSERT INTO {table} ({key}, {count}, {expires}) VALUES (%s, 1, %s) "  # noqa: S608
        f"ON CONFLICT ({key}) DO UPDATE SET "
        f"{count} = CASE WHEN {over} THEN 1 ELSE {table}.{count} + 1 END, "
        f"{expires} = CASE WHEN {over} THEN excluded.{expires} ELSE {table}.{expires} END "
        f"RETURNING {count}, {expires}"
    )


def _stored_datetime(value) -> datetime:
    """``expires`` as the driver returns it: a datetime (PostgreSQL) or UTC text (SQLite)."""
    if isinstance(value, str):
        value = parse_datetime(value)
    return value if timezone.is_aware(value) else value.replace(tzinfo=UTC)


def hit_in_database(key: str, duration: int) -> tuple[int, float]:
    """Count one request under ``key``: (the window's count with this one, seconds left).

    One statement, in autocommit: the row lock it takes serializes concurrent requests, so
    each reads its own count. When it opens a window, rows of clients long gone are
    forgotten (one indexed DELETE, once per client per window).
    """
    now = timezone.now()
    adapt = connection.ops.adapt_datetimefield_value
    with connection.cursor() as cursor:
        cursor.execute(
            _count_statement(connection.vendor),
            [key, adapt(now + timedelta(seconds=duration)), adapt(now), adapt(now)],
        )
        count, expires = cursor.fetchone()
    if count == 1:
        ThrottleCount.objects.filter(expires__lt=now - STALE_AFTER).delete()
    return count, (_stored_datetime(expires) - now).total_seconds()


#: Open the window (a key that expires with it), count in it, answer the count and the
#: milliseconds left: one command. The same three commands as a ``MULTI`` pipeline cost
#: redis-py about twice the client work per request (measured on the guest login).
COUNT_IN_WINDOW = """
redis.call('SET', KEYS[1], 0, 'EX', ARGV[1], 'NX')
return {redis.call('INCR', KEYS[1]), redis.call('PTTL', KEYS[1])}
"""


def hit_in_cache(store: RedisCache, key: str, duration: int) -> tuple[int, float]:
    """The same on Redis: the key is the window (it expires with it), INCR counts."""
    key = store.make_and_validate_key(key)
    # redis-py sends the script by its SHA1 (EVALSHA) and loads it again when a server
    # answers that it does not know it (restarted, or SCRIPT FLUSH).
    count_in_window = store._cache.get_client(key, write=True).register_script(COUNT_IN_WINDOW)
    count, left_ms = count_in_window(keys=[key], args=[duration])
    return count, (left_ms if left_ms > 0 else duration * 1000) / 1000


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
    """``ScopedRateThrottle`` (same scopes and rates) with atomic counting.

    A request is counted per client address, whatever token it carries: a login, a reset
    request and the OAuth endpoint are guessed from one address, and asking who a token
    names would authenticate it before the view does (a refresh read its customer twice).
    A view that limits what one signed-in customer may try sets ``throttle_per_customer``
    (DRF's identity then: the customer's key).
    """

    def allow_request(self, request, view):
        self.scope = getattr(view, self.scope_attr, None)
        if not self.scope:
            return True
        self.rate = self.get_rate()
        if self.rate is None:  # DRF's way to leave a scope unlimited: nothing is counted
            return True
        self.num_requests, self.duration = self.parse_rate(self.rate)
        key = self.get_cache_key(request, view)
        if key is None:
            return True
        count, self.remaining = hit(key, self.duration)
        return count <= self.num_requests

    def get_cache_key(self, request, view):
        if getattr(view, "throttle_per_customer", False):
            return super().get_cache_key(request, view)
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}

    def wait(self):
        return max(self.remaining, 1)
