"""What answers an over-long request line, too many or too large headers, a NUL in a header:
gunicorn as configured by ``gunicorn.conf.py``, in front of the app, spoken to over raw
sockets (an HTTP client library would refuse to send most of these).

gunicorn's own limits sit just above the app's (``shopsite.api.limits``: ``MAX_URL_LENGTH``,
``MAX_REQUEST_HEADERS``, ``MAX_HEADER_LENGTH``), so a request past the app's limits reaches
the app and gets its JSON fault, not gunicorn's HTML page (which a 4,095-byte request line,
a long ``select=`` among them, used to get). What gunicorn still refuses itself, past its
hard maxima or malformed HTTP such as a NUL in a header value, is the proxy's to refuse
first (README, "Production"); the tests pin down that gunicorn does refuse it and that the
app never sees it.
"""

import http.client
import json
import os
import runpy
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from shopsite.api.limits import DEFAULTS

ROOT = Path(__file__).resolve().parent.parent
PORTS = range(18201, 18210)
API = "/s/RefArch/dw/shop/v19_5"
CONFIG = runpy.run_path(str(ROOT / "gunicorn.conf.py"))


def free_port() -> int:
    for port in PORTS:
        with socket.socket() as sock:
            try:
                sock.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    pytest.skip("no free port in 18201-18209")


def manage(environment, *arguments) -> str:
    return subprocess.run(
        [sys.executable, "manage.py", *arguments],
        cwd=ROOT,
        env=environment,
        check=True,
        capture_output=True,
        text=True,
    ).stdout


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """gunicorn with ``gunicorn.conf.py`` on a fresh SQLite database holding one site and
    one API client: ``(port, client_id, log path)``."""
    folder = tmp_path_factory.mktemp("server")
    port = free_port()
    environment = {
        **{k: v for k, v in os.environ.items() if k not in {"DEBUG", "DJANGO_SETTINGS_MODULE"}},
        "DATABASE_URL": f"sqlite:///{folder / 'db.sqlite3'}",
        "DJANGO_SETTINGS_MODULE": "tests.settings",  # plain HTTP, as the proxy forwards it
        "GUNICORN_BIND": f"127.0.0.1:{port}",
        "WEB_CONCURRENCY": "1",
        "REDIS_URL": "",
    }
    manage(environment, "migrate", "--noinput")
    manage(environment, "create_site", "RefArch", "--name", "Reference Architecture")
    created = manage(environment, "create_api_client", "Web storefront")
    client_id = next(
        line.split(":", 1)[1].strip() for line in created.splitlines() if "client id" in line
    )
    log_path = folder / "server.log"
    with log_path.open("w") as log:
        process = subprocess.Popen(
            [str(ROOT / ".venv/bin/gunicorn"), "-c", "gunicorn.conf.py", "shopsite.wsgi"],
            cwd=ROOT,
            env=environment,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        deadline = time.monotonic() + 60
        while exchange(port, b"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n") is None:
            assert process.poll() is None, log_path.read_text()
            assert time.monotonic() < deadline, log_path.read_text()
            time.sleep(0.3)
        yield port, client_id, log_path
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=30)


def exchange(port: int, request: bytes):
    """Send ``request`` as is; ``(status, headers, body)`` of the answer, or ``None`` if
    nothing listens yet."""
    try:
        connection = socket.create_connection(("127.0.0.1", port), timeout=30)
    except OSError:
        return None
    with connection:
        connection.sendall(request)
        answer = http.client.HTTPResponse(connection)
        answer.begin()
        headers = {name.lower(): value for name, value in answer.getheaders()}
        return answer.status, headers, answer.read()


def request(port, target: str, headers: dict[str, str] | None = None, method="GET") -> bytes:
    lines = [f"{method} {target} HTTP/1.1", "Host: 127.0.0.1", "Connection: close"]
    lines += [f"{name}: {value}" for name, value in (headers or {}).items()]
    if method == "POST":
        lines += ["Content-Type: application/json", "Content-Length: 17"]
    body = '{"type": "guest"}' if method == "POST" else ""
    return exchange(port, ("\r\n".join(lines) + "\r\n\r\n" + body).encode("latin-1"))


