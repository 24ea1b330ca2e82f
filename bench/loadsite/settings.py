"""Settings of the load benchmark: production settings, plus the bare baseline endpoints.

Only ``bench/load.py`` uses this module; the bare endpoints exist nowhere else. Throttles are
lifted (the benchmark measures the endpoints, not the limiter) and gunicorn never recycles
workers mid-run, so their CPU time can be read from /proc. The servers sit behind a load
balancer, as in production: ``NUM_PROXIES = 1``, the client's address is the last one in
``X-Forwarded-For``, which wrk sends, one address per connection (``scenario.lua``).
"""

from shopsite.settings import *  # noqa: F403

ROOT_URLCONF = "bench.loadsite.urls"
SECURE_SSL_REDIRECT = False
REST_FRAMEWORK = {
    **REST_FRAMEWORK,  # noqa: F405
    "DEFAULT_THROTTLE_RATES": {
        name: "100000000/minute"
        for name in REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]  # noqa: F405
    },
    "NUM_PROXIES": 1,
}
