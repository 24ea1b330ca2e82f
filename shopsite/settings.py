"""Project settings, read once from the environment.

Every value that differs between a developer's laptop and production comes from an
environment variable with a development-safe default, in the spirit of
``django/conf/global_settings.py``: the defaults run the demo on SQLite; production sets
``SECRET_KEY``, ``DATABASE_URL``, ``ALLOWED_HOSTS`` and leaves ``DEBUG`` off, after which
``manage.py check --deploy`` is clean.

App processes keep no state between requests: sessions, the token denylist and throttle
counters live in the cache, which is the database unless ``REDIS_URL`` points at Redis.
"""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONCE, NONE, SELF
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    lowered = value.strip().lower()
    if lowered in {"1", "true", "yes", "on"}:
        return True
    if lowered in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be a boolean, got {value!r}")


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    try:
        return int(value)
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name} must be an integer, got {value!r}") from exc


def env_list(name: str, default: list[str]) -> list[str]:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return [item.strip() for item in value.split(",") if item.strip()]


DEBUG = env_bool("DEBUG", False)

# The fallback key only exists so that a fresh checkout runs; `check --deploy` flags it.
SECRET_KEY = os.environ.get(
    "SECRET_KEY", "django-insecure-shopsite-development-key-change-me-in-production"
)

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]", "testserver"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    # django.contrib.admin, whose admin.site is agents.admin_site.StaffAdminSite (MFA).
    "agents.apps.StaffAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "corsheaders",
    "rest_framework",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "csp",
    "shopsite.api",
    "shopsite.accounts",
    "customers",
    "productlists",
    "agents",
    "shopsite.demo",
]

MIDDLEWARE = [
    "shopsite.requestlog.RequestLogMiddleware",
    "shopsite.hosts.AllowedHostMiddleware",  # /healthz for any Host; other bad Hosts: a fault
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "corsheaders.middleware.CorsMiddleware",
    "shopsite.api.input_guard.InputGuardMiddleware",
    "shopsite.scapi.input_guard.ScapiInputGuardMiddleware",
    "shopsite.api.middleware.HttpMethodOverrideMiddleware",
    # The lean path: sessions, auth, messages and CSP serve the admin's pages only; API requests
    # (/s/, /dw/) pass through them untouched (shopsite.api.middleware says why and how).
    "shopsite.api.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "shopsite.api.middleware.AuthenticationMiddleware",
    "shopsite.api.middleware.OTPMiddleware",
    "shopsite.api.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "shopsite.api.middleware.CSPMiddleware",
]

ROOT_URLCONF = "shopsite.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

WSGI_APPLICATION = "shopsite.wsgi.application"

# Each API action runs in one transaction (shopsite.api.views.OcapiViewMixin.initial): a
# fault rolls back everything it wrote, while throttle counts of the request are kept.
#
# Connections are reused: a new PostgreSQL connection per request costs a fork on the
# server and a round trip or two for every request. By default each gunicorn worker keeps
# its connection for DATABASE_CONN_MAX_AGE seconds (60), checked before each request uses
# it (CONN_HEALTH_CHECKS: on PostgreSQL, shopsite.postgresql asks the socket whether the
# server has ended it, and sends Django's SELECT 1 only when it may have); a sync worker
# serves one request at a time, so that is one connection per worker. DATABASE_POOL=1
# uses psycopg's pool instead (Django's OPTIONS["pool"], one pool per worker process,
# DATABASE_POOL_MAX_SIZE connections at most), for threaded workers.
# DATABASE_CONN_MAX_AGE=0 opens one per request again, e.g. behind PgBouncer in
# transaction mode (README, Production).
DATABASE_POOL = env_bool("DATABASE_POOL", False)
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=0 if DATABASE_POOL else env_int("DATABASE_CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    DATABASES["default"]["ENGINE"] = "shopsite.postgresql"
if DATABASE_POOL:
    if DATABASES["default"]["ENGINE"] != "shopsite.postgresql":
        raise ImproperlyConfigured("DATABASE_POOL needs PostgreSQL (psycopg's pool)")
    DATABASES["default"].setdefault("OPTIONS", {})["pool"] = {
        "min_size": 1,
        "max_size": env_int("DATABASE_POOL_MAX_SIZE", 4),
        "timeout": 10,
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        "default": {
            # Django's, with one redis-py client per pool instead of one per call.
            "BACKEND": "shopsite.redis_cache.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "shopsite",
        }
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "shopsite_cache",
        }
    }
