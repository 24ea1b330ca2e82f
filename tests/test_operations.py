"""What operators and load balancers rely on: /healthz, request ids and log lines, the
site and client commands, and a README that documents every setting."""

import json
import logging
import re
import subprocess
import sys
from pathlib import Path
from unittest import mock

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import OperationalError
from django.test import Client

from shopsite.api.models import ApiClient, Site
from tests.conftest import api_url

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.django_db
def test_healthz_answers_ok_when_database_and_cache_answer():
    response = Client().get("/healthz")

    assert response.status_code == 200
    assert response.json() == {"status": "ok", "checks": {"database": "ok", "cache": "ok"}}
    assert "no-cache" in response["Cache-Control"]


@pytest.mark.django_db
def test_healthz_answers_503_when_the_database_does_not():
    with mock.patch("shopsite.health.connection.cursor", side_effect=OperationalError("down")):
        response = Client().get("/healthz")

    assert response.status_code == 503
    document = response.json()
    assert document["status"] == "failing"
    assert document["checks"]["database"] == "failing"  # the cache too, when it is the database


@pytest.mark.django_db
def test_healthz_answers_503_when_the_cache_does_not():
    with mock.patch("shopsite.health.cache.get", side_effect=ConnectionError("redis down")):
        response = Client().get("/healthz")

    assert response.status_code == 503
    assert response.json()["checks"] == {"database": "ok", "cache": "failing"}


@pytest.mark.django_db
def test_healthz_is_read_only_and_exempt_from_the_https_redirect(settings):
    settings.SECURE_SSL_REDIRECT = True

    assert Client().get("/healthz").status_code == 200
    assert Client().post("/healthz").status_code == 405
    assert Client().get(api_url("customers/x")).status_code == 301


@pytest.mark.django_db
@pytest.mark.parametrize("host", ["10.0.3.7", "10.0.3.7:8000", "[fd00::7]", "internal-lb-probe"])
def test_healthz_answers_whatever_the_host(host, caplog):
    """A load balancer probes the server by its IP, which ALLOWED_HOSTS need not list."""
    caplog.set_level(logging.INFO)

    response = Client().get("/healthz", headers={"Host": host})

    assert response.status_code == 200
    assert response.json()["status"] == "ok"
    assert not [r for r in caplog.records if r.levelno >= logging.WARNING]


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/admin/login/", "/api/schema/", api_url("customers/auth"), "/"])
def test_a_disallowed_host_is_a_fault_and_one_warning_line(path, caplog):
    caplog.set_level(logging.INFO)

    response = Client().get(path, headers={"Host": "10.0.3.7"})

    assert response.status_code == 400
    assert response["Content-Type"].startswith("application/json")
    assert response.json()["fault"]["type"] == "BadRequestException"
    problems = [r for r in caplog.records if r.levelno >= logging.WARNING]
    assert [(r.levelname, r.name) for r in problems] == [("WARNING", "shopsite.hosts")]
    assert problems[0].exc_info is None and "\n" not in problems[0].getMessage()


def request_lines(caplog):
    return [r for r in caplog.records if r.name == "shopsite.request"]


def test_every_response_has_a_request_id_and_one_log_line(client, caplog):
    caplog.set_level(logging.INFO, logger="shopsite.request")

    response = client.call("POST", "customers/auth", {"type": "guest"})

    request_id = response["X-Request-ID"]
    assert re.fullmatch(r"[0-9a-f]{32}", request_id)
    (line,) = request_lines(caplog)
    assert line.request_id == request_id
    assert line.method == "POST"
    assert line.path == api_url("customers/auth")
    assert line.status == 200
    assert line.client_id == client.client_id
    assert line.duration_ms >= 0


def test_a_balancer_request_id_is_kept_and_a_malformed_one_replaced(client, caplog):
    caplog.set_level(logging.INFO, logger="shopsite.request")
    kept = client.call("GET", "customers/x", headers={"X-Request-ID": "lb-7f3a9c21-0001"})
    replaced = client.call("GET", "customers/x", headers={"X-Request-ID": "<script>\nx"})

    assert kept["X-Request-ID"] == "lb-7f3a9c21-0001"
    assert re.fullmatch(r"[0-9a-f]{32}", replaced["X-Request-ID"])


