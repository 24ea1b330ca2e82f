"""Project-level promises: production settings pass `check --deploy`, demo data loads."""

import io
import os
import re
import secrets
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import SystemCheckError
from django.core.management.utils import get_random_secret_key

from customers.models import Customer
from shopsite.api.models import ApiClient
from shopsite.demo.credentials import DEMO_CLIENT_ID, DEMO_PASSWORD
from tests.conftest import OcapiClient, basic

ROOT = Path(__file__).resolve().parent.parent


def run_manage(*args, **env):
    environment = {k: v for k, v in os.environ.items() if k not in {"DEBUG", "SECRET_KEY"}}
    environment.update(env, DJANGO_SETTINGS_MODULE="shopsite.settings")
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        check=False,
    )


PRODUCTION = {
    "SECRET_KEY": "Kq8-fT2vXr9LmZp4Wc7NyB1sHd6Ju3Ge5Ao0RiVtEx_Qb8Ml2Fn",
    "ALLOWED_HOSTS": "shop.example.com",
    "PAYMENT_ENCRYPTION_KEY": "a-long-payment-encryption-passphrase-" + "y" * 30,
}


def test_production_configuration_passes_the_deploy_check(tmp_path):
    database = f"sqlite:///{tmp_path / 'db.sqlite3'}"
    migrated = run_manage("migrate", "--noinput", DATABASE_URL=database, **PRODUCTION)
    assert migrated.returncode == 0, migrated.stdout + migrated.stderr

    result = run_manage(
        "check", "--deploy", "--fail-level", "WARNING", DATABASE_URL=database, **PRODUCTION
    )

    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_deploy_check_fails_without_the_cache_table(tmp_path):
    # Throttled endpoints answer 500 without it: the check must stop the deploy.
    result = run_manage(
        "check", "--deploy", DATABASE_URL=f"sqlite:///{tmp_path / 'empty.sqlite3'}", **PRODUCTION
    )

    assert result.returncode != 0
    assert "ocapi.E003" in result.stdout + result.stderr
    assert "shopsite_cache" in result.stdout + result.stderr


def test_deploy_check_fails_on_a_short_payment_encryption_key(tmp_path):
    database = f"sqlite:///{tmp_path / 'db.sqlite3'}"
    run_manage("migrate", "--noinput", DATABASE_URL=database, **PRODUCTION)
    short_key = "tooshort"

    result = run_manage(
        "check",
        "--deploy",
        DATABASE_URL=database,
        **{
            **PRODUCTION,
            "PAYMENT_ENCRYPTION_KEY": f"{PRODUCTION['PAYMENT_ENCRYPTION_KEY']},{short_key}",
        },
    )

    output = result.stdout + result.stderr
    assert result.returncode != 0
    assert "customers.E001" in output
    assert "key #2" in output
    assert short_key not in output  # the message names the key's position, never the key


def test_migrate_alone_creates_what_the_app_needs(tmp_path):
    database = tmp_path / "db.sqlite3"
    result = run_manage("migrate", "--noinput", DATABASE_URL=f"sqlite:///{database}", **PRODUCTION)
    assert result.returncode == 0, result.stderr

    with sqlite3.connect(database) as db:
        tables = {row[0] for row in db.execute("SELECT name FROM sqlite_master")}
    assert "shopsite_cache" in tables


def test_development_key_is_flagged_by_the_deploy_check():
    result = run_manage("check", "--deploy", "--fail-level", "WARNING")

    assert result.returncode != 0
    assert "security.W009" in result.stdout + result.stderr


@pytest.mark.django_db
def test_demo_data_is_idempotent_and_usable():
    call_command("load_demo_data")
    call_command("load_demo_data")

    assert ApiClient.objects.filter(client_id=DEMO_CLIENT_ID).count() == 1
    assert Customer.objects.filter(login="jsmith").count() == 2  # one per demo site
    client = OcapiClient(DEMO_CLIENT_ID)
    response = client.call(
        "POST",
        "customers/auth",
        {"type": "credentials"},
        headers={"Authorization": basic("jsmith", DEMO_PASSWORD)},
    )
    assert response.status_code == 200
    assert response.json()["c_origin"] == "webshop"


def readme_environment() -> dict[str, str]:
    """The variables of the README's production environment block, as written."""
    block = re.search(
        r"<!-- production-environment -->\s*```sh\n(.*?)```", (ROOT / "README.md").read_text(), re.S
    )
    return dict(re.findall(r"export (\w+)='([^']*)'", block[1]))


def test_the_readme_placeholders_pasted_as_written_fail_the_deploy_check(tmp_path):
    database = f"sqlite:///{tmp_path / 'db.sqlite3'}"
    run_manage("migrate", "--noinput", DATABASE_URL=database, **PRODUCTION)
    pasted = readme_environment()
    assert {"SECRET_KEY", "PAYMENT_ENCRYPTION_KEY"} <= set(pasted)

    result = run_manage("check", "--deploy", DATABASE_URL=database, **{**PRODUCTION, **pasted})

    output = result.stdout + result.stderr
    assert result.returncode != 0
    assert "ocapi.E005" in output  # SECRET_KEY
    assert "customers.E001" in output  # PAYMENT_ENCRYPTION_KEY
    assert pasted["SECRET_KEY"] not in output


@pytest.mark.django_db
@pytest.mark.parametrize(
    "value",
    [
        "0123456789" * 6,  # a repeated pattern, 60 characters, 10 different ones
        "aB3$" * 20,
        "my-shop-secret-key-change-me-before-going-live-please",
        "<your-secret-key-of-50-characters-or-more-goes-here-please>",
    ],
)
def test_low_entropy_and_placeholder_secret_keys_fail_the_deploy_check(settings, value):
    settings.DEBUG = False
    settings.SECRET_KEY = value
    settings.SIMPLE_JWT = {**settings.SIMPLE_JWT, "SIGNING_KEY": value}

    with pytest.raises(SystemCheckError, match=r"ocapi\.E005"):
        call_command("check", "--deploy", stdout=io.StringIO(), stderr=io.StringIO())


@pytest.mark.django_db
def test_a_generated_secret_key_passes(settings):
    settings.DEBUG = False
    settings.SECRET_KEY = get_random_secret_key()
    settings.SIMPLE_JWT = {**settings.SIMPLE_JWT, "SIGNING_KEY": secrets.token_hex(16)}
    out = io.StringIO()

    call_command("check", "--deploy", "--tag", "security", stdout=out, stderr=io.StringIO())

    assert "ocapi.E005" not in out.getvalue()


def readme_output_files() -> set[str]:
    """Files the README's shell blocks write into the checkout (``--file X``, ``> X``)."""
    blocks = re.findall(r"```sh\n(.*?)```", (ROOT / "README.md").read_text(), re.S)
    targets = set()
    for block in blocks:
        targets |= set(re.findall(r"(?:--file|--output|>)\s+([\w.-]+\.\w+)\b", block))
    return targets


def test_what_the_readme_commands_write_into_the_checkout_is_ignored_by_git():
    git = shutil.which("git")
    if not git or not (ROOT / ".git").exists():
        pytest.skip("not a git checkout")
    targets = readme_output_files()
    assert "schema.yaml" in targets

    result = subprocess.run(
        [git, "check-ignore", "--no-index", *sorted(targets)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )

    assert set(result.stdout.split()) == targets, result.stderr
