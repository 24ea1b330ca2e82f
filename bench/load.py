"""Load benchmark: shopsite under the production gunicorn on PostgreSQL, driven by wrk,
against an independent plain-DRF project serving the same data.

    python bench/load.py [--customers 1000] [--seconds 10] [--rounds 3] [--connections 16,64]
    python bench/load.py --smoke          # under a minute: proves the benchmark still runs (CI)
    python bench/load.py --only expand    # a few scenarios (names containing it) and baselines

It seeds a scaled data set in a fresh PostgreSQL database (``--database``; default
``postgres://postgres@127.0.0.1:5432/shopsite_bench``): N customers with 10 addresses, 3
payment instruments, 20 orders and a wish list of 10 products each, plus customers with 100
and 10,000 addresses and a staff user for OAuth logins; runs ``VACUUM ANALYZE`` (this
machine's PostgreSQL has autovacuum off, and unanalysed tables get plans production never
sees). Then it starts, each with ``gunicorn -c gunicorn.conf.py`` (the same worker count):

* shopsite with ``bench.loadsite`` settings (production settings plus the *in-process*
  bare DRF views of ``bench/loadsite/bare.py``, and no throttle limits);
* the *independent* baseline, ``bench/baseline``: a separate minimal Django project sharing
  nothing with shopsite but the database and the token key (see its settings module);
* shopsite again with a new database connection per request, and with psycopg's pool, to
  measure connection reuse; and with ``REDIS_URL`` (``--redis``), throttles and the token
  denylist in Redis (left out when no Redis answers there).

Every worker is warmed, then each scenario is driven with wrk at each ``--connections``
count (one thread, one customer and one client address per connection) for ``--seconds``,
in rounds, rotated, so a busy shared machine slows shopsite and its baselines alike. For
each it prints requests/s, p50/p99 latency per connection count, p99/p50 at the first,
errors, SQL statements per request (counted in-process on the same data, the baseline's
in a process with its own settings), app CPU per request (the workers' user+system time
from /proc) and the ratio of its requests/s to each baseline's measured in the same round
(median of rounds). Last, the time of an address page from a book of 100 addresses and of
10,000.
"""

import argparse
import base64
import contextlib
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
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from unittest import mock

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

PASSWORD = "Bench!Passw0rd-42"
SITE = "SiteGenesis"
API = f"/s/{SITE}/dw/shop/v19_5"
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")
OAUTH_GRANT = "urn:demandware:params:oauth:grant-type:client-id:dwsid:dwsecuretoken"


@dataclass
class Scenario:
    name: str
    method: str  # GET, or GUEST / CREDENTIALS / REFRESH / OAUTH / CREATE_DELETE (scenario.lua)
    path: str
    #: Baselines compared in the same round: bare views inside shopsite's process, and the
    #: independent minimal project (``bench/baseline``), by scenario name.
    in_process: str | None = None
    independent: str | None = None
    #: Which server answers: ``shopsite``, ``baseline``, or a shopsite started with another
    #: database connection setting or with Redis (``SERVERS``).
    server: str = "shopsite"
    #: The independent guest token behind django-ratelimit, for the logins: the same bare
    #: view with the rate limit a team would add, the like of shopsite's rate-limited login
    #: (its like with no rate limit is the server "shopsite, no rate limit").
    rate_limited: str | None = None
    #: Runs only when Redis answers at ``--redis``.
    needs_redis: bool = False
    accounts: str = "spread"
    body: str = ""
    #: Password logins (Argon2, hundreds of ms of CPU each) run at the first connection
    #: count only: 64 queued logins are minutes of CPU, measuring the queue, not the login.
    first_count_only: bool = False
    #: wrk results by connection count, one per round.
    rounds: dict = field(default_factory=dict)