def fault_of(answer) -> dict:
    status, headers, body = answer
    assert headers["content-type"].startswith("application/json"), (status, body[:200])
    document = json.loads(body)
    assert document["_type"] == "fault"
    return document["fault"]


def test_gunicorn_limits_sit_just_above_the_apps():
    """A request the app refuses always reaches it: the longest URL the app takes, in the
    longest request line, and as many headers of the longest length, all fit gunicorn's
    limits (the app counts a header's name and value, gunicorn its line with ': ' and CRLF)."""
    longest_line = len("OPTIONS ") + DEFAULTS["MAX_URL_LENGTH"] + len(" HTTP/1.1\r\n")
    assert longest_line < CONFIG["limit_request_line"] <= 8190  # gunicorn's maximum
    assert DEFAULTS["MAX_REQUEST_HEADERS"] < CONFIG["limit_request_fields"]
    assert DEFAULTS["MAX_HEADER_LENGTH"] + len(": \r\n") < CONFIG["limit_request_field_size"]
    # The longest select= (2,000 characters) fits the app's URL limit even percent-encoded.
    assert 3 * 2000 + len(f"{API}/customers/auth?select=") < DEFAULTS["MAX_URL_LENGTH"]


def test_a_5000_byte_request_line_is_the_apps_fault(server):
    port, client_id, _ = server
    selector = "(" + "a," * 2480 + "a)"  # 4,962 characters: past select='s 2,000
    target = f"{API}/customers/auth?select={selector}"

    answer = request(port, target, {"x-dw-client-id": client_id}, method="POST")

    assert len(f"POST {target} HTTP/1.1") > 5000
    assert answer[0] == 400
    assert fault_of(answer)["type"] == "MalformedSelectorException"


def test_a_url_past_the_apps_limit_is_its_fault(server):
    port, client_id, _ = server
    target = f"{API}/customers/auth?pad=" + "x" * 8050  # a request line of about 8,100 bytes

    answer = request(port, target, {"x-dw-client-id": client_id}, method="POST")

    assert answer[0] == 400
    assert fault_of(answer)["type"] == "BadRequestException"


def test_too_many_headers_are_the_apps_fault(server):
    port, client_id, _ = server
    headers = {"x-dw-client-id": client_id, **{f"x-pad-{i}": "1" for i in range(104)}}

    answer = request(port, f"{API}/customers/auth", headers, method="POST")

    assert answer[0] == 400
    assert fault_of(answer)["type"] == "BadRequestException"


def test_a_header_past_the_apps_limit_is_its_fault(server):
    port, client_id, _ = server
    headers = {"x-dw-client-id": client_id, "x-pad": "x" * 8100}

    answer = request(port, f"{API}/customers/auth", headers, method="POST")

    assert answer[0] == 400
    assert fault_of(answer)["type"] == "BadRequestException"


def test_an_ordinary_request_passes(server):
    port, client_id, _ = server

    answer = request(port, f"{API}/customers/auth", {"x-dw-client-id": client_id}, method="POST")

    assert answer[0] == 200, answer[2][:300]
    assert answer[1]["authorization"].startswith("Bearer ")


@pytest.mark.parametrize(
    ("case", "target", "headers", "status"),
    [
        ("nul-in-a-header", "/customers/auth", {"x-pad": "a\x00b"}, 400),
        ("request-line-past-8190", "/customers/auth?pad=" + "x" * 8200, {}, 400),
        ("headers-past-110", "/customers/auth", {f"x-pad-{i}": "1" for i in range(120)}, 431),
        ("header-line-past-8190", "/customers/auth", {"x-pad": "x" * 8300}, 431),
    ],
)
def test_what_only_the_proxy_can_answer_in_json_gunicorn_refuses(
    server, case, target, headers, status
):
    """Documented (README, "Production"): past gunicorn's maxima, and malformed HTTP,
    gunicorn answers with its own page and the app never sees the request; the proxy in
    front refuses these first."""
    port, client_id, log_path = server
    seen_by_the_app = log_path.read_text().count('"shopsite.request"')

    answer = request(port, API + target, {"x-dw-client-id": client_id, **headers})

    assert answer[0] == status
    time.sleep(0.2)  # the app would have logged the request before answering; be sure
    assert log_path.read_text().count('"shopsite.request"') == seen_by_the_app