SESSION_ENGINE = "django.contrib.sessions.backends.db"

# Staff logins (agents.staff_login): the admin form checks passwords through the lockout
# the OAuth user grant shares, and asks for a second factor (agents.mfa, django-otp).
AUTHENTICATION_BACKENDS = ["agents.backends.StaffLoginBackend"]
# Every admin login asks for a TOTP code (staff without one enrol first). On unless DEBUG:
# `make demo` runs with DEBUG=1, so the demo agent logs in with its password alone.
STAFF_MFA_REQUIRED = env_bool("STAFF_MFA_REQUIRED", not DEBUG)
# The OAuth user grant (tools that also hold the client's secret) needs `otp_code` too.
STAFF_MFA_REQUIRED_FOR_OAUTH = env_bool("STAFF_MFA_REQUIRED_FOR_OAUTH", False)
OTP_TOTP_ISSUER = os.environ.get("OTP_TOTP_ISSUER", "shopsite")
# django-otp's device admins are not used (agents.admin); never show a key there.
OTP_ADMIN_HIDE_SENSITIVE_DATA = True

AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator",
        "OPTIONS": {"user_attributes": ("login", "email", "first_name", "last_name")},
    },
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": env_int("PASSWORD_MIN_LENGTH", 8)},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-us"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

# The app server serves the admin's static files itself (WhiteNoise), compressed and with
# far-future cache headers on the hashed names `collectstatic` writes.
STATIC_URL = "static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# Argon2 (argon2-cffi) hashes new passwords: memory-hard, so a stolen hash is far costlier
# to attack on GPUs than PBKDF2 at the same login cost (bench/password_hashing.py measures
# it). PBKDF2 stays listed so existing hashes keep working and are upgraded at next login.
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
    "django.contrib.auth.hashers.ScryptPasswordHasher",
]

# Mail (password reset links carry a token): SMTP unless DEBUG is on, where the console
# backend prints it for the developer. The console backend with DEBUG off writes tokens to
# the server log: `check --deploy` refuses it (ocapi.E004).
EMAIL_BACKEND = os.environ.get(
    "EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend"
    if DEBUG
    else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", False)
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 10)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "no-reply@shopsite.local")

REST_FRAMEWORK = {
    # JSON first: the default when a client names no format. XML: "Formats: json, xml".
    "DEFAULT_RENDERER_CLASSES": [
        "shopsite.api.renderers.OcapiJSONRenderer",
        "shopsite.api.renderers.OcapiXMLRenderer",
        "shopsite.api.renderers.OcapiTextXMLRenderer",
    ],
    "DEFAULT_PARSER_CLASSES": [
        "shopsite.api.parsers.OcapiJSONParser",
        "shopsite.api.parsers.OcapiXMLParser",
        "shopsite.api.parsers.OcapiTextXMLParser",
    ],
    "DEFAULT_CONTENT_NEGOTIATION_CLASS": "shopsite.api.negotiation.OcapiContentNegotiation",
    # Agents' OAuth tokens first: it passes any other bearer token on to the customer JWT.
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "agents.authentication.AgentTokenAuthentication",
        "customers.authentication.CustomerJWTAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["shopsite.api.permissions.IsCustomer"],
    "DEFAULT_VERSIONING_CLASS": "rest_framework.versioning.URLPathVersioning",
    "ALLOWED_VERSIONS": ["v19_5", "v20_4"],
    "DEFAULT_VERSION": "v19_5",
    "EXCEPTION_HANDLER": "shopsite.api.exceptions.ocapi_exception_handler",
    "DEFAULT_SCHEMA_CLASS": "shopsite.api.schema.OcapiAutoSchema",
    "UNAUTHENTICATED_USER": None,
    # Proxies in front of the app whose X-Forwarded-For throttles may trust. 0 (the
    # default) means REMOTE_ADDR only; DRF's None would trust any client's header.
    "NUM_PROXIES": env_int("NUM_PROXIES", 0),
    "DEFAULT_THROTTLE_RATES": {
        "customer_auth": os.environ.get("THROTTLE_CUSTOMER_AUTH", "60/minute"),
        # Public password reset requests (each may send a mail), per client address.
        "password_reset": os.environ.get("THROTTLE_PASSWORD_RESET", "10/minute"),
        # Per customer: a stolen token must not be able to guess the current password.
        "password_change": os.environ.get("THROTTLE_PASSWORD_CHANGE", "5/minute"),
        # The OAuth token endpoint (staff passwords and client secrets), per client address.
        "oauth": os.environ.get("THROTTLE_OAUTH", "30/minute"),
        # Admin login: passwords and second-factor codes posted, per client address.
        "admin_login": os.environ.get("THROTTLE_ADMIN_LOGIN", "10/minute"),
    },
}

