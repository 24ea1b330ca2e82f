"""Django's Redis cache, keeping one redis-py client per connection pool.

Django's ``RedisCacheClient.get_client`` builds a new ``redis.Redis`` around its pool on
every cache call. Building one costs about as much CPU as the round trip it makes (about
50 µs here), and with ``REDIS_URL`` every authenticated request asks the token denylist
and every rate-limited one counts its window. A ``redis.Redis`` is safe to share between
threads (each command borrows a connection from the pool), so one per pool is kept; the
pools themselves are Django's, made once per server as before. ``get_client`` is the
extension point Django leaves for custom clients.
"""

from django.core.cache.backends import redis as django_redis


class RedisCacheClient(django_redis.RedisCacheClient):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(id(pool))
        if client is None:
            client = self._clients[id(pool)] = self._client(connection_pool=pool)
        return client


class RedisCache(django_redis.RedisCache):
    """``django.core.cache.backends.redis.RedisCache`` with the client above."""

    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = RedisCacheClient
