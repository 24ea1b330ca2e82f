"""gunicorn settings for shopsite: ``gunicorn -c gunicorn.conf.py shopsite.wsgi``.

Every value can be changed from the environment, the way gunicorn's own ``WEB_CONCURRENCY``
is read, so one image serves every machine size.

* Workers: ``2 * cores + 1`` (gunicorn's recommendation for sync workers: a worker waiting
  on PostgreSQL leaves the core to another); ``WEB_CONCURRENCY`` overrides it.
* Timeouts: a request that takes longer than ``GUNICORN_TIMEOUT`` (30 s) is killed rather
  than left holding a worker; workers are recycled every ~1,000 requests so slow leaks in
  any library cannot grow without bound.
* Logs: shopsite writes one JSON line per request itself (``shopsite.requestlog``), with
  request id, status and duration. gunicorn's access log is off unless
  ``GUNICORN_ACCESS_LOG`` names a file (``-`` for stdout); its format then holds the path
  without the query string (``%(U)s``), and no header that could carry a token.
"""

import multiprocessing
import os

bind = os.environ.get("GUNICORN_BIND", f"0.0.0.0:{os.environ.get('PORT', '8000')}")
workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count() * 2 + 1))
worker_class = "sync"
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = int(os.environ.get("GUNICORN_GRACEFUL_TIMEOUT", "30"))
keepalive = int(os.environ.get("GUNICORN_KEEPALIVE", "5"))
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "1000"))
max_requests_jitter = max_requests // 10
# Heartbeat files in memory rather than on a possibly slow or read-only disk.
worker_tmp_dir = "/dev/shm" if os.path.isdir("/dev/shm") else None  # noqa: S108

# The proxy in front (which terminates TLS and sets X-Forwarded-Proto) connects from these.
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1,::1")

accesslog = os.environ.get("GUNICORN_ACCESS_LOG") or None
access_log_format = '%(h)s "%(m)s %(U)s %(H)s" %(s)s %(B)s %(M)sms "%({x-request-id}o)s"'
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
