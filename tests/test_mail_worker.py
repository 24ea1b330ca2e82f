"""The real worker (``manage.py db_worker``, or ``rqworker`` on Redis when ``REDIS_URL`` is
set) killed with SIGKILL mid-batch: the mails it left are found by the sweeper, a new
worker finishes them, and each arrives exactly once.

Processes and data as in production: the worker is a subprocess on a database it shares
with the test (a file SQLite database, or the PostgreSQL test database), sending over SMTP
to a local aiosmtpd sink that counts messages by Message-ID. A mail can be handed to the
SMTP server and the worker killed before it records "delivered"; the resend then carries
the same Message-ID, the key a receiver drops duplicates by, so the proof is: every mail
delivered, every Message-ID received, and at most that one mail received twice.
"""

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.db import connection

from bench.smtp_sink import SmtpSink

ROOT = Path(__file__).resolve().parent.parent
SMTP_PORT = 18211
MAILS = 60

SEED = f"""
from django.db import transaction
from customers.hooks import send_reset_link
from customers.models import Customer
from shopsite.api.models import Site
site, _ = Site.objects.get_or_create(site_id="WorkerSite")
for number in range({MAILS}):
    customer = Customer.objects.create_registered(
        site, None, login=f"w{{number}}", email=f"w{{number}}@example.com", last_name="W"
    )
    with transaction.atomic():
        send_reset_link(customer)
"""

STATE = """
import json
from customers.models import OutgoingMail
print(json.dumps({
    "statuses": sorted(set(OutgoingMail.objects.values_list("status", flat=True))),
    "message_ids": [mail.message_id for mail in OutgoingMail.objects.all()],
}))
"""


def database_url(tmp_path) -> str:
    if connection.vendor == "postgresql":
        params = connection.settings_dict
        host = f"{params['HOST'] or '127.0.0.1'}:{params['PORT'] or 5432}"
        password = f":{params['PASSWORD']}" if params["PASSWORD"] else ""
        return f"postgres://{params['USER']}{password}@{host}/{params['NAME']}"
    return f"sqlite:///{tmp_path / 'worker.sqlite3'}"


REDIS_URL = os.environ.get("REDIS_URL", "")
BACKENDS = [
    "database",
    pytest.param("rq", marks=pytest.mark.skipif(not REDIS_URL, reason="REDIS_URL is not set")),
]


def worker_args(backend, *, until_empty=False):
    if backend == "rq":
        # SimpleWorker: the job runs in the worker process itself, so SIGKILL stops it.
        args = ["rqworker", "--job-class", "django_tasks_rq.Job"]
        args += ["--worker-class", "rq.worker.SimpleWorker"]
        return [*args, "--burst", "default"] if until_empty else [*args, "default"]
    args = ["db_worker", "--no-reload", "--no-startup-delay", "--interval", "0.05"]
    return [*args, "--batch"] if until_empty else args


@pytest.fixture(params=BACKENDS)
def backend(request):
    if request.param == "rq":
        import redis

        redis.Redis.from_url(REDIS_URL).flushdb()  # this test's own Redis database
        yield "rq"
        redis.Redis.from_url(REDIS_URL).flushdb()
    else:
        yield request.param


@pytest.fixture
def manage(tmp_path, transactional_db, backend):
    """``manage(*args)``: run manage.py in a subprocess on the shared database."""
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.settings",
        "DATABASE_URL": database_url(tmp_path),
        "TASKS_BACKEND": backend,
        "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "EMAIL_HOST": "127.0.0.1",
        "EMAIL_PORT": str(SMTP_PORT),
        "MAIL_RETRY_DELAY_SECONDS": "0",
        "LOG_LEVEL": "WARNING",
    }
    if backend == "rq":
        env["REDIS_URL"] = REDIS_URL
    else:
        env.pop("REDIS_URL", None)

    def run(*args, background=False):
        command = [sys.executable, "manage.py", *args]
        if background:
            return subprocess.Popen(command, cwd=ROOT, env=env)
        done = subprocess.run(
            command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
        )
        assert done.returncode == 0, done.stderr[-3000:]
        return done.stdout

    if connection.vendor == "sqlite":
        run("migrate", "--noinput", "-v", "0")
    return run


def test_a_worker_killed_mid_batch_loses_nothing_and_sends_nothing_twice(manage, backend):
    manage("shell", "-c", SEED)
    with SmtpSink(SMTP_PORT, delay=0.02) as sink:
        worker = manage(*worker_args(backend), background=True)
        try:
            deadline = time.monotonic() + 60
            while sink.received < MAILS // 3 and time.monotonic() < deadline:
                time.sleep(0.01)
            worker.send_signal(signal.SIGKILL)  # no chance to finish or clean up
            worker.wait(timeout=10)
        finally:
            if worker.poll() is None:
                worker.kill()
        received_at_kill = sink.received
        assert 0 < received_at_kill < MAILS, "the worker was not caught mid-batch"

        # What the dead worker held is queued again; a new worker finishes the batch.
        manage("sweep_outgoing_mail", "--stale-seconds", "0")
        manage(*worker_args(backend, until_empty=True))
        state = json.loads(manage("shell", "-c", STATE).splitlines()[-1])

    assert state["statuses"] == ["delivered"]
    assert set(sink.by_message_id) == set(state["message_ids"])
    assert len(state["message_ids"]) == MAILS
    resent = sink.received - MAILS
    assert resent <= 1, f"{resent} mails were received twice"
    assert all(count <= 2 for count in sink.by_message_id.values())
