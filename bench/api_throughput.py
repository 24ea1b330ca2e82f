"""Throughput, latency, queries and memory of the main customer endpoints.

Runs the whole Django stack in-process (no network) against a throw-away test database
(SQLite in memory, or the database of DATABASE_URL), and prints one line per endpoint:

    python bench/api_throughput.py [--requests 300]

The figures are for comparing changes on one machine, not absolute promises. Password
hashing is the real (slow, deliberately) hasher, so the credentials line shows what a login
costs in production.
"""

import argparse
import json
import os
import statistics
import sys
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "shopsite.settings")
os.environ.setdefault("SECURE_SSL_REDIRECT", "0")
# Measure the endpoints, not the throttle.
os.environ.setdefault("THROTTLE_CUSTOMER_AUTH", "1000000/minute")

import django

django.setup()

from django.db import connection  # noqa: E402
from django.test.utils import CaptureQueriesContext, setup_test_environment  # noqa: E402
from rest_framework.test import APIClient  # noqa: E402


def measure(name, requests, call):
    durations, queries = [], []
    for _ in range(requests):
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            response = call()
            durations.append(time.perf_counter() - started)
        assert response.status_code in (200, 204), (name, response.status_code, response.content)
        queries.append(len(captured))
    # Memory in a separate pass: tracing slows Python down and would distort the timings.
    tracemalloc.start()
    for _ in range(min(requests, 20)):
        call()
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    total = sum(durations)
    p95 = statistics.quantiles(durations, n=20)[-1] * 1000 if len(durations) > 1 else 0
    p50 = statistics.median(durations) * 1000
    print(
        f"{name:<28} {requests / total:8.1f} req/s   p50 {p50:6.2f} ms"
        f"   p95 {p95:6.2f} ms   {max(queries):3d} queries   peak {peak / 1024:8.1f} KiB"
    )


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=300, help="requests per endpoint")
    args = parser.parse_args()

    setup_test_environment()
    old_name = connection.creation.create_test_db(verbosity=0)
    try:
        from customers.models import Customer
        from shopsite.api.models import ApiClient, Site

        site = Site.objects.create(site_id="SiteGenesis")
        app = ApiClient.objects.create(name="bench")
        customer = Customer.objects.create_registered(
            site, "Bench!Passw0rd", login="bench", email="b@example.com", last_name="Bench"
        )

        client = APIClient(HTTP_X_DW_CLIENT_ID=app.client_id)
        base = "/s/SiteGenesis/dw/shop/v19_5/"

        def post(path, body, **headers):
            return client.post(
                base + path, json.dumps(body), content_type="application/json", **headers
            )

        login = post(
            "customers/auth",
            {"type": "credentials"},
            HTTP_AUTHORIZATION="Basic YmVuY2g6QmVuY2ghUGFzc3cwcmQ=",
        )
        token = login["Authorization"]

        print(f"database: {connection.vendor}, {args.requests} requests per endpoint")
        measure(
            "POST auth (guest)", args.requests, lambda: post("customers/auth", {"type": "guest"})
        )
        measure(
            "POST auth (credentials)",
            max(args.requests // 10, 2),
            lambda: post(
                "customers/auth",
                {"type": "credentials"},
                HTTP_AUTHORIZATION="Basic YmVuY2g6QmVuY2ghUGFzc3cwcmQ=",
            ),
        )
        measure(
            "POST auth (refresh)",
            args.requests,
            lambda: post("customers/auth", {"type": "refresh"}, HTTP_AUTHORIZATION=token),
        )
        path = f"{base}customers/{customer.customer_id}"
        measure("GET customer", args.requests, lambda: client.get(path, HTTP_AUTHORIZATION=token))
        measure(
            "PATCH customer",
            args.requests,
            lambda: client.patch(
                path,
                json.dumps({"first_name": "B"}),
                content_type="application/json",
                HTTP_AUTHORIZATION=token,
            ),
        )
        bench_product_list_items(client, customer, path, token, args.requests)
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


def bench_product_list_items(client, customer, customer_path, token, requests):
    """A wish list of 200 items read a page at a time, with the products embedded: the
    queries per page stay the same whatever its size."""
    from productlists.models import CustomerProductList, CustomerProductListItem, Product

    products = Product.objects.bulk_create(
        Product(
            product_id=f"bench-{index:03d}",
            name=f"Bench product {index}",
            price=10 + index,
            currency="USD",
            stock_level=index,
            image_urls=[f"https://cdn.example.com/{index}.jpg"],
        )
        for index in range(200)
    )
    wish_list = CustomerProductList.objects.create(customer=customer, type="wish_list")
    CustomerProductListItem.objects.bulk_create(
        CustomerProductListItem(product_list=wish_list, type="product", product=product)
        for product in products
    )
    items = f"{customer_path}/product_lists/{wish_list.list_id}/items"
    for count in (10, 200):
        query = f"?count={count}&expand=product,images,availability"
        measure(
            f"GET items expand ({count})",
            requests if count == 10 else max(requests // 5, 2),
            lambda query=query: client.get(items + query, HTTP_AUTHORIZATION=token),
        )


if __name__ == "__main__":
    main()