# shopsite's own OpenAPI 3 schema (drf-spectacular), served at /api/schema/ with Swagger UI
# at /api/docs/ from the sidecar package's files (no CDN). Public, like the documentation
# it mirrors: no client id or token is needed to read it (shopsite.api.schema).
SPECTACULAR_SETTINGS = {
    "TITLE": "shopsite Shop API",
    "DESCRIPTION": (
        "The Salesforce Commerce Cloud OCAPI Shop API 19.5 Customers resource as shopsite "
        "serves it, with OAuth 2.0 for agents. Every error is an OCAPI fault document."
    ),
    "VERSION": "19.5",
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_AUTHENTICATION": [],
    "SERVE_PERMISSIONS": ["rest_framework.permissions.AllowAny"],
    # Requests and responses differ (read-only ids, secrets only going in): a component each.
    "COMPONENT_SPLIT_REQUEST": True,
    # Empty properties are left out of documents, read-only ones included.
    "COMPONENT_NO_READ_ONLY_REQUIRED": True,
    "ENUM_GENERATE_CHOICE_DESCRIPTION": False,
    "PREPROCESSING_HOOKS": ["shopsite.api.schema.api_endpoints_only"],
    # Replaces drf-spectacular's default hooks, so enums stay inline (every document's
    # "_type" is one, and a component each is noise); selectable_answers: a `select` may
    # trim any property of an answer but `_v` and `_type`.
    "POSTPROCESSING_HOOKS": [
        "shopsite.api.schema.selectable_answers",
        "shopsite.scapi.schema.scapi_documents",
    ],
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
}

# Browser storefronts on other origins: the API paths answer CORS for the origins listed on
# active API clients (admin) and in CORS_ALLOWED_ORIGINS; the token header is readable.
CORS_URLS_REGEX = r"^/s/.*$"
CORS_ALLOWED_ORIGINS = env_list("CORS_ALLOWED_ORIGINS", [])
CORS_ALLOW_CREDENTIALS = True  # the session auth type reads the dwsid cookies
CORS_EXPOSE_HEADERS = ["Authorization"]
CORS_ALLOW_HEADERS = [
    "accept",
    "authorization",
    "content-type",
    "x-dw-client-id",
    "x-dw-http-method-override",
    "x-dw-resource-state",
]
CORS_ALLOW_METHODS = ["DELETE", "GET", "OPTIONS", "PATCH", "POST", "PUT"]

# Customer JWTs: signed, short-lived, denylisted on logout. simplejwt keeps signing, expiry
# and the `jti` claim; customers/tokens.py adds the OCAPI claims.
JWT_LIFETIME_MINUTES = env_int("JWT_LIFETIME_MINUTES", 30)
SIMPLE_JWT = {
    "ACCESS_TOKEN_LIFETIME": timedelta(minutes=JWT_LIFETIME_MINUTES),
    "ALGORITHM": "HS256",
    "SIGNING_KEY": os.environ.get("JWT_SIGNING_KEY", SECRET_KEY),
    "AUTH_HEADER_TYPES": ("Bearer",),
    "USER_ID_CLAIM": "sub",
    "TOKEN_TYPE_CLAIM": "token_type",
    "JTI_CLAIM": "jti",
    "UPDATE_LAST_LOGIN": False,
}

