"""Load benchmark: shopsite under the production gunicorn on PostgreSQL, driven by wrk.

    python bench/load.py [--customers 1000] [--seconds 10] [--rounds 5] [--connections 16]
    python bench/load.py --smoke          # seconds: proves the benchmark still runs (CI)

It seeds a scaled data set in a fresh PostgreSQL database (``--database``; default
``postgres://postgres@127.0.0.1:5432/shopsite_bench``): N customers with 10 addresses, 3
payment instruments, 20 orders and a wish list of 10 products each, plus customers with 100
and 10,000 addresses; runs
``ANALYZE`` (this machine's PostgreSQL has autovacuum off, and unanalysed tables get plans
production never sees); starts ``gunicorn -c gunicorn.conf.py`` with ``bench.loadsite``
settings (production settings plus bare DRF baseline endpoints and no throttles); and drives
each scenario with wrk at ``--connections`` connections, one thread and one customer each.

Scenarios run for ``--seconds`` each, in rounds, interleaved, so a busy shared machine slows
shopsite and its baseline alike. For each it prints requests/s, p50/p99 latency, errors, SQL
statements per request (counted in-process on the same data), app CPU per request (the
workers' user+system time from /proc) and the ratio of its requests/s to its bare baseline
measured in the same round (median over rounds). Last, the time of an address page from a
book of 100 addresses and of 10,000.
"""

import argparse
import base64
import json
import os
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

PASSWORD = "Bench!Passw0rd-42"
SITE = "SiteGenesis"
API = f"/s/{SITE}/dw/shop/v19_5"
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


@dataclass
class Scenario:
    name: str
    method: str  # GET, or GUEST / CREDENTIALS / CREATE_DELETE (see loadsite/scenario.lua)
    path: str
    baseline: str | None = None
    accounts: str = "spread"
    body: str = ""
    rounds: list = field(default_factory=list)


def scenarios(big_books: tuple[int, int]) -> list[Scenario]:
    customer = f"{API}/customers/{{customer_id}}"
    return [
        Scenario("bare: one row", "GET", "/bare/customers/{customer_id}"),
        Scenario("bare: customer+expand", "GET", "/bare/customers/{customer_id}/expanded"),
        Scenario("bare: address list", "GET", "/bare/customers/{customer_id}/addresses"),
        Scenario("GET customer", "GET", customer, "bare: one row"),
        Scenario(
            "GET customer?expand",
            "GET",
            f"{customer}?expand=addresses,paymentinstruments",
            "bare: customer+expand",
        ),
        Scenario("GET addresses", "GET", f"{customer}/addresses", "bare: address list"),
        Scenario(
            "GET orders?status", "GET", f"{customer}/orders?status=completed", "bare: one row"
        ),
        Scenario("POST auth guest", "GUEST", f"{API}/customers/auth", "bare: one row"),
        Scenario("POST auth credentials", "CREDENTIALS", f"{API}/customers/auth", "bare: one row"),
        Scenario(
            "address create+delete", "CREATE_DELETE", f"{customer}/addresses", "bare: one row"
        ),
        Scenario(
            f"addresses of {big_books[0]:,}", "GET", f"{customer}/addresses", accounts="small"
        ),
        Scenario(
            f"addresses of {big_books[1]:,}", "GET", f"{customer}/addresses", accounts="large"
        ),
        Scenario(
            "list items?expand=product",
            "GET",
            f"{customer}/product_lists/{{list_id}}/items?expand=product,images,availability",
            "bare: address list",
        ),
    ]


def configure_environment(database_url: str, static_root: Path) -> dict:
    """The app's environment, for this process (before Django starts) and for gunicorn.
    ``STATIC_ROOT`` is an existing (empty) directory: WhiteNoise warns about a missing one,
    and the benchmark serves no static file."""
    environment = {
        "DJANGO_SETTINGS_MODULE": "bench.loadsite.settings",
        "DATABASE_URL": database_url,
        "STATIC_ROOT": str(static_root),
        "DATABASE_CONN_MAX_AGE": "60",
        "SECRET_KEY": "bench-" + "k" * 60,
        "PAYMENT_ENCRYPTION_KEY": "bench-payment-encryption-passphrase-" + "p" * 20,
        "ALLOWED_HOSTS": "127.0.0.1,localhost,testserver",
        "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
        "JWT_LIFETIME_MINUTES": "600",
        "LOG_LEVEL": "INFO",  # the request log is part of what production pays
        "DEBUG": "0",
    }
    os.environ.update(environment)
    return environment


