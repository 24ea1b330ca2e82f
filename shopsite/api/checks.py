"""System checks for what would break at run time rather than at start-up.

``manage.py check --deploy`` is the operator's last step before starting app servers: it
must fail on anything that would turn requests into 500s, not only on weak settings. A
setting that is wrong anywhere, not only in production (a throttle rate DRF cannot read),
is checked by every ``manage.py check``.
"""

import math
import re
import zlib
from collections import Counter

from django.conf import settings
from django.core import checks
from django.db import DatabaseError, connections
from rest_framework.settings import api_settings
from rest_framework.throttling import ScopedRateThrottle

#: What a value copied from documentation rather than generated looks like: the README's
#: ``replace-with-...``, ``change-me``, ``<your key>``, ``...``.
PLACEHOLDER = re.compile(
    r"replace[-_ ]?(with|me)|change[-_ ]?(it|me|this)|placeholder|your[-_ ]|example|"
    r"<[^>]*>|\.\.\.|…|generate_key\(\)|output[-_ ]of|insecure|not[-_ ]?secret",
    re.I,
)
#: Fewer bits than this, estimated from the value's own characters, is guessable.
MIN_SECRET_BITS = 80


#: What zlib adds to any input (header, checksum, block framing), in bytes.
ZLIB_OVERHEAD = 11


def estimated_bits(value: str) -> float:
    """A generous estimate of a secret's entropy: the Shannon entropy of its own characters
    times its length, where a repeated pattern counts only as long as zlib's compression of
    it (``"0123456789" * 6`` is ten characters' worth)."""
    if not value:
        return 0.0
    counts = Counter(value)
    per_char = -sum(n / len(value) * math.log2(n / len(value)) for n in counts.values())
    compressed = len(zlib.compress(value.encode(), 9)) - ZLIB_OVERHEAD
    return per_char * max(min(len(value), compressed), 0)


def weak_secret(value: str, min_bits: float = MIN_SECRET_BITS) -> str | None:
    """Why ``value`` is not fit to be a production secret, or ``None``. The reason never
    quotes the value."""
    if PLACEHOLDER.search(value):
        return "is a placeholder copied from documentation, not a generated value"
    if estimated_bits(value) < min_bits:
        return (
            "has too little entropy (too short, too few different characters, "
            "or a repeated pattern)"
        )
    return None


def database_cache_tables() -> list[tuple[str, str]]:
    """``(cache alias, table)`` of every cache kept in the database."""
    return [
        (alias, config["LOCATION"])
        for alias, config in settings.CACHES.items()
        if config["BACKEND"].endswith("DatabaseCache")
    ]


@checks.register(checks.Tags.caches, deploy=True)
def check_cache_tables(app_configs, **kwargs):
    """The database cache holds throttles: without its table every throttled request fails."""
    tables = database_cache_tables()
    if not tables:
        return []
    try:
        existing = set(connections["default"].introspection.table_names())
    except DatabaseError as exc:
        return [
            checks.Error(
                "The database cannot be reached to check the cache table "
                f"({exc.__class__.__name__}).",
                hint="Check DATABASE_URL and that the database server is up.",
                id="ocapi.E002",
            )
        ]
    return [
        checks.Error(
            f"The cache '{alias}' is kept in the database table '{table}', which does not exist.",
            hint="Run `manage.py migrate` (it creates the table), or set REDIS_URL.",
            id="ocapi.E003",
        )
        for alias, table in tables
        if table not in existing
    ]


@checks.register(checks.Tags.security, deploy=True)
def check_secret_keys(app_configs, **kwargs):
    """Django's own check (``security.W009``) accepts any 50 characters with 5 different
    ones, so a README placeholder pasted as written passes it while anyone who read the
    README can forge sessions, reset links and customer tokens. Refuse placeholders and
    guessable values for ``SECRET_KEY`` and a separate ``JWT_SIGNING_KEY``."""
    keys = {"SECRET_KEY": settings.SECRET_KEY}
    jwt_key = settings.SIMPLE_JWT.get("SIGNING_KEY")
    if jwt_key and jwt_key != settings.SECRET_KEY:
        keys["JWT_SIGNING_KEY"] = jwt_key
    found = []
    for name, value in keys.items():
        reason = weak_secret(value)
        if reason:
            found.append(
                checks.Error(
                    f"{name} {reason}: whoever guesses it can sign tokens and sessions.",
                    hint="Generate one: "
                    'python -c "import secrets; print(secrets.token_urlsafe(50))"',
                    id="ocapi.E005",
                )
            )
    return found


CONSOLE_EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"


@checks.register(checks.Tags.security, deploy=True)
def check_email_backend(app_configs, **kwargs):
    """Password reset mails carry a live token: printed to the console they end up in the
    server's log, readable by anyone who reads logs. Only a developer (DEBUG on) may want
    that; a deployment that really does silences the check (``SILENCED_SYSTEM_CHECKS``)."""
    if settings.DEBUG or settings.EMAIL_BACKEND != CONSOLE_EMAIL_BACKEND:
        return []
    return [
        checks.Error(
            "EMAIL_BACKEND is the console backend while DEBUG is off: every password reset "
            "mail, token included, would be written to the server log.",
            hint="Configure SMTP (EMAIL_HOST, EMAIL_PORT, EMAIL_HOST_USER, EMAIL_HOST_PASSWORD, "
            "EMAIL_USE_TLS) or another mail backend.",
            id="ocapi.E004",
        )
    ]


@checks.register(checks.Tags.security)
def check_throttle_rates(app_configs, **kwargs):
    """A rate DRF cannot read (``THROTTLE_OAUTH="30 a minute"``) would make every request of
    its scope a 500, logins among them: refuse it when the server starts instead. ``None``
    leaves a scope unlimited, as in DRF."""
    found = []
    for scope, rate in api_settings.DEFAULT_THROTTLE_RATES.items():
        if rate is None:
            continue
        try:
            ScopedRateThrottle().parse_rate(rate)
        except (AttributeError, IndexError, KeyError, TypeError, ValueError):
            found.append(
                checks.Error(
                    f"The throttle rate of '{scope}' is {rate!r}: not a rate.",
                    hint="Write it as requests/period: 60/minute, 10/hour, 1000/day "
                    "(s, m, h or d is enough). None in settings leaves a scope unlimited.",
                    id="ocapi.E006",
                )
            )
    return found
