"""Reset mail through the database task queue, on PostgreSQL: enqueue and deliver N mails to a
local SMTP sink with 1 and with 4 workers, and prove each arrived exactly once.

For each worker count: a fresh database (migrated, N customers imported from a generated
Commerce Cloud XML file, so none has a usable password), then

* **enqueue**: ``manage.py send_reset_mails --pause 0`` queues every customer's reset mail,
  each in its own transaction with its token (the production path);
* **deliver**: W ``manage.py db_worker --batch`` processes run the queue dry, sending over
  SMTP to an aiosmtpd sink in this process (``bench/smtp_sink.py``);
* **proof**: the sink received N messages, N distinct Message-IDs, each once, and they are
  exactly the ids of the N ``OutgoingMail`` rows, all ``delivered``.

    python bench/mail_queue.py --mails 10000 --workers 1 4 \\
        --database-url postgres://postgres@127.0.0.1:5432/shopsite_mailq_bench

The database named in the URL is dropped and created again for each run. Times are wall
clock and include each process's Django start-up (about a second).
"""

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from generate_customers_xml import generate  # noqa: E402

from bench.smtp_sink import SmtpSink  # noqa: E402

SITE = "BenchSite"


def admin_sql(database_url: str, *statements: str) -> None:
    import psycopg

    server, name = database_url.rsplit("/", 1)
    with psycopg.connect(f"{server}/postgres", autocommit=True) as connection:
        for statement in statements:
            connection.execute(statement.format(name=name))


def query(database_url: str, sql: str) -> list[tuple]:
    import psycopg

    with psycopg.connect(database_url, autocommit=True) as connection:
        cursor = connection.execute(sql)
        return cursor.fetchall() if cursor.description else []


def environment(database_url: str, smtp_port: int) -> dict:
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "shopsite.settings",
        "DATABASE_URL": database_url,
        "TASKS_BACKEND": "database",
        "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "EMAIL_HOST": "127.0.0.1",
        "EMAIL_PORT": str(smtp_port),
        "LOG_LEVEL": "WARNING",
        # As the Production section runs it: a worker keeps its connection between tasks.
        "DATABASE_CONN_MAX_AGE": "60",
    }


def manage(env: dict, *args: str) -> str:
    done = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT, env=env, capture_output=True, text=True, check=False,
    )  # fmt: skip
    if done.returncode != 0:
        raise SystemExit(f"manage.py {' '.join(args)} failed:\n{done.stdout}\n{done.stderr}")
    return done.stdout


def start_worker(env: dict, worker_id: str) -> subprocess.Popen:
    """A ``db_worker`` that runs the queue dry, then exits."""
    return subprocess.Popen(
        [sys.executable, "manage.py", "db_worker", "--batch", "--no-reload",
         "--no-startup-delay", "--interval", "0", "--verbosity", "0", "--worker-id", worker_id],
        cwd=ROOT, env=env,
    )  # fmt: skip


def prepare(database_url: str, env: dict, xml_path: str) -> None:
    admin_sql(database_url, 'DROP DATABASE IF EXISTS "{name}"', 'CREATE DATABASE "{name}"')
    manage(env, "migrate", "--noinput", "-v", "0")
    manage(
        env, "shell", "-c",
        "from shopsite.api.models import Site; "
        f"Site.objects.get_or_create(site_id='{SITE}', defaults={{'name': '{SITE}'}})",
    )  # fmt: skip
    manage(env, "import_customers", xml_path, "--site", SITE)
    query(database_url, "ANALYZE")


def run(mails: int, workers: int, database_url: str, smtp_port: int, xml_path: str) -> dict:
    env = environment(database_url, smtp_port)
    prepare(database_url, env, xml_path)

    started = time.perf_counter()
    out = manage(env, "send_reset_mails", "--site", SITE, "--batch-size", "1000", "--pause", "0")
    enqueue_seconds = time.perf_counter() - started
    assert f"Queued a reset mail for {mails} customer(s)" in out, out

    with SmtpSink(smtp_port) as sink:
        started = time.perf_counter()
        processes = [start_worker(env, f"bench-{number}") for number in range(workers)]
        for process in processes:
            process.wait()
        deliver_seconds = time.perf_counter() - started
        received, counts = sink.received, dict(sink.by_message_id)

    rows = query(database_url, "SELECT id, status FROM customers_outgoingmail")
    expected = {f"<outgoing-mail-{pk}@shopsite>" for pk, _status in rows}
    statuses = sorted({status for _pk, status in rows})
    exactly_once = (
        received == mails
        and len(rows) == mails
        and set(counts) == expected
        and set(counts.values()) == {1}
        and statuses == ["delivered"]
    )
    return {
        "enqueue_seconds": enqueue_seconds,
        "deliver_seconds": deliver_seconds,
        "received": received,
        "distinct": len(counts),
        "most_per_id": max(counts.values(), default=0),
        "statuses": statuses,
        "exactly_once": exactly_once,
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mails", type=int, default=10_000)
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 4])
    parser.add_argument(
        "--database-url", default="postgres://postgres@127.0.0.1:5432/shopsite_mailq_bench"
    )
    parser.add_argument("--smtp-port", type=int, default=18210)
    parser.add_argument("--keep-database", action="store_true")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as directory:
        xml_path = os.path.join(directory, "customers.xml")
        generate(xml_path, args.mails)
        print(f"{args.mails} reset mails, PostgreSQL, SMTP sink on 127.0.0.1:{args.smtp_port}")
        print(f"{'workers':>7} {'enqueue':>16} {'deliver':>16}  proof")
        failed = False
        for workers in args.workers:
            result = run(args.mails, workers, args.database_url, args.smtp_port, xml_path)
            proof = (
                f"{result['received']} received, {result['distinct']} distinct Message-IDs, "
                f"at most {result['most_per_id']} each, rows {'/'.join(result['statuses'])}"
            )
            print(
                f"{workers:>7} "
                f"{args.mails / result['enqueue_seconds']:8.0f} mails/s "
                f"{args.mails / result['deliver_seconds']:8.0f} mails/s  "
                f"{'exactly once' if result['exactly_once'] else 'NOT EXACTLY ONCE'}: {proof}"
            )
            failed |= not result["exactly_once"]
    if not args.keep_database:
        admin_sql(args.database_url, 'DROP DATABASE IF EXISTS "{name}"')
    if failed:
        raise SystemExit("Some mail did not arrive exactly once.")


if __name__ == "__main__":
    main()
