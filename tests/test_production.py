"""The README's Production section, run literally under gunicorn on a fresh PostgreSQL database.

The test takes the two marked blocks of README.md (environment, then commands) and runs them
with bash, changing only what must differ on a test machine: the database (a new, empty one),
the host and port, Redis's address, and fresh secrets. Then it acts as a storefront would
through the proxy (``X-Forwarded-Proto: https``): guest token, registration, login, reading the
customer; and as a load balancer: ``/healthz`` and an admin static file. A README step that
no longer works fails here.
"""

import base64
import json
import os
import re
import secrets
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.request
import uuid
from pathlib import Path

import pytest
from cryptography.fernet import Fernet
from django.db import connection

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text()

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the production path is run on PostgreSQL"
)


def readme_block(marker: str) -> str:
    match = re.search(rf"<!-- {marker} -->\s*```sh\n(.*?)```\s*<!-- /{marker} -->", README, re.S)
    assert match, f"README.md has no {marker} block"
    return match.group(1)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def redis_answers() -> bool:
    try:
        with socket.create_connection(("127.0.0.1", 6379), timeout=1) as sock:
            sock.sendall(b"PING\r\n")
            return sock.recv(16).startswith(b"+PONG")
    except OSError:
        return False


@pytest.fixture
def fresh_database():
    settings_dict = connection.settings_dict
    # Named after the test database, so whoever made that one (.ci/run) finds this one too.
    name = f"{settings_dict['NAME']}_production_{uuid.uuid4().hex[:10]}"[-63:]
    admin = f"postgres://{settings_dict['USER']}@{settings_dict['HOST'] or '127.0.0.1'}:" + str(
        settings_dict["PORT"] or 5432
    )
    with connection.cursor() as cursor:
        cursor.execute(f'CREATE DATABASE "{name}"')
    yield f"{admin}/{name}"
    with connection.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


class NoRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


class Proxy:
    """What the TLS-terminating proxy forwards: Host and X-Forwarded-Proto."""

    def __init__(self, port: int):
        self.base = f"http://127.0.0.1:{port}"
        self.opener = urllib.request.build_opener(NoRedirects())

    def request(self, method, path, body=None, headers=None):
        data = None if body is None else json.dumps(body).encode()
        headers = {"Host": "127.0.0.1", "X-Forwarded-Proto": "https", **(headers or {})}
        if data is not None:
            headers["Content-Type"] = "application/json"
        request = urllib.request.Request(self.base + path, data, headers, method=method)
        try:
            with self.opener.open(request, timeout=30) as response:
                return response.status, dict(response.headers), response.read()
        except urllib.error.HTTPError as error:
            return error.code, dict(error.headers), error.read()


@pytest.mark.django_db(transaction=True)
def test_the_readme_production_section_works_as_written(fresh_database, tmp_path):
    port = free_port()
    overrides = {
        "DATABASE_URL": fresh_database,
        "ALLOWED_HOSTS": "127.0.0.1",
        "CSRF_TRUSTED_ORIGINS": "https://127.0.0.1",
        "SECRET_KEY": secrets.token_urlsafe(60),
        "PAYMENT_ENCRYPTION_KEY": Fernet.generate_key().decode(),
        "STATIC_ROOT": str(tmp_path / "static"),
        "PORT": str(port),
        "WEB_CONCURRENCY": "2",
    }
    script = ["set -euo pipefail", readme_block("production-environment")]
    script += [f"export {name}='{value}'" for name, value in overrides.items()]
    script.append(
        "export REDIS_URL=redis://127.0.0.1:6379/5" if redis_answers() else "unset REDIS_URL"
    )
    commands = readme_block("production-commands").strip().splitlines()
    assert commands[-1].startswith(".venv/bin/gunicorn"), "the last step starts the app server"
    script += [*commands[:-1], "exec " + commands[-1]]
    (tmp_path / "run.sh").write_text("\n".join(script) + "\n")

    environment = {
        k: v for k, v in os.environ.items() if k not in {"DEBUG", "DJANGO_SETTINGS_MODULE"}
    }
    log_path = tmp_path / "server.log"
    with log_path.open("w") as log:
        server = subprocess.Popen(
            ["/bin/bash", str(tmp_path / "run.sh")],
            cwd=ROOT,
            env=environment,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    proxy = Proxy(port)
    try:
        deadline = time.monotonic() + 240
        while True:
            assert server.poll() is None, log_path.read_text()
            try:
                status, _, body = proxy.request(
                    "GET", "/healthz", headers={"X-Forwarded-Proto": ""}
                )
                if status == 200:
                    break
            except OSError:
                pass
            assert time.monotonic() < deadline, log_path.read_text()
            time.sleep(0.5)
        assert json.loads(body) == {"status": "ok", "checks": {"database": "ok", "cache": "ok"}}

        output = log_path.read_text()
        client_id = re.search(r"client id: (\S+)", output).group(1)
        assert "Created site 'RefArch'" in output
        api = "/s/RefArch/dw/shop/v19_5"
        ids = {"x-dw-client-id": client_id}

        status, headers, _ = proxy.request("POST", f"{api}/customers/auth", {"type": "guest"}, ids)
        assert status == 200
        guest = headers["Authorization"]
        registration = {
            "customer": {"login": "ops-check", "email": "ops@example.com", "last_name": "Ops"},
            "password": "Correct-Horse-9-Battery",
        }
        status, _, body = proxy.request(
            "POST", f"{api}/customers", registration, {**ids, "Authorization": guest}
        )
        assert status == 200, body
        customer_id = json.loads(body)["customer_id"]

        basic = base64.b64encode(b"ops-check:Correct-Horse-9-Battery").decode()
        status, headers, body = proxy.request(
            "POST",
            f"{api}/customers/auth",
            {"type": "credentials"},
            {**ids, "Authorization": f"Basic {basic}"},
        )
        assert status == 200, body
        token = headers["Authorization"]
        status, headers, body = proxy.request(
            "GET", f"{api}/customers/{customer_id}", headers={**ids, "Authorization": token}
        )
        assert status == 200, body
        assert json.loads(body)["login"] == "ops-check"
        assert re.fullmatch(r"[0-9a-f]{32}", headers["X-Request-ID"])

        status, headers, body = proxy.request("GET", "/static/admin/css/base.css")
        assert status == 200
        assert b"body" in body
        assert headers["Content-Type"].startswith("text/css")

        # Without the proxy's header the app insists on HTTPS (except for the health check).
        status, headers, _ = proxy.request(
            "GET", f"{api}/customers/{customer_id}", headers={"X-Forwarded-Proto": ""}
        )
        assert status == 301
        assert headers["Location"].startswith("https://")
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)

    logged = log_path.read_text()
    request_lines = [
        json.loads(line)
        for line in logged.splitlines()
        if line.startswith("{") and '"shopsite.request"' in line
    ]
    assert any(
        line["path"] == f"{api}/customers/{customer_id}" and line["status"] == 200
        for line in request_lines
    )
    for secret in (token.removeprefix("Bearer "), guest.removeprefix("Bearer "), "Correct-Horse"):
        assert secret not in logged