# OCAPI behaviour, each with its documented default.
OCAPI = {
    # Failed credential logins before an account is locked, and how long the lock lasts.
    "MAX_FAILED_LOGINS": env_int("OCAPI_MAX_FAILED_LOGINS", 6),
    "LOCKOUT_MINUTES": env_int("OCAPI_LOCKOUT_MINUTES", 30),
    # Seconds each app process keeps sites and API clients (a change made on another app
    # server takes effect after at most this long; 0 reads them on every request).
    "CONTEXT_CACHE_SECONDS": env_int("OCAPI_CONTEXT_CACHE_SECONDS", 10),
    # Guests (one row per `type: guest` login) idle this long with no basket or order are
    # deleted by `manage.py purge_guests`.
    "GUEST_RETENTION_DAYS": env_int("OCAPI_GUEST_RETENTION_DAYS", 30),
    # Request limits (shopsite.api.limits): nesting of request documents, characters of a
    # free-text property, number of c_* attributes and characters of each as JSON.
    "MAX_DOCUMENT_DEPTH": env_int("OCAPI_MAX_DOCUMENT_DEPTH", 32),
    # ... and its shape, counted while it is read: values in all, properties of one object
    # (entries of one list, attributes and children of one XML element), characters of a
    # string and of a name.
    "MAX_DOCUMENT_NODES": env_int("OCAPI_MAX_DOCUMENT_NODES", 10_000),
    "MAX_DOCUMENT_MEMBERS": env_int("OCAPI_MAX_DOCUMENT_MEMBERS", 1_000),
    "MAX_DOCUMENT_STRING_LENGTH": env_int("OCAPI_MAX_DOCUMENT_STRING_LENGTH", 65_536),
    "MAX_DOCUMENT_NAME_LENGTH": env_int("OCAPI_MAX_DOCUMENT_NAME_LENGTH", 256),
    # The request on API paths: characters of path and query string, headers, characters
    # of one header (gunicorn.conf.py's limits are just above these).
    "MAX_URL_LENGTH": env_int("OCAPI_MAX_URL_LENGTH", 8_000),
    "MAX_REQUEST_HEADERS": env_int("OCAPI_MAX_REQUEST_HEADERS", 100),
    "MAX_HEADER_LENGTH": env_int("OCAPI_MAX_HEADER_LENGTH", 8_000),
    # Values (properties, list entries) a select= selection may keep of an answer.
    "MAX_SELECTED_VALUES": env_int("OCAPI_MAX_SELECTED_VALUES", 100_000),
    "MAX_TEXT_LENGTH": env_int("OCAPI_MAX_TEXT_LENGTH", 4000),
    "MAX_CUSTOM_ATTRIBUTES": env_int("OCAPI_MAX_CUSTOM_ATTRIBUTES", 50),
    "MAX_CUSTOM_ATTRIBUTE_SIZE": env_int("OCAPI_MAX_CUSTOM_ATTRIBUTE_SIZE", 2000),
    # Password reset tokens.
    "RESET_TOKEN_LIFETIME_MINUTES": env_int("OCAPI_RESET_TOKEN_LIFETIME_MINUTES", 30),
    # Hook implementations: {"dw.ocapi.shop.customer.afterPOST": ["dotted.path", ...]}.
    "HOOKS": {},
    # Payment method ids a customer payment instrument may use (others: InvalidPaymentMethod).
    "PAYMENT_METHODS": env_list(
        "OCAPI_PAYMENT_METHODS",
        [
            "CREDIT_CARD",
            "GIFT_CERTIFICATE",
            "BANK_TRANSFER",
            "PayPal",
            "BML",
            "DW_APPLE_PAY",
            "DW_ANDROID_PAY",
            "OCAPI_Payment_Simple",
        ],
    ),
    # Replace (dotted path) or turn off (None) a default hook implementation shopsite ships,
    # e.g. {"dw.ocapi.shop.customers.password_reset.afterPOST": None} to send no reset mail.
    "DEFAULT_HOOKS": {},
    # The storefront page the reset mail links to; `login` and `token` are added to its query.
    "PASSWORD_RESET_URL": os.environ.get(
        "OCAPI_PASSWORD_RESET_URL", "http://localhost:8000/reset-password"
    ),
    # How trusted-system endpoints authenticate the calling client (shopsite.api.authentication).
    "TRUSTED_CLIENT_AUTHENTICATORS": [
        "shopsite.api.authentication.ClientSecretBasicAuthentication",
        "agents.authentication.ClientBearerAuthentication",
    ],
    # OAuth tokens of /dw/oauth2/access_token (agents and client credentials).
    "AGENT_TOKEN_LIFETIME_MINUTES": env_int("OCAPI_AGENT_TOKEN_LIFETIME_MINUTES", 15),
    # A storefront page that accepts an on-behalf-of token in its URL fragment (#token=...):
    # the admin's "Act on behalf of" page then links to it. Unset: no link.
    "AGENT_STOREFRONT_URL": os.environ.get("OCAPI_AGENT_STOREFRONT_URL", ""),
}

