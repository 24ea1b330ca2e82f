"""Settings for the test suite: production settings with two test-only relaxations."""

from shopsite.settings import *  # noqa: F403

# Production redirects HTTP to HTTPS; the test client and live server speak plain HTTP.
SECURE_SSL_REDIRECT = False
# A deliberately slow password hash is the point in production and a waste in tests.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# Production serves hashed names from collectstatic's manifest; tests do not run it.
STORAGES = {
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Serve static files from the apps' folders (no collectstatic in tests), as DEBUG would.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
# The reset endpoint's answer-time floor is checked by its own test, with the real value.
OCAPI = {**OCAPI, "PASSWORD_RESET_ANSWER_SECONDS": 0}  # noqa: F405