def recreate_database(database_url: str) -> None:
    import psycopg

    name = database_url.rsplit("/", 1)[1]
    maintenance = database_url.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(maintenance, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{name}"')


def seed(customers: int, big_books: tuple[int, int]) -> dict:
    """Bulk-load the data set; return the accounts files' lines by name."""
    from django.contrib.auth.hashers import make_password
    from django.db import connection, transaction

    from customers import tokens
    from customers.models import (
        Customer,
        CustomerAddress,
        CustomerPaymentInstrument,
        Order,
    )
    from shopsite.api.models import ApiClient, Site
    from shopsite.demo.management.commands.load_demo_data import line_items

    site = Site.objects.create(site_id=SITE, name="Bench")
    client = ApiClient.objects.create(name="bench")
    password = make_password(PASSWORD)  # one real hash, shared: the login cost is real
    totals = line_items([("25591862M", "Classic Shirt", 2, "59.00")])

    def customer(index, login):
        return Customer(
            site=site,
            is_guest=False,
            login=login,
            password=password,
            email=f"{login}@example.com",
            first_name="Load",
            last_name=f"Tester {index}",
            customer_no=f"B{index:07d}",
            preferred_locale="en_US",
        )

    def addresses(owner, count):
        return [
            CustomerAddress(
                customer=owner,
                address_id=f"address-{i:05d}",
                preferred=i == 0,
                first_name="Load",
                last_name="Tester",
                address1=f"{i} Main Street",
                city="Boston",
                postal_code="02110",
                state_code="MA",
                country_code="US",
                phone="617-555-0100",
            )
            for i in range(count)
        ]

    with transaction.atomic():
        people = Customer.objects.bulk_create(
            [customer(i, f"bench{i}") for i in range(customers)], batch_size=1000
        )
        book100, book10000 = Customer.objects.bulk_create(
            [customer(customers + 1, "book100"), customer(customers + 2, "book10000")]
        )
        rows = [a for person in people for a in addresses(person, 10)]
        rows += addresses(book100, big_books[0]) + addresses(book10000, big_books[1])
        CustomerAddress.objects.bulk_create(rows, batch_size=2000)
        instruments = []
        for person in people:
            for month in (1, 6, 12):
                instrument = CustomerPaymentInstrument(
                    customer=person,
                    payment_method_id="CREDIT_CARD",
                    card_type="Visa",
                    card_holder="Load Tester",
                    card_expiration_month=month,
                    card_expiration_year=2030,
                )
                instrument.set_secret("card_number", "4111111111111111")
                instruments.append(instrument)
        CustomerPaymentInstrument.objects.bulk_create(instruments, batch_size=2000)
        Order.objects.bulk_create(
            [
                Order(
                    customer=person,
                    site=site,
                    order_no=f"B{person.pk:07d}-{j:02d}",
                    status=Order.Status.COMPLETED if j % 3 else Order.Status.NEW,
                    customer_name=person.full_name,
                    email=person.email,
                    **totals,
                )
                for person in people
                for j in range(20)
            ],
            batch_size=2000,
        )
        lists = seed_product_lists(people)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            # VACUUM too: production's autovacuum would have, and without a visibility map
            # PostgreSQL cannot count an address book from its index alone.
            cursor.execute("VACUUM ANALYZE")

    def line(person):
        basic = base64.b64encode(f"{person.login}:{PASSWORD}".encode()).decode()
        token = tokens.issue(person, client.client_id)
        return f"{person.customer_id} {person.login} {token} {basic} {lists.get(person.pk, '-')}"

    step = max(len(people) // 16, 1)
    return {
        "client_id": client.client_id,
        "spread": [line(person) for person in people[::step][:16]],
        "small": [line(book100)],
        "large": [line(book10000)],
    }


def seed_product_lists(people) -> dict:
    """A wish list of 10 catalogue products for every customer; ``{customer pk: list_id}``."""
    from productlists.models import CustomerProductList, CustomerProductListItem, Product
    from shopsite.demo.product_lists import load_demo_catalog

    load_demo_catalog()
    products = list(Product.objects.order_by("product_id")[:10])
    lists = CustomerProductList.objects.bulk_create(
        [
            CustomerProductList(customer=person, type="wish_list", name="Wishes")
            for person in people
        ],
        batch_size=2000,
    )
    CustomerProductListItem.objects.bulk_create(
        [
            CustomerProductListItem(product_list=wish_list, product=product, priority=rank)
            for wish_list in lists
            for rank, product in enumerate(products)
        ],
        batch_size=2000,
    )
    return {wish_list.customer_id: wish_list.list_id for wish_list in lists}


def count_queries(scenario: Scenario, accounts: dict) -> int:
    """SQL statements of one request of the scenario (in-process, same database)."""
    import logging

    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    # These in-process requests would print their request log lines among the figures.
    logging.getLogger("shopsite.request").setLevel(logging.WARNING)

    customer_id, _, token, basic, list_id = accounts[scenario.accounts][0].split()
    path = scenario.path.replace("{customer_id}", customer_id).replace("{list_id}", list_id)
    headers = {
        "HTTP_X_DW_CLIENT_ID": accounts["client_id"],
        "HTTP_AUTHORIZATION": f"Bearer {token}",
    }
    client = Client()
    # A running server has the site and client cached: warm them as it would have.
    client.get(f"{API}/customers/{customer_id}", **headers)
    with CaptureQueriesContext(connection) as captured:
        if scenario.method == "GUEST":
            headers.pop("HTTP_AUTHORIZATION")
            client.post(path, '{"type":"guest"}', "application/json", **headers)
        elif scenario.method == "CREDENTIALS":
            headers["HTTP_AUTHORIZATION"] = f"Basic {basic}"
            client.post(path, '{"type":"credentials"}', "application/json", **headers)
        elif scenario.method == "CREATE_DELETE":
            body = '{"address_id":"count-queries","last_name":"Q"}'
            client.post(path, body, "application/json", **headers)
            client.delete(f"{path}/count-queries", **headers)
            return len(captured) // 2  # per request
        else:
            response = client.get(path, **headers)
            assert response.status_code == 200, (scenario.name, response.content[:300])
    return len(captured)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_server(environment: dict, port: int, log_path: Path) -> subprocess.Popen:
    gunicorn = Path(sys.executable).with_name("gunicorn")
    env = {**os.environ, **environment, "PORT": str(port), "GUNICORN_MAX_REQUESTS": "0"}
    server = subprocess.Popen(
        [str(gunicorn), "-c", "gunicorn.conf.py", "shopsite.wsgi"],
        cwd=ROOT,
        env=env,
        stdout=log_path.open("w"),
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2):
                return server
        except OSError:
            time.sleep(0.3)
    server.kill()
    raise SystemExit(f"gunicorn did not start:\n{log_path.read_text()[-3000:]}")


def workers_cpu_seconds(master: int) -> float:
    """User + system CPU of the master's worker processes."""
    total = 0
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == master:  # fields[1] is the parent pid
            total += int(fields[11]) + int(fields[12])  # utime, stime
    return total / CLOCK_TICKS


def wait_until_idle(master: int, timeout: float = 60) -> float:
    """Wait for the requests still in flight when wrk stopped (a slow scenario, like password
    logins, leaves up to one per connection) so they do not slow the next scenario; return
    the workers' CPU seconds then. Idle: no CPU spent over two consecutive 0.2 s polls."""
    deadline = time.monotonic() + timeout
    previous, quiet = workers_cpu_seconds(master), 0
    while quiet < 2 and time.monotonic() < deadline:
        time.sleep(0.2)
        current = workers_cpu_seconds(master)
        quiet = quiet + 1 if current - previous < 0.01 else 0
        previous = current
    return previous


def run_wrk(scenario, accounts_file, client_id, port, seconds, connections, master) -> dict:
    cpu_before = workers_cpu_seconds(master)
    output = subprocess.run(
        [
            shutil.which("wrk"),
            f"-t{connections}",
            f"-c{connections}",
            f"-d{seconds}s",
            "--timeout",
            "10s",
            "-s",
            str(ROOT / "bench" / "loadsite" / "scenario.lua"),
            f"http://127.0.0.1:{port}",
            "--",
            scenario.method,
            scenario.path,
            scenario.body,
            str(accounts_file),
            client_id,
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    cpu = wait_until_idle(master) - cpu_before
    result = json.loads(output.split("RESULT ", 1)[1].splitlines()[0])
    result["rps"] = result["requests"] / (result["duration_us"] / 1e6)
    result["cpu_ms"] = cpu * 1000 / max(result["requests"], 1)
    return result


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--customers", type=int, default=1000)
    parser.add_argument("--seconds", type=int, default=10, help="per scenario and round")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--database", default="postgres://postgres@127.0.0.1:5432/shopsite_bench")
    parser.add_argument("--smoke", action="store_true", help="a few seconds, to prove it runs")
    args = parser.parse_args()
    big_books = (100, 10_000)
    if args.smoke:
        args.customers, args.seconds, args.rounds, args.connections = 32, 2, 1, 4
        big_books = (100, 1_000)
    if not shutil.which("wrk"):
        raise SystemExit("wrk is not installed (apt-get install wrk)")

    work = Path(tempfile.mkdtemp(prefix="shopsite-bench-"))
    (work / "static").mkdir()
    environment = configure_environment(args.database, work / "static")
    recreate_database(args.database)
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)
    started = time.perf_counter()
    accounts = seed(args.customers, big_books)
    print(
        f"seeded {args.customers} customers (+ books of {big_books[0]} and {big_books[1]:,} "
        f"addresses) in {time.perf_counter() - started:.1f} s; ANALYZE done"
    )
    files = {}
    for name in ("spread", "small", "large"):
        files[name] = work / f"{name}.txt"
        files[name].write_text("\n".join(accounts[name]) + "\n")

    plan = scenarios(big_books)
    queries = {scenario.name: count_queries(scenario, accounts) for scenario in plan}
    from django.db import connections

    connections.close_all()

    port = free_port()
    server = start_server(environment, port, work / "gunicorn.log")
    try:
        for round_number in range(args.rounds):
            # Rotate the order each round so no scenario always runs first or last.
            shift = round_number % len(plan)
            for scenario in plan[shift:] + plan[:shift]:
                scenario.rounds.append(
                    run_wrk(
                        scenario,
                        files[scenario.accounts],
                        accounts["client_id"],
                        port,
                        args.seconds,
                        args.connections,
                        server.pid,
                    )
                )
            print(f"round {round_number + 1}/{args.rounds} done", flush=True)
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)

    report(plan, queries, big_books, args)
    report_failures(work / "gunicorn.log")
    shutil.rmtree(work, ignore_errors=True)


def report_failures(log_path: Path) -> None:
    """Which requests failed, from the app's own request log (status >= 400)."""
    failures, examples = {}, {}
    for line in log_path.read_text().splitlines():
        if not line.startswith("{"):
            continue
        entry = json.loads(line)
        if entry.get("logger") == "shopsite.request" and entry.get("status", 0) >= 400:
            key = (entry["method"], entry["status"])
            failures[key] = failures.get(key, 0) + 1
            examples.setdefault(key, entry["path"])
        elif entry.get("level") in {"ERROR", "CRITICAL"}:
            print("app error:", entry.get("message"))
    for key, count in sorted(failures.items()):
        method, status = key
        print(f"failed requests: {count} x {method} answered {status}, e.g. {examples[key]}")


def report(plan, queries, big_books, args):
    by_name = {scenario.name: scenario for scenario in plan}
    print(
        f"\n{args.connections} connections, {args.seconds} s x {args.rounds} rounds per "
        f"scenario, {os.cpu_count()} cores\n"
    )
    header = (
        f"{'scenario':<28}{'req/s':>9}{'p50 ms':>9}{'p99 ms':>9}{'errors':>8}"
        f"{'SQL/req':>9}{'CPU ms':>8}  ratio to baseline"
    )
    print(header)
    print("-" * len(header))
    for scenario in plan:
        rounds = scenario.rounds
        ratio = ""
        if scenario.baseline:
            baseline = by_name[scenario.baseline].rounds
            ratios = [
                mine["rps"] / base["rps"] for mine, base in zip(rounds, baseline, strict=True)
            ]
            ratio = f"{statistics.median(ratios):.2f}x {scenario.baseline}"
        print(
            f"{scenario.name:<28}"
            f"{statistics.median(r['rps'] for r in rounds):>9.0f}"
            f"{statistics.median(r['p50_us'] for r in rounds) / 1000:>9.1f}"
            f"{statistics.median(r['p99_us'] for r in rounds) / 1000:>9.1f}"
            f"{sum(r['status_errors'] + r['socket_errors'] for r in rounds):>8}"  # non-2xx/3xx too
            f"{queries[scenario.name]:>9}"
            f"{statistics.median(r['cpu_ms'] for r in rounds):>8.2f}  {ratio}"
        )
    small = by_name[f"addresses of {big_books[0]:,}"].rounds
    large = by_name[f"addresses of {big_books[1]:,}"].rounds
    ratios = [
        big["p50_us"] / little["p50_us"]
        for little, big in zip(small, large, strict=True)
        if little["p50_us"] and big["p50_us"]
    ] or [float("nan")]
    print(
        f"\naddress page (10 of N): p50 at N={big_books[1]:,} is {statistics.median(ratios):.2f}x "
        f"its p50 at N={big_books[0]:,}"
    )


if __name__ == "__main__":
    main()
