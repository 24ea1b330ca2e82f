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

# Request limits, just above the app's own (OCAPI MAX_URL_LENGTH 8,000 characters,
# MAX_REQUEST_HEADERS 100, MAX_HEADER_LENGTH 8,000: shopsite/api/limits.py), so that a
# request past the app's limits reaches the app and is answered with its JSON fault; only
# what is past these gets gunicorn's own HTML page: a request line over 8,190 bytes (the
# most gunicorn allows), more than 110 headers, a header line over 8,190 bytes, and
# malformed HTTP (a NUL, CR or LF in a header value, "_" in a header name). The proxy in
# front refuses those first (README, "Production").
limit_request_line = 8190
limit_request_fields = 110
limit_request_field_size = 8190

# The proxy in front (which terminates TLS and sets X-Forwarded-Proto) connects from these.
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1,::1")

accesslog = os.environ.get("GUNICORN_ACCESS_LOG") or None
access_log_format = '%(h)s "%(m)s %(U)s %(H)s" %(s)s %(B)s %(M)sms "%({x-request-id}o)s"'
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
