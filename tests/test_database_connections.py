"""A worker's kept PostgreSQL connection (``CONN_MAX_AGE`` with ``CONN_HEALTH_CHECKS``):
checked before each request uses it, at no round trip while the server has said nothing,
and replaced when the server has ended it (``shopsite.postgresql``).

Requests go through Django's WSGI handler as gunicorn calls it, so that the request
signals which keep, check and close connections run (the test client turns them off).
"""

import json
import select
import sys
import tempfile

import pytest
from django.core.handlers.wsgi import WSGIHandler
from django.db import DEFAULT_DB_ALIAS, connection, connections
from django.test import RequestFactory
from psycopg import pq

from customers.models import Customer
from tests.conftest import api_url

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="kept connections are PostgreSQL's here"
    ),
]


@pytest.fixture
def kept_connection():
    """The production connection settings, from a connection opened under them."""
    assert connection.settings_dict["CONN_MAX_AGE"] > 0
    assert connection.settings_dict["CONN_HEALTH_CHECKS"]
    connection.close()
    yield connection
    connection.close()


def guest_login(api_client_app) -> tuple[str, dict]:
    """``POST /customers/auth`` (guest) through the WSGI handler: status line, document."""
    request = RequestFactory().post(
        api_url("customers/auth"),
        {"type": "guest"},
        content_type="application/json",
        HTTP_X_DW_CLIENT_ID=api_client_app.client_id,
    )
    status = []

    def start_response(line, headers, exc_info=None):
        status.append(line)

    response = WSGIHandler()(request.environ, start_response)
    try:
        content = b"".join(response)
    finally:
        response.close()  # request_finished: Django keeps or closes the connection here
    return status[0], json.loads(content)


def frontend_statements(trace: str) -> list[str]:
    """The statements the client sent, from a libpq protocol trace (simple or extended)."""
    messages = (line.split("\t") for line in trace.splitlines())
    return [
        fields[3] for fields in messages if fields[0] == "F" and fields[2] in {"Query", "Parse"}
    ]


@pytest.mark.skipif(sys.platform != "linux", reason="psycopg traces libpq on Linux only")
def test_a_request_on_a_kept_connection_sends_only_its_own_statements(
    kept_connection, site, api_client_app
):
    status, _ = guest_login(api_client_app)  # opens the connection the next request keeps
    assert status.startswith("200")
    ran = []

    def record(execute, sql, params, many, context):
        ran.append(sql)
        return execute(sql, params, many, context)

    pgconn = kept_connection.connection.pgconn
    with tempfile.TemporaryFile("w+") as trace, kept_connection.execute_wrapper(record):
        pgconn.trace(trace.fileno())
        pgconn.set_trace_flags(pq.Trace.SUPPRESS_TIMESTAMPS)
        try:
            status, document = guest_login(api_client_app)
        finally:
            pgconn.untrace()  # flushes the trace
        trace.seek(0)
        sent = frontend_statements(trace.read())

    assert status.startswith("200")
    assert document["auth_type"] == "guest"
    assert ran, "the login stores its guest"
    # No health-check query travelled: the server had said nothing since the last request.
    assert len(sent) == len(ran), sent


def test_a_connection_the_server_ended_is_replaced_before_the_request_uses_it(
    kept_connection, site, api_client_app
):
    status, _ = guest_login(api_client_app)
    assert status.startswith("200")
    ended = kept_connection.connection.info.backend_pid
    socket = kept_connection.connection.fileno()
    other = connections.create_connection(DEFAULT_DB_ALIAS)
    try:
        with other.cursor() as cursor:
            cursor.execute("SELECT pg_terminate_backend(%s)", [ended])
    finally:
        other.close()
    poller = select.poll()
    poller.register(socket, select.POLLIN)
    assert poller.poll(5000), "the server says it ended the connection"

    status, document = guest_login(api_client_app)

    assert status.startswith("200"), document
    assert Customer.objects.filter(customer_id=document["customer_id"], is_guest=True).exists()
    assert kept_connection.connection.info.backend_pid != ended
    assert Customer.objects.count() == 2