# Key(s) encrypting stored card, bank account and gift certificate numbers (customers.crypto):
# Fernet keys or passphrases, comma separated, the first encrypts and all decrypt (rotation).
# Unset, a key derived from SECRET_KEY is used: fine for development, flagged by check --deploy.
PAYMENT_ENCRYPTION_KEY = os.environ.get("PAYMENT_ENCRYPTION_KEY", "")

# Logs go to stderr, one JSON object a line in production (LOG_FORMAT=json, the default
# with DEBUG off) for log shippers, plain text while developing. Every record carries the
# request id (shopsite.requestlog); the request log line adds method, path (never the query
# string), status, duration and client id.
LOG_FORMAT = os.environ.get("LOG_FORMAT", "text" if DEBUG else "json")
if LOG_FORMAT not in {"json", "text"}:
    raise ImproperlyConfigured(f"LOG_FORMAT must be json or text, got {LOG_FORMAT!r}")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "shopsite.requestlog.RequestIdFilter"}},
    "formatters": {
        "json": {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "format": "%(asctime)s %(levelname)s %(name)s %(request_id)s %(message)s",
            "rename_fields": {"asctime": "time", "levelname": "level", "name": "logger"},
        },
        "text": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": LOG_FORMAT,
            "filters": ["request_id"],
        }
    },
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.request": {"level": "ERROR"},
        # runserver's own access lines duplicate the request log.
        "django.server": {"level": "WARNING"},
    },
}

# Production hardening: on whenever DEBUG is off, so `check --deploy` is clean.
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not DEBUG)
# Load balancers probe over plain HTTP inside the network.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", not DEBUG)
SESSION_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_SECURE = not DEBUG
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"

# --- Background tasks (issue #21): the one way work leaves a request ---------------------
# Django's tasks framework (django-tasks, the backport of Django 6's django.tasks). Reset
# mails, bulk mailings, the admin's customer export and the periodic purges are tasks.
#   database  (default) django-tasks-db: tasks are rows of this database, enqueued in the
#             transaction that made them; `manage.py db_worker` runs them (several workers
#             on several machines claim rows with SELECT ... FOR UPDATE SKIP LOCKED).
#   rq        django-tasks-rq on REDIS_URL: `manage.py rqworker --job-class django_tasks_rq.Job
#             --with-scheduler default` (RQ needs that job class to run these tasks).
#   immediate runs each task in the process that enqueued it, when the transaction commits
#             (the demo; never in production: a slow mail server would hold the request).
TASKS_BACKEND = os.environ.get("TASKS_BACKEND", "database")
_TASK_BACKENDS = {
    "database": "django_tasks_db.DatabaseBackend",
    "rq": "django_tasks_rq.RQBackend",
    "immediate": "django_tasks.backends.immediate.ImmediateBackend",
}
if TASKS_BACKEND not in _TASK_BACKENDS:
    raise ImproperlyConfigured(
        f"TASKS_BACKEND must be one of {', '.join(_TASK_BACKENDS)}, got {TASKS_BACKEND!r}"
    )
