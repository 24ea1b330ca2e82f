"""Settings of the independent baseline: what a team would write with plain Django and DRF.

A separate project that shares nothing with shopsite but the database (and the secret the
tokens are signed with, so it reads the same customer JWTs): its own settings (this module,
not ``shopsite.settings``), its own URLs and unmanaged models over shopsite's tables
(``bench/baseline/models.py``), and the smallest middleware a production Django service
runs: ``SecurityMiddleware`` and ``CommonMiddleware``. DRF generic views, simplejwt
authentication, ``ModelSerializer``s. No sessions, CSRF, messages, admin, request log,
CORS, OCAPI envelope, hooks or faults; one guest token view is rate limited the way a team
would add it (django-ratelimit, counting in Redis). ``bench/load.py`` serves it with the same
``gunicorn.conf.py`` (same worker count) beside shopsite, on the same data.
"""

import os
from datetime import timedelta

import dj_database_url

DEBUG = False
SECRET_KEY = os.environ["SECRET_KEY"]
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "testserver"]

INSTALLED_APPS = [
    # simplejwt and the password hashers import from django.contrib.auth; no model is used.
    "django.contrib.contenttypes",
    "django.contrib.auth",
    "rest_framework",
    "bench.baseline",
]
MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.common.CommonMiddleware",
]
ROOT_URLCONF = "bench.baseline.urls"
WSGI_APPLICATION = "bench.baseline.wsgi.application"

# The same database, with connections kept the way the benchmark runs shopsite's, on
# Django's own backend: its health check sends a SELECT 1 before each request's first
# query (shopsite's backend asks the socket first, shopsite/postgresql).
DATABASES = {
    "default": dj_database_url.config(
        conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "0")),
        conn_health_checks=True,
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# The rate-limited guest token counts with django-ratelimit in this cache: Django's own
# Redis backend, as a team sharing limits across servers configures it (``bench/load.py``
# passes its ``--redis``); without one, Django's default per-process memory cache.
if os.environ.get("REDIS_URL"):
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": os.environ["REDIS_URL"],
            "KEY_PREFIX": "baseline",
        }
    }
# Behind the same load balancer as shopsite's servers (``bench/loadsite/settings.py``):
# django-ratelimit counts per the client address DRF reads (``NUM_PROXIES`` below), the
# one shopsite's throttle counts per.
RATELIMIT_IP_META_KEY = "bench.baseline.views.client_address"
USE_TZ = True
TIME_ZONE = "UTC"

# Django's Argon2 at its default parameters: the hasher shopsite's passwords were made with.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.Argon2PasswordHasher"]

REST_FRAMEWORK = {
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DEFAULT_AUTHENTICATION_CLASSES": ["bench.baseline.authentication.CustomerTokenAuthentication"],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "UNAUTHENTICATED_USER": None,
    "NUM_PROXIES": 1,
}
SIMPLE_JWT = {
    "ACCESS_TOKEN_LIFETIME": timedelta(minutes=30),
    "ALGORITHM": "HS256",
    "SIGNING_KEY": os.environ.get("JWT_SIGNING_KEY", SECRET_KEY),
    "AUTH_HEADER_TYPES": ("Bearer",),
    "USER_ID_CLAIM": "sub",
    "UPDATE_LAST_LOGIN": False,
}
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
}
