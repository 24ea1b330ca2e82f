"""``GET /healthz``: whether this app server can serve, for load balancers and orchestrators.

It answers 200 only when the database (and the cache, which holds throttles and may be Redis)
answer, so a balancer stops sending traffic to a server that would only fail. It reads no
customer data, needs no client id and says nothing about the deployment beyond ok/failing.
"""

import logging

from django.core.cache import cache
from django.db import DatabaseError, connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

logger = logging.getLogger(__name__)


def _database() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            return cursor.fetchone() == (1,)
    except DatabaseError:
        logger.exception("health check: the database does not answer")
        return False


def _cache() -> bool:
    try:
        cache.get("shopsite:healthz")
        return True
    except Exception:  # any backend's connection error: Redis, the database cache table
        logger.exception("health check: the cache does not answer")
        return False


@never_cache
@require_safe
def healthz(request):
    checks = {"database": _database(), "cache": _cache()}
    healthy = all(checks.values())
    return JsonResponse(
        {
            "status": "ok" if healthy else "failing",
            "checks": {name: "ok" if ok else "failing" for name, ok in checks.items()},
        },
        status=200 if healthy else 503,
    )