if TASKS_BACKEND == "rq" and not REDIS_URL:
    raise ImproperlyConfigured("TASKS_BACKEND=rq needs REDIS_URL")
TASKS = {"default": {"BACKEND": _TASK_BACKENDS[TASKS_BACKEND], "QUEUES": ["default"]}}
INSTALLED_APPS += ["django_tasks", "django_tasks_db"]
if TASKS_BACKEND == "rq":
    INSTALLED_APPS += ["django_rq"]
    RQ_QUEUES = {"default": {"URL": REDIS_URL, "DEFAULT_TIMEOUT": 600}}

# Outgoing mail (customers.outgoing_mail): attempts per mail before it is "failed", the
# first retry delay (doubled each attempt, at most RETRY_MAX_SECONDS), and how long a mail
# may stay "sending" (a worker died) or "queued" without a live task before
# `manage.py sweep_outgoing_mail` queues it again.
OUTGOING_MAIL = {
    "MAX_ATTEMPTS": env_int("MAIL_MAX_ATTEMPTS", 5),
    "RETRY_DELAY_SECONDS": env_int("MAIL_RETRY_DELAY_SECONDS", 30),
    "RETRY_MAX_SECONDS": env_int("MAIL_RETRY_MAX_SECONDS", 3600),
    "STALE_SECONDS": env_int("MAIL_STALE_SECONDS", 600),
}

# POST /customers/password_reset answers no sooner than this many seconds after it arrived,
# found or not: the work for a known login (token, queued mail, commit) takes a few ms more
# than for an unknown one, and the answer's timing must not tell which logins exist.
OCAPI["PASSWORD_RESET_ANSWER_SECONDS"] = float(
    os.environ.get("OCAPI_PASSWORD_RESET_ANSWER_SECONDS", "0.1")
)
# Content-Security-Policy (django-csp) for the HTML pages: the admin and the API docs. Only
# the site's own scripts, styles and images; an inline <script>/<style> runs only with the
# request's nonce (templates write nonce="{{ request.csp_nonce }}"), style attributes and
# inline event handlers never. The Shop API, SCAPI, SLAS, OAuth and health answers are JSON:
# they carry none. The Swagger UI has its own, looser policy (shopsite.urls).
CONTENT_SECURITY_POLICY = {
    "EXCLUDE_URL_PREFIXES": ["/s/", "/dw/", "/customer/", "/shopper/", "/healthz"],
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF, NONCE],
        "img-src": [SELF],
        "object-src": [NONE],
        "base-uri": [NONE],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}

# --- SCAPI (Shopper Customers) and SLAS (Shopper Login), beside OCAPI (shopsite.scapi,
# customers.slas). Storefronts using commerce-sdk-isomorphic name the organization in every
# path; the short code of their configuration only builds the host name they replace with
# `proxy`, so it is accepted and not checked.
SCAPI = {
    "ORGANIZATION_ID": os.environ.get("SCAPI_ORGANIZATION_ID", "f_ecom_zzzz_001"),
    # Lifetimes as SLAS documents them: access tokens 30 minutes; refresh tokens 30 days
    # for guests, 90 days for registered shoppers; authorization codes briefly.
    "ACCESS_TOKEN_MINUTES": env_int("SLAS_ACCESS_TOKEN_MINUTES", 30),
    "GUEST_REFRESH_TOKEN_DAYS": env_int("SLAS_GUEST_REFRESH_TOKEN_DAYS", 30),
    "REGISTERED_REFRESH_TOKEN_DAYS": env_int("SLAS_REGISTERED_REFRESH_TOKEN_DAYS", 90),
    "AUTHORIZATION_CODE_SECONDS": env_int("SLAS_AUTHORIZATION_CODE_SECONDS", 600),
}
