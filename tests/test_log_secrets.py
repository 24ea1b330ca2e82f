"""Secrets stay out of logs: mail is not printed in production, and nothing the whole test
run logged holds a token, a card number, a password or the secret key.

``test_the_test_run_logged_no_secret`` runs last (``tests.log_capture`` orders it) and
scans every record every other test produced, exception traces included.
"""

import os
import subprocess
import sys

from django.conf import settings

from shopsite.demo.credentials import DEMO_PASSWORD
from tests import log_capture
from tests.samples import VISA
from tests.test_project import ROOT, run_manage

PRODUCTION = {
    "SECRET_KEY": "Kq8-fT2vXr9LmZp4Wc7NyB1sHd6Ju3Ge5Ao0RiVtEx_Qb8Ml2Fn",
    "ALLOWED_HOSTS": "shop.example.com",
    "PAYMENT_ENCRYPTION_KEY": "a-long-payment-encryption-passphrase-" + "y" * 30,
}
CONSOLE = "django.core.mail.backends.console.EmailBackend"


def production_setting(name: str, **env) -> str:
    environment = {k: v for k, v in os.environ.items() if k not in {"DEBUG", "EMAIL_BACKEND"}}
    environment.update(PRODUCTION, **env)
    code = f"from shopsite import settings; print(settings.{name})"
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=environment, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def test_production_sends_mail_over_smtp_by_default():
    assert production_setting("EMAIL_BACKEND") == "django.core.mail.backends.smtp.EmailBackend"
    assert production_setting("EMAIL_BACKEND", DEBUG="1") == CONSOLE


def test_the_deploy_check_refuses_the_console_backend_without_debug():
    result = run_manage("check", "--deploy", EMAIL_BACKEND=CONSOLE, **PRODUCTION)

    assert result.returncode != 0
    assert "ocapi.E004" in result.stdout + result.stderr


def test_smtp_settings_come_from_the_environment():
    assert production_setting("EMAIL_HOST_USER", EMAIL_HOST_USER="mailer") == "mailer"
    assert production_setting("EMAIL_USE_TLS", EMAIL_USE_TLS="1") == "True"


def test_the_scan_finds_each_kind_of_secret():
    known = {"password": "Str0ng!Passw0rd"}
    line = (
        "login jsmith:Str0ng!Passw0rd card 4111 1111 1111 1111 "
        "token eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl"
    )

    found = log_capture.secrets_in(line, known)

    assert found == ["password", "JWT eyJhbGciOiJI...", "card ...1111"]
    assert log_capture.secrets_in("order 00012345 total 21.50 at 2019-05-01", known) == []
    # A task id whose first three groups are digits, and Luhn-valid, is not a card number.
    task = "Task id=60526185-6917-4520-a34d-6f9b91f81933 state=RUNNING"
    assert log_capture.secrets_in(task, known) == []
    assert log_capture.secrets_in(f"{task} card 4111-1111-1111-1111", known) == ["card ...1111"]


def test_the_test_run_logged_no_secret():
    from tests.conftest import PASSWORD
    from tests.test_password_change import NEW_PASSWORD

    known = {
        "SECRET_KEY": settings.SECRET_KEY,
        "test password": PASSWORD,
        "new password": NEW_PASSWORD,
        "demo password": DEMO_PASSWORD,
        "test card": VISA,
    }
    known.update({f"reset token {t[:4]}...": t for t in log_capture.ISSUED_RESET_TOKENS})
    leaks = {
        record[:200]: found
        for record in log_capture.RECORDS
        if (found := log_capture.secrets_in(record, known))
    }

    assert leaks == {}
