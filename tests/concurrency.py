"""Bursts of simultaneous HTTP requests against the live server (PostgreSQL only: SQLite
serializes connections, so there is no race to lose)."""

import json
import threading
import urllib.error
import urllib.request

import pytest
from django.db import connection

needs_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="needs concurrent connections"
)


def request(url: str, body: dict, headers: dict, method: str = "POST") -> tuple[int, dict]:
    outgoing = urllib.request.Request(
        url,
        data=json.dumps(body).encode(),
        method=method,
        headers={"Content-Type": "application/json", **headers},
    )
    try:
        with urllib.request.urlopen(outgoing) as response:
            return response.status, json.loads(response.read() or b"{}")
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read() or b"{}")


def burst(size: int, url: str, body: dict, headers: dict, method: str = "POST") -> list[int]:
    """Send ``size`` identical requests at the same moment; their statuses."""
    start = threading.Barrier(size)
    statuses = []

    def worker():
        start.wait()
        statuses.append(request(url, body, headers, method)[0])

    threads = [threading.Thread(target=worker) for _ in range(size)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return statuses
