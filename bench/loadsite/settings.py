"""Settings of the load benchmark: production settings, plus the bare baseline endpoints.

Only ``bench/load.py`` uses this module; the bare endpoints exist nowhere else. Throttles are
lifted (the benchmark measures the endpoints, not the limiter: every request is still
counted, at a rate no run reaches; ``BENCH_RATE_LIMITS=off`` counts none) and gunicorn
never recycles workers mid-run, so their CPU time can be read from /proc. The servers sit
behind a load balancer, as in production: ``NUM_PROXIES = 1``, the client's address is the
last one in ``X-Forwarded-For``, which wrk sends, one address per connection
(``scenario.lua``).
"""

import os

from shopsite.settings import *  # noqa: F403

ROOT_URLCONF = "bench.loadsite.urls"
SECURE_SSL_REDIRECT = False
# ``BENCH_RATE_LIMITS=off`` (the "shopsite, no rate limit" server of ``bench/load.py``):
# every rate is ``None``, so nothing is counted, as the independent guest token counts nothing.
# Lower case: a name, not one more Django setting.
rate_limits_off = os.environ.get("BENCH_RATE_LIMITS") == "off"
REST_FRAMEWORK = {
    **REST_FRAMEWORK,  # noqa: F405
    "DEFAULT_THROTTLE_RATES": {
        name: None if rate_limits_off else "100000000/minute"
        for name in REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]  # noqa: F405
    },
    "NUM_PROXIES": 1,
}
