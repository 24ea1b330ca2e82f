"""Customer XML import and export speed and peak memory, on PostgreSQL.

For each size it generates a file (bench/generate_customers_xml.py: two addresses and
custom attributes per customer, Commerce Cloud password hashes), loads it into a fresh
database with ``manage.py import_customers``, runs ANALYZE, imports it again (the
idempotent path: everything unchanged) and exports it with ``manage.py export_customers``.
Each step runs in its own process, so its peak RSS is its own: the same peak at 10,000
and 100,000 customers shows that memory does not grow with the file. Hashing plain-text
passwords (Django's production hasher, slow on purpose) is measured apart.

    python bench/customer_impex.py --customers 10000 100000 \\
        --database-url postgres://postgres@127.0.0.1:5432/shopsite_impex_bench

The database named in the URL is dropped and created again for each size.
"""

import argparse
import io
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from generate_customers_xml import generate  # noqa: E402

SITE = "BenchSite"
PLAIN_PASSWORD_CUSTOMERS = 20


def peak_rss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


# --- the child: one step in its own process -------------------------------------------------


def step(name: str, path: str) -> dict:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "shopsite.settings")
    import django

    django.setup()
    from django.core.management import call_command

    baseline = peak_rss_mib()
    out = io.StringIO()
    started = time.perf_counter()
    if name == "setup":
        call_command("migrate", verbosity=0)
        from shopsite.api.models import Site

        Site.objects.get_or_create(site_id=SITE, defaults={"name": SITE})
    elif name == "import":
        call_command("import_customers", path, "--site", SITE, stdout=out, stderr=out)
    elif name == "export":
        with open(os.devnull, "w") as sink:
            call_command("export_customers", "--site", SITE, stdout=sink)
    seconds = time.perf_counter() - started
    return {"seconds": seconds, "baseline": baseline, "peak": peak_rss_mib(), "out": out.getvalue()}


def run_step(name: str, path: str, database_url: str) -> dict:
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "DJANGO_SETTINGS_MODULE": "shopsite.settings",
    }
    done = subprocess.run(
        [sys.executable, __file__, "--step", name, "--file", path],
        env=env, capture_output=True, text=True, check=False,
    )  # fmt: skip
    if done.returncode != 0:
        raise SystemExit(f"{name} failed:\n{done.stdout}\n{done.stderr}")
    return json.loads(done.stdout.strip().splitlines()[-1])


# --- the parent: sizes, database, report ----------------------------------------------------


def admin_sql(database_url: str, *statements: str) -> None:
    import psycopg

    server, name = database_url.rsplit("/", 1)
    with psycopg.connect(f"{server}/postgres", autocommit=True) as connection:
        for statement in statements:
            connection.execute(statement.format(name=name))


def analyze(database_url: str) -> None:
    import psycopg

    with psycopg.connect(database_url, autocommit=True) as connection:
        connection.execute("ANALYZE")


def line(label: str, count: int, result: dict) -> None:
    rate = count / result["seconds"]
    print(
        f"  {label:<30} {result['seconds']:7.1f} s  {rate:9.0f} customers/s   "
        f"peak RSS {result['peak']:6.1f} MiB (after startup {result['baseline']:5.1f} MiB)"
    )


def bench(customers: int, database_url: str, directory: str) -> None:
    path = os.path.join(directory, f"customers-{customers}.xml")
    generate(path, customers)
    size = os.path.getsize(path) / 2**20
    print(f"{customers} customers, {size:.0f} MiB file, {2 * customers} addresses")
    admin_sql(database_url, 'DROP DATABASE IF EXISTS "{name}"', 'CREATE DATABASE "{name}"')
    run_step("setup", path, database_url)
    line("import (empty database)", customers, run_step("import", path, database_url))
    analyze(database_url)
    line("re-import (all unchanged)", customers, run_step("import", path, database_url))
    line("export", customers, run_step("export", path, database_url))

    plain = os.path.join(directory, "plain.xml")
    generate(plain, PLAIN_PASSWORD_CUSTOMERS, plain_passwords=True, first_number=customers + 1)
    result = run_step("import", plain, database_url)
    print(
        f"  plain-text passwords: {PLAIN_PASSWORD_CUSTOMERS} customers in "
        f"{result['seconds']:.1f} s ({PLAIN_PASSWORD_CUSTOMERS / result['seconds']:.1f} "
        f"customers/s); {result['out'].splitlines()[1]}"
    )


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--customers", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument(
        "--database-url",
        default=os.environ.get(
            "BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/shopsite_impex_bench"
        ),
    )
    parser.add_argument("--step", help=argparse.SUPPRESS)
    parser.add_argument("--file", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.step:
        print(json.dumps(step(args.step, args.file)))
        return
    print(f"Python {sys.version.split()[0]}, {os.cpu_count()} CPUs, {args.database_url}")
    with tempfile.TemporaryDirectory() as directory:
        for customers in args.customers:
            bench(customers, args.database_url, directory)


if __name__ == "__main__":
    main()