#: The servers a run starts: WSGI module and environment on top of the shared one.
SERVERS = {
    "shopsite": ("shopsite.wsgi", {}),
    "baseline": ("bench.baseline.wsgi", {}),
    # The same shopsite with a new PostgreSQL connection per request, and with psycopg's pool.
    "shopsite, no reuse": ("shopsite.wsgi", {"DATABASE_CONN_MAX_AGE": "0"}),
    "shopsite, pool": ("shopsite.wsgi", {"DATABASE_POOL": "1"}),
    # The same shopsite with REDIS_URL (``--redis``): throttles and the token denylist in
    # Redis, as several app servers may share them.
    "shopsite, Redis": ("shopsite.wsgi", {"REDIS_URL": None}),
    # The same shopsite with no rate limit (every scope's rate None: nothing counted), to
    # compare the guest login like for like with the independent guest token.
    "shopsite, no rate limit": ("shopsite.wsgi", {"BENCH_RATE_LIMITS": "off"}),
}


def scenarios(big_books: tuple[int, int]) -> list[Scenario]:
    customer = f"{API}/customers/{{customer_id}}"
    expand = f"{customer}?expand=addresses,paymentinstruments"
    auth = f"{API}/customers/auth"
    bare_auth = f"/bare/{SITE}/auth"
    return [
        Scenario("in-process: one row", "GET", "/bare/customers/{customer_id}"),
        Scenario("in-process: customer+expand", "GET", "/bare/customers/{customer_id}/expanded"),
        Scenario("in-process: address list", "GET", "/bare/customers/{customer_id}/addresses"),
        Scenario("independent: one row", "GET", "/bare/customers/{customer_id}", server="baseline"),
        Scenario(
            "independent: customer+expand",
            "GET",
            "/bare/customers/{customer_id}/expanded",
            server="baseline",
        ),
        Scenario(
            "independent: address list",
            "GET",
            "/bare/customers/{customer_id}/addresses",
            server="baseline",
        ),
        Scenario("independent: guest token", "GUEST", f"{bare_auth}/guest", server="baseline"),
        Scenario(
            "independent: guest, rate-limited",
            "GUEST",
            f"{bare_auth}/guest-rate-limited",
            server="baseline",
            needs_redis=True,
        ),
        Scenario(
            "independent: credentials token",
            "CREDENTIALS",
            f"{bare_auth}/credentials",
            server="baseline",
            first_count_only=True,
        ),
        Scenario("independent: refresh", "REFRESH", f"{bare_auth}/refresh", server="baseline"),
        Scenario("GET customer", "GET", customer, "in-process: one row", "independent: one row"),
        Scenario(
            "GET customer?expand",
            "GET",
            expand,
            "in-process: customer+expand",
            "independent: customer+expand",
        ),
        Scenario(
            "GET addresses",
            "GET",
            f"{customer}/addresses",
            "in-process: address list",
            "independent: address list",
        ),
        Scenario(
            "GET orders?status",
            "GET",
            f"{customer}/orders?status=completed",
            independent="independent: address list",
        ),
        Scenario(
            "POST auth guest",
            "GUEST",
            auth,
            independent="independent: guest token",
            rate_limited="independent: guest, rate-limited",
        ),
        Scenario(
            "POST auth guest, Redis",
            "GUEST",
            auth,
            independent="independent: guest token",
            server="shopsite, Redis",
            rate_limited="independent: guest, rate-limited",
            needs_redis=True,
        ),
        Scenario(
            "POST auth guest, no rate limit",
            "GUEST",
            auth,
            independent="independent: guest token",
            server="shopsite, no rate limit",
        ),
        Scenario(
            "GET customer, Redis",
            "GET",
            customer,
            independent="independent: one row",
            server="shopsite, Redis",
            needs_redis=True,
        ),
        Scenario(
            "POST auth credentials",
            "CREDENTIALS",
            auth,
            independent="independent: credentials token",
            first_count_only=True,
        ),
        Scenario("POST auth refresh", "REFRESH", auth, independent="independent: refresh"),
        Scenario(
            "OAuth agent login",
            "OAUTH",
            "/dw/oauth2/access_token?client_id={client_id}",
            independent="independent: credentials token",
            first_count_only=True,
        ),
        Scenario(
            "address create+delete",
            "CREATE_DELETE",
            f"{customer}/addresses",
            independent="independent: guest token",
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
            independent="independent: address list",
        ),
        Scenario(
            "expand, no connection reuse",
            "GET",
            expand,
            independent="independent: customer+expand",
            server="shopsite, no reuse",
        ),
        Scenario(
            "expand, psycopg pool",
            "GET",
            expand,
            independent="independent: customer+expand",
            server="shopsite, pool",
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
    from django.contrib.auth import get_user_model
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
    secret = client.set_new_secret()  # the OAuth agent login checks it (Argon2 too)
    client.save()
    get_user_model().objects.create_user("bench-agent", password=PASSWORD, is_staff=True)
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
        "oauth_basic": base64.b64encode(f"bench-agent:{PASSWORD}:{secret}".encode()).decode(),
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


def count_queries(plan: list[Scenario], accounts: dict, redis_url: str = "") -> dict[str, int]:
    """SQL statements of one request of each scenario, counted in this process with Django's
    test client on the same data: whichever project ``DJANGO_SETTINGS_MODULE`` names (the
    baseline's are counted by ``--count-queries`` in a process of its own)."""
    import logging

    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    # These in-process requests would print their request log lines among the figures.
    logging.getLogger("shopsite.request").setLevel(logging.WARNING)
    counts = {}
    for scenario in plan:
        customer_id, _, token, basic, list_id = accounts[scenario.accounts][0].split()
        path = (
            scenario.path.replace("{customer_id}", customer_id)
            .replace("{list_id}", list_id)
            .replace("{client_id}", accounts["client_id"])
        )
        headers = {
            "HTTP_X_DW_CLIENT_ID": accounts["client_id"],
            "HTTP_AUTHORIZATION": f"Bearer {token}",
            "HTTP_X_FORWARDED_FOR": "10.0.0.1",  # as wrk sends (scenario.lua)
        }
        client = Client()
        with server_settings(scenario.server, redis_url):
            # A running server has the site and client cached, and its throttle windows
            # open: the same request once before, as a server would have served it.
            send_once(client, scenario, path, headers, basic, accounts)
            with CaptureQueriesContext(connection) as captured:
                response = send_once(client, scenario, path, headers, basic, accounts)
        assert response.status_code < 300, (scenario.name, response.content[:300])
        counts[scenario.name] = len(captured) // (2 if scenario.method == "CREATE_DELETE" else 1)
    return counts


def server_settings(server: str, redis_url: str):
    """The settings ``server`` runs with, for counting its statements in this process."""
    from django.test import override_settings
    from rest_framework.throttling import ScopedRateThrottle

    if SERVERS[server][1].get("BENCH_RATE_LIMITS") == "off":
        # DRF's throttles read the rates once, at import: patched where they are kept.
        unlimited = dict.fromkeys(ScopedRateThrottle.THROTTLE_RATES)
        return mock.patch.object(ScopedRateThrottle, "THROTTLE_RATES", unlimited)
    if "REDIS_URL" not in SERVERS[server][1]:
        return contextlib.nullcontext()
    backend = {"BACKEND": "shopsite.redis_cache.RedisCache", "LOCATION": redis_url}
    return override_settings(REDIS_URL=redis_url, CACHES={"default": backend})


def redis_answers(url: str) -> bool:
    import redis

    try:
        return bool(redis.Redis.from_url(url, socket_connect_timeout=2).ping())
    except redis.RedisError:
        return False


def send_once(client, scenario: Scenario, path: str, headers: dict, basic: str, accounts: dict):
    """One request of ``scenario`` through Django's test ``client``; its response."""
    headers = dict(headers)
    if scenario.method == "GUEST":
        headers.pop("HTTP_AUTHORIZATION")
        return client.post(path, '{"type":"guest"}', "application/json", **headers)
    if scenario.method == "CREDENTIALS":
        headers["HTTP_AUTHORIZATION"] = f"Basic {basic}"
        return client.post(path, '{"type":"credentials"}', "application/json", **headers)
    if scenario.method == "REFRESH":
        return client.post(path, '{"type":"refresh"}', "application/json", **headers)
    if scenario.method == "OAUTH":
        headers["HTTP_AUTHORIZATION"] = f"Basic {accounts['oauth_basic']}"
        form = "application/x-www-form-urlencoded"
        return client.post(path, f"grant_type={OAUTH_GRANT}", form, **headers)
    if scenario.method == "CREATE_DELETE":
        body = '{"address_id":"count-queries","last_name":"Q"}'
        client.post(path, body, "application/json", **headers)
        return client.delete(f"{path}/count-queries", **headers)
    return client.get(path, **headers)


def count_baseline_queries(
    plan: list[Scenario], accounts: dict, work: Path, redis_env: dict
) -> dict[str, int]:
    """``count_queries`` for the baseline's scenarios, in a process with its settings."""
    request = work / "count-queries.json"
    names = [scenario.name for scenario in plan]
    request.write_text(json.dumps({"names": names, "accounts": accounts}))
    output = subprocess.run(
        [sys.executable, __file__, "--count-queries", str(request)],
        env={**os.environ, **redis_env, "DJANGO_SETTINGS_MODULE": "bench.baseline.settings"},
        capture_output=True,
        text=True,
    )
    if output.returncode:
        raise SystemExit(f"counting the baseline's statements failed:\n{output.stderr[-3000:]}")
    return json.loads(output.stdout.splitlines()[-1])


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_server(module: str, environment: dict, port: int, log_path: Path) -> subprocess.Popen:
    gunicorn = Path(sys.executable).with_name("gunicorn")
    env = {**os.environ, **environment, "PORT": str(port), "GUNICORN_MAX_REQUESTS": "0"}
    env["GUNICORN_BIND"] = f"127.0.0.1:{port}"
    return subprocess.Popen(
        [str(gunicorn), "-c", "gunicorn.conf.py", module],
        cwd=ROOT,
        env=env,
        stdout=log_path.open("w"),
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )


def wait_until_serving(port: int, probe: str, log_path: Path) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}{probe}", timeout=2):
                return
        except urllib.error.HTTPError:
            return  # it answers (the baseline's probe needs a token)
        except OSError:
            time.sleep(0.3)
    raise SystemExit(f"the server on port {port} did not start:\n{log_path.read_text()[-3000:]}")


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


def wait_until_idle(master: int, timeout: float = 300) -> float:
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


def run_wrk(scenario, accounts, files, port, seconds, connections, master) -> dict:
    cpu_before = workers_cpu_seconds(master)
    body = accounts["oauth_basic"] if scenario.method == "OAUTH" else scenario.body
    output = subprocess.run(
        [
            shutil.which("wrk"),
            f"-t{connections}",
            f"-c{connections}",
            f"-d{seconds}s",
            "--timeout",
            "30s",
            "-s",
            str(ROOT / "bench" / "loadsite" / "scenario.lua"),
            f"http://127.0.0.1:{port}",
            "--",
            scenario.method,
            scenario.path,
            body,
            str(files[scenario.accounts]),
            accounts["client_id"],
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    cpu = wait_until_idle(master) - cpu_before
    result = json.loads(output.split("RESULT ", 1)[1].splitlines()[0])
    result["rps"] = result["requests"] / (result["duration_us"] / 1e6)
    # wrk keeps one request outstanding per connection: when it stops, the server still
    # completes them (wait_until_idle waits), so their CPU is in ``cpu`` too.
    result["cpu_ms"] = cpu * 1000 / max(result["requests"] + connections, 1)
    return result


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--customers", type=int, default=1000)
    parser.add_argument("--seconds", type=int, default=10, help="per scenario and round")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument(
        "--connections",
        default="16,64",
        help="comma-separated wrk connection counts; ratios are taken at the first",
    )
    parser.add_argument("--database", default="postgres://postgres@127.0.0.1:5432/shopsite_bench")
    parser.add_argument(
        "--redis",
        default="redis://127.0.0.1:6379/14",
        help="Redis for shopsite with REDIS_URL and for the independent project's rate "
        "limiter (their scenarios are left out when it does not answer); the windows left "
        "there expire by themselves",
    )
    parser.add_argument(
        "--port", type=int, default=0, help="first of the servers' ports (default: free ports)"
    )
    parser.add_argument(
        "--only",
        help="run the scenarios whose name contains one of these, comma-separated (and "
        "their baselines)",
    )
    parser.add_argument("--smoke", action="store_true", help="a few seconds, to prove it runs")
    parser.add_argument("--count-queries", help=argparse.SUPPRESS)  # see count_baseline_queries
    args = parser.parse_args()
    if args.count_queries:
        return print_baseline_queries(Path(args.count_queries))
    big_books = (100, 10_000)
    if args.smoke:
        args.customers, args.seconds, args.rounds, args.connections = 32, 1, 1, "4"
        big_books = (100, 1_000)
    args.connections = [int(count) for count in args.connections.split(",")]
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
    redis_env = {"REDIS_URL": args.redis} if redis_answers(args.redis) else {}
    if not redis_env:
        print(f"no Redis at {args.redis}: the scenarios that need it are left out")
        plan = [scenario for scenario in plan if not scenario.needs_redis]
    if args.only:
        wanted = args.only.split(",")
        chosen = {s.name for s in plan if any(part in s.name for part in wanted)}
        chosen |= {s.in_process for s in plan if s.name in chosen}
        chosen |= {s.independent for s in plan if s.name in chosen}
        chosen |= {s.rate_limited for s in plan if s.name in chosen}
        plan = [s for s in plan if s.name in chosen]
    queries = count_queries([s for s in plan if s.server != "baseline"], accounts, args.redis)
    queries |= count_baseline_queries(
        [s for s in plan if s.server == "baseline"], accounts, work, redis_env
    )
    from django.db import connections

    connections.close_all()

    servers = {}
    try:
        for number, (name, (module, extra)) in enumerate(SERVERS.items()):
            if name not in {scenario.server for scenario in plan}:
                continue
            port = args.port + number if args.port else free_port()
            log = work / f"server-{number}.log"
            if "REDIS_URL" in extra or name == "baseline":
                extra = {**extra, **redis_env}
            servers[name] = (start_server(module, environment | extra, port, log), port, log)
        for name, (_, port, log) in servers.items():
            probe = "/bare/customers/-" if name == "baseline" else "/healthz"
            wait_until_serving(port, probe, log)
        # Warm every worker (imports, first connection, caches) before anything is measured:
        # otherwise whichever scenario runs first pays for it in its tail.
        for scenario in [] if args.smoke else plan:
            if scenario.method in {"GET", "GUEST", "REFRESH"}:
                process, port, _ = servers[scenario.server]
                run_wrk(scenario, accounts, files, port, 1, max(args.connections), process.pid)
        for round_number in range(args.rounds):
            for connections_count in args.connections:
                # Rotate the order each round so no scenario always runs first or last.
                shift = (round_number * 7) % len(plan)
                for scenario in plan[shift:] + plan[:shift]:
                    if scenario.first_count_only and connections_count != args.connections[0]:
                        continue
                    process, port, _ = servers[scenario.server]
                    result = run_wrk(
                        scenario,
                        accounts,
                        files,
                        port,
                        args.seconds,
                        connections_count,
                        process.pid,
                    )
                    scenario.rounds.setdefault(connections_count, []).append(result)
            print(f"round {round_number + 1}/{args.rounds} done", flush=True)
    finally:
        for process, _, _ in servers.values():
            os.killpg(process.pid, signal.SIGTERM)
        for process, _, _ in servers.values():
            process.wait(timeout=30)

    report(plan, queries, big_books, args)
    for name, (_, _, log) in servers.items():
        report_failures(name, log)
    shutil.rmtree(work, ignore_errors=True)


def print_baseline_queries(request: Path) -> None:
    import django

    django.setup()
    wanted = json.loads(request.read_text())
    plan = [s for s in scenarios((100, 10_000)) if s.name in wanted["names"]]
    print(json.dumps(count_queries(plan, wanted["accounts"])))


def report_failures(server: str, log_path: Path) -> None:
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
            print(f"{server}: app error:", entry.get("message"))
    for key, count in sorted(failures.items()):
        method, status = key
        print(
            f"{server}: failed requests: {count} x {method} answered {status}, e.g. {examples[key]}"
        )


def median(values) -> float:
    values = list(values)
    return statistics.median(values) if values else float("nan")


def round_ratios(scenario: Scenario, baseline: Scenario, connections: int) -> list[float]:
    """The scenario's req/s over its baseline's, round by round (each pair ran in the same
    round, so a busy moment of the machine slowed both)."""
    pairs = zip(scenario.rounds[connections], baseline.rounds[connections], strict=True)
    return [mine["rps"] / base["rps"] for mine, base in pairs if base["rps"]]


def ratio(scenario: Scenario, baseline: Scenario | None, connections: int) -> str:
    """Median over rounds of the scenario's req/s over its baseline's in the same round."""
    if baseline is None:
        return ""
    return f"{median(round_ratios(scenario, baseline, connections)):.2f}x"


def report(plan, queries, big_books, args):
    by_name = {scenario.name: scenario for scenario in plan}
    first, *others = args.connections
    print(
        f"\n{args.seconds} s x {args.rounds} rounds per scenario and connection count, "
        f"{os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f} at the end; "
        f"ratios: req/s over the baseline's in the same round at {first} connections, "
        "median of rounds\n"
    )
    columns = [f"req/s@{first}", f"p50@{first}", f"p99@{first}", "p99/p50"]
    for count in others:
        columns += [f"req/s@{count}", f"p50@{count}", f"p99@{count}"]
    columns += ["errors", "SQL", "CPU ms", "x in-proc", "x indep."]
    header = f"{'scenario':<32}" + "".join(f"{c:>10}" for c in columns)
    print(header)
    print("-" * len(header))
    for scenario in plan:
        cells = []
        for count in args.connections:
            rounds = scenario.rounds.get(count)
            if not rounds:
                cells += ["-", "-", "-"]
                continue
            p50 = median(r["p50_us"] for r in rounds) / 1000
            p99 = median(r["p99_us"] for r in rounds) / 1000
            cells += [f"{median(r['rps'] for r in rounds):.0f}", f"{p50:.1f}", f"{p99:.1f}"]
            if count == first:
                cells.append(f"{p99 / p50:.1f}" if p50 else "-")
        rounds = [r for count in args.connections for r in scenario.rounds.get(count, [])]
        cells += [
            str(sum(r["status_errors"] + r["socket_errors"] for r in rounds)),
            str(queries[scenario.name]),
            f"{median(r['cpu_ms'] for r in scenario.rounds[first]):.2f}",
            ratio(scenario, by_name.get(scenario.in_process), first),
            ratio(scenario, by_name.get(scenario.independent), first),
        ]
        print(f"{scenario.name:<32}" + "".join(f"{c:>10}" for c in cells))
    # The spread behind each median: on a shared machine one round can be far off.
    print(f"\nx indep. round by round, at {first} connections:")
    for scenario in plan:
        baseline = by_name.get(scenario.independent)
        if baseline is not None:
            each = " ".join(f"{value:.2f}" for value in round_ratios(scenario, baseline, first))
            print(f"  {scenario.name:<30} {each}")
    limited = [s for s in plan if s.rate_limited in by_name]
    if limited:
        print(
            f"\nx the independent guest token behind django-ratelimit (Redis), at {first} "
            "connections: median, then round by round:"
        )
    for scenario in limited:
        each = round_ratios(scenario, by_name[scenario.rate_limited], first)
        rounds = " ".join(f"{value:.2f}" for value in each)
        print(f"  {scenario.name:<30} {median(each):.2f}x   {rounds}")
    if f"addresses of {big_books[1]:,}" not in by_name:
        return
    small = by_name[f"addresses of {big_books[0]:,}"].rounds[first]
    large = by_name[f"addresses of {big_books[1]:,}"].rounds[first]
    ratios = [
        big["p50_us"] / little["p50_us"]
        for little, big in zip(small, large, strict=True)
        if little["p50_us"] and big["p50_us"]
    ]
    print(
        f"\naddress page (10 of N): p50 at N={big_books[1]:,} is {median(ratios):.2f}x "
        f"its p50 at N={big_books[0]:,}"
    )


if __name__ == "__main__":
    main()