def test_the_log_line_has_no_query_string_and_no_token(client, token, customer, caplog):
    caplog.set_level(logging.INFO, logger="shopsite.request")

    client.call("GET", f"customers/{customer.customer_id}?expand=addresses&secret=s3", token=token)

    (line,) = request_lines(caplog)
    assert line.path == api_url(f"customers/{customer.customer_id}")
    formatted = json.dumps(vars(line), default=str)
    assert "s3" not in formatted.replace(customer.customer_id, "")
    assert token not in formatted


def test_the_json_formatter_writes_one_object_with_the_request_fields(settings, caplog):
    from pythonjsonlogger.json import JsonFormatter

    config = dict(settings.LOGGING["formatters"]["json"])
    config.pop("()")
    formatter = JsonFormatter(config.pop("format"), **config)
    record = logging.LogRecord("shopsite.request", logging.INFO, __file__, 1, "GET / 200", (), None)
    record.request_id, record.status, record.path = "abc123", 200, "/healthz"

    document = json.loads(formatter.format(record))

    assert document["logger"] == "shopsite.request"
    assert document["level"] == "INFO"
    assert document["request_id"] == "abc123"
    assert document["status"] == 200
    assert document["message"] == "GET / 200"


@pytest.mark.django_db
def test_create_site_creates_and_then_updates(capsys):
    call_command("create_site", "RefArch", "--name", "Reference")
    call_command("create_site", "RefArch", "--name", "Reference Architecture", "--offline")

    site = Site.objects.get(site_id="RefArch")
    assert (site.name, site.is_online) == ("Reference Architecture", False)
    assert Site.objects.count() == 1
    assert "Updated site 'RefArch' (offline)" in capsys.readouterr().out


@pytest.mark.django_db
@pytest.mark.parametrize(
    "site_id",
    ["", "a/b", "x" * 65, "nul\x00", "bad site id!", "caf\u00e9", "_lead", "a?b", "a%20b"],
)
def test_create_site_refuses_an_id_that_is_not_a_url_segment(site_id):
    with pytest.raises(CommandError, match="letters, digits"):
        call_command("create_site", site_id)
    assert not Site.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize("site_id", ["RefArch", "SiteGenesis", "ref-arch_2", "x" * 64])
def test_create_site_accepts_commerce_cloud_site_ids(site_id, capsys):
    call_command("create_site", site_id)

    assert Site.objects.get().site_id == site_id
    assert f"API base: /s/{site_id}/dw/shop/v19_5/" in capsys.readouterr().out


def test_the_bad_site_id_command_exits_1_with_a_message():
    result = subprocess.run(
        [sys.executable, "manage.py", "create_site", "bad site id!"],
        cwd=Path(__file__).resolve().parent.parent,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 1
    assert result.stderr.startswith("CommandError: SITE_ID must be")
    assert "Traceback" not in result.stderr


@pytest.mark.django_db
def test_create_api_client_lists_allowed_origins(capsys):
    call_command(
        "create_api_client",
        "Web",
        "--allowed-origin",
        "https://www.example.com/",
        "--allowed-origin",
        "https://m.example.com",
    )

    client = ApiClient.objects.get(name="Web")
    assert client.origins == {"https://www.example.com", "https://m.example.com"}


@pytest.mark.django_db
@pytest.mark.parametrize(
    "origin", ["https://x.com/path", "www.example.com", "https://", "https://x.com?q=1"]
)
def test_create_api_client_refuses_a_url_that_is_not_an_origin(origin):
    """The same rule as a settings document's allowed_origins."""
    with pytest.raises(CommandError):
        call_command("create_api_client", "Web", "--allowed-origin", origin)
    assert not ApiClient.objects.exists()


SETTING_READS = re.compile(r"""(?:env_\w+|os\.environ\.get)\(\s*["']([A-Z][A-Z0-9_]+)["']""")


@pytest.mark.parametrize("source", ["shopsite/settings.py", "gunicorn.conf.py"])
def test_the_readme_documents_every_environment_variable(source):
    readme = (ROOT / "README.md").read_text()
    variables = set(SETTING_READS.findall((ROOT / source).read_text()))

    assert variables, "the pattern must find the settings' variables"
    assert sorted(v for v in variables if f"`{v}`" not in readme) == []
