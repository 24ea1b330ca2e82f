"""A customer's orders and baskets: GET /customers/{customer_id}/orders and /baskets."""

from datetime import datetime

import pytest

from customers.models import Customer, Order
from shopsite.api.models import Site

pytest_plugins = ["tests.fixtures_owned"]


def at(text):
    return datetime.fromisoformat(text)


def orders(client, customer, token, query=""):
    return client.call("GET", f"customers/{customer.customer_id}/orders{query}", token=token)


def order_numbers(response):
    return [order["order_no"] for order in response.json()["data"]]


# --- orders ---------------------------------------------------------------------------------


def test_orders_are_listed_newest_first_as_documented(client, customer, token, add_order):
    old = add_order(customer, created=at("2019-04-01T08:00:00+00:00"))
    new = add_order(customer, created=at("2019-05-01T08:00:00+00:00"), custom={"channel": "web"})

    response = orders(client, customer, token)

    assert response.status_code == 200
    body = response.json()
    assert body["_type"] == "customer_order_result"
    assert order_numbers(response) == [new.order_no, old.order_no]
    assert body["count"] == 2 and body["total"] == 2 and body["start"] == 0
    order = body["data"][0]
    assert order["_type"] == "order"
    assert order["order_no"] == f"{new.pk:08d}"
    assert order["status"] == "created"
    assert order["site_id"] == "SiteGenesis"
    assert order["creation_date"] == "2019-05-01T08:00:00.000Z"
    assert order["product_sub_total"] == 16.49
    assert order["order_total"] == 21.5
    assert order["shipping_total_tax"] == 0.0
    assert order["currency"] == "USD"
    assert order["c_channel"] == "web"
    assert order["customer_info"] == {
        "_type": "customer_info",
        "customer_id": customer.customer_id,
        "customer_name": "Smith",
        "customer_no": customer.customer_no,
        "email": "jsmith@example.com",
    }
    assert order["product_items"] == [
        {"_type": "product_item", "price": 16.49, "product_id": "P-1", "quantity": 1}
    ]


def test_orders_page_ten_by_default(client, customer, token, add_order):
    for day in range(1, 13):
        add_order(customer, created=at(f"2019-05-{day:02d}T08:00:00+00:00"))

    body = orders(client, customer, token).json()

    assert body["count"] == 10
    assert body["total"] == 12
    assert "next" not in body


def test_orders_link_pages_when_asked_to_page(client, customer, token, add_order):
    made = [add_order(customer, created=at(f"2019-05-0{d}T08:00:00+00:00")) for d in (1, 2, 3)]

    response = orders(client, customer, token, "?start=1&count=1")

    body = response.json()
    assert order_numbers(response) == [made[1].order_no]
    assert body["next"].endswith(f"/customers/{customer.customer_id}/orders?count=1&start=2")
    assert body["previous"].endswith("/orders?count=1&start=0")


@pytest.mark.parametrize(
    ("query", "status"), [("?count=200", 200), ("?count=201", 400), ("?count=0", 400)]
)
def test_orders_paging_bounds(client, customer, token, query, status):
    response = orders(client, customer, token, query)

    assert response.status_code == status
    if status == 400:
        assert response.json()["fault"]["type"] == "MalformedParameterException"


def test_orders_filter_by_status(client, customer, token, add_order):
    add_order(customer, status=Order.Status.NEW)
    completed = add_order(customer, status=Order.Status.COMPLETED)

    response = orders(client, customer, token, "?status=completed")

    assert order_numbers(response) == [completed.order_no]
    assert response.json()["total"] == 1


def test_an_unknown_order_status_is_refused(client, customer, token):
    response = orders(client, customer, token, "?status=shipped")

    assert response.status_code == 400
    fault = response.json()["fault"]
    assert fault["type"] == "InvalidOrderStatusException"
    assert fault["arguments"] == {"status": "shipped"}


@pytest.fixture
def timeline(customer, add_order):
    """Orders at 10:00:00, 10:00:30 and 10:01 on 1 May 2019 (UTC), and one on 2 May."""
    times = [
        "2019-05-01T10:00:00+00:00",
        "2019-05-01T10:00:30+00:00",
        "2019-05-01T10:01:00+00:00",
        "2019-05-02T09:00:00+00:00",
    ]
    return [add_order(customer, created=at(time)).order_no for time in times]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        # until is inclusive at the precision given: the whole minute, the whole day.
        ("?until=2019-05-01T10:00Z", [1, 0]),
        ("?until=2019-05-01T10:00:00Z", [0]),
        ("?until=2019-05-01T10:00:00.000Z", [0]),
        ("?until=2019-05-01", [2, 1, 0]),
        ("?from=2019-05-01T10:01Z", [3, 2]),
        ("?from=2019-05-01T10:00:30Z&until=2019-05-01T10:01Z", [2, 1]),
        ("?from=2019-05-02", [3]),
        # Other zones: 12:00+02:00 is 10:00 UTC.
        ("?until=2019-05-01T12:00%2B02:00", [1, 0]),
        ("?until=2019-05-01T12:00%2B0200", [1, 0]),
        ("?from=2019-05-01T05:01-05:00", [3, 2]),
        # No zone is UTC.
        ("?until=2019-05-01T10:00", [1, 0]),
        ("?from=2019-05-03", []),
    ],
)
def test_orders_filter_by_date_range(client, customer, token, timeline, query, expected):
    response = orders(client, customer, token, query)

    assert response.status_code == 200, response.content
    assert order_numbers(response) == [timeline[index] for index in expected]


@pytest.mark.parametrize(
    ("query", "parameter"),
    [
        ("?from=yesterday", "from"),
        ("?until=2019-13-01", "until"),
        ("?from=2019-05-01T25:00Z", "from"),
        ("?until=01.05.2019", "until"),
        ("?from=", "from"),
    ],
)
def test_a_malformed_date_is_refused(client, customer, token, query, parameter):
    response = orders(client, customer, token, query)

    assert response.status_code == 400
    fault = response.json()["fault"]
    assert fault["type"] == "MalformedParameterException"
    assert fault["arguments"]["parameter"] == parameter


@pytest.fixture
def other_site_order(customer, add_order):
    ref_arch = Site.objects.create(site_id="RefArch")
    return add_order(customer, order_site=ref_arch)


def test_cross_sites_is_ignored_for_customer_tokens(
    client, customer, token, add_order, other_site_order
):
    here = add_order(customer)

    plain = orders(client, customer, token)
    crossed = orders(client, customer, token, "?cross-sites=true")

    assert order_numbers(plain) == [here.order_no]
    assert order_numbers(crossed) == [here.order_no]


def test_a_malformed_cross_sites_flag_is_refused(client, customer, token):
    response = orders(client, customer, token, "?cross-sites=maybe")

    assert response.status_code == 400
    assert response.json()["fault"]["arguments"]["parameter"] == "cross-sites"


@pytest.mark.parametrize("size", [1, 30])
def test_orders_run_a_constant_number_of_queries(
    client, customer, token, add_order, django_assert_max_num_queries, size
):
    for _ in range(size):
        add_order(customer)

    # Savepoint pair, site, client, denylist, token's and URL's customer, COUNT, the page.
    with django_assert_max_num_queries(9):
        response = orders(client, customer, token, "?count=200")

    assert response.json()["count"] == size


def test_a_guest_lists_its_own_orders(client, guest_token, add_order):
    guest = Customer.objects.get(is_guest=True)
    order = add_order(guest)

    response = orders(client, guest, guest_token)

    assert response.status_code == 200
    assert order_numbers(response) == [order.order_no]


# --- baskets --------------------------------------------------------------------------------


def test_baskets_are_listed_with_their_total(client, customer, token, add_basket):
    first = add_basket(customer)
    second = add_basket(customer, currency="EUR")

    response = client.call("GET", f"customers/{customer.customer_id}/baskets", token=token)

    assert response.status_code == 200
    body = response.json()
    assert body["_type"] == "baskets_result"
    assert body["total"] == 2
    assert [b["basket_id"] for b in body["baskets"]] == [second.basket_id, first.basket_id]
    basket = body["baskets"][0]
    assert basket["_type"] == "basket"
    assert basket["currency"] == "EUR"
    assert basket["product_total"] == 20.0
    assert basket["product_items"] == [
        {"_type": "product_item", "product_id": "P-2", "quantity": 2}
    ]
    assert basket["customer_info"]["customer_id"] == customer.customer_id
    assert "count" not in body and "data" not in body


def test_no_baskets(client, customer, token):
    response = client.call("GET", f"customers/{customer.customer_id}/baskets", token=token)

    assert response.json() == {"_v": "19.5", "_type": "baskets_result", "baskets": [], "total": 0}


@pytest.mark.parametrize("size", [1, 20])
def test_baskets_run_a_constant_number_of_queries(
    client, customer, token, add_basket, django_assert_max_num_queries, size
):
    for _ in range(size):
        add_basket(customer)

    with django_assert_max_num_queries(8):
        response = client.call("GET", f"customers/{customer.customer_id}/baskets", token=token)

    assert response.json()["total"] == size


def test_a_guest_lists_its_own_baskets(client, guest_token, add_basket):
    guest = Customer.objects.get(is_guest=True)
    basket = add_basket(guest)

    response = client.call("GET", f"customers/{guest.customer_id}/baskets", token=guest_token)

    assert response.status_code == 200
    assert [b["basket_id"] for b in response.json()["baskets"]] == [basket.basket_id]


# --- who may call, hooks --------------------------------------------------------------------


@pytest.mark.parametrize("resource", ["orders", "baskets"])
def test_another_customers_orders_and_baskets_are_refused(
    client, token, other_customer, add_order, add_basket, resource
):
    add_order(other_customer)
    add_basket(other_customer)

    response = client.call("GET", f"customers/{other_customer.customer_id}/{resource}", token=token)

    assert response.status_code == 400
    assert response.json()["fault"]["type"] == "InvalidCustomerException"


@pytest.mark.parametrize("resource", ["orders", "baskets"])
def test_an_unknown_customer_under_a_jwt_is_an_invalid_customer(client, token, resource):
    response = client.call("GET", f"customers/nobody/{resource}", token=token)

    assert response.status_code == 400
    assert response.json()["fault"]["type"] == "InvalidCustomerException"


@pytest.mark.parametrize("resource", ["orders", "baskets"])
def test_a_token_is_required(client, customer, resource):
    response = client.call("GET", f"customers/{customer.customer_id}/{resource}")

    assert response.status_code == 401


@pytest.mark.parametrize(
    ("resource", "result_type"),
    [("orders", "customer_order_result"), ("baskets", "baskets_result")],
)
def test_listing_calls_its_extension_points(
    client, customer, token, hook_recorder, resource, result_type
):
    on, calls = hook_recorder
    prefix = f"dw.ocapi.shop.customer.{resource}"
    on(f"{prefix}.beforeGET")
    on(f"{prefix}.modifyGETResponse_v2", change=lambda c, doc: doc.update(c_seen=True))

    response = client.call("GET", f"customers/{customer.customer_id}/{resource}", token=token)

    assert response.json()["c_seen"] is True
    assert calls[0] == (f"{prefix}.beforeGET", (customer.customer_id,))
    name, (hooked_customer, document) = calls[1]
    assert name == f"{prefix}.modifyGETResponse_v2"
    assert hooked_customer == customer
    assert document["_type"] == result_type


# --- admin ----------------------------------------------------------------------------------


def test_the_admin_lists_orders_and_baskets(admin_client, customer, add_order, add_basket):
    order = add_order(customer)
    basket = add_basket(customer)

    orders_page = admin_client.get("/admin/customers/order/")
    baskets_page = admin_client.get("/admin/customers/basket/")

    assert orders_page.status_code == baskets_page.status_code == 200
    assert order.order_no in orders_page.content.decode()
    assert basket.basket_id in baskets_page.content.decode()


def order_form(customer, site, **changes):
    return {
        "customer": customer.pk,
        "site": site.pk,
        "order_no": "",
        "status": "new",
        "payment_status": "not_paid",
        "shipping_status": "not_shipped",
        "customer_name": "",
        "email": "",
        "creation_date_0": "2019-05-01",
        "creation_date_1": "10:00:00",
        "currency": "USD",
        "taxation": "gross",
        "product_items": '[{"product_id": "P-1", "quantity": 2}]',
        "custom": "{}",
        **{
            name: "0"
            for name in (
                "product_sub_total",
                "product_total",
                "merchandize_total_tax",
                "adjusted_merchandize_total_tax",
                "shipping_total",
                "shipping_total_tax",
                "adjusted_shipping_total_tax",
                "tax_total",
            )
        },
        "order_total": "12.50",
        **changes,
    }


def test_the_admin_creates_an_order_numbered_from_its_key(admin_client, customer, site):
    response = admin_client.post("/admin/customers/order/add/", order_form(customer, site))

    assert response.status_code == 302, response.context["errors"]
    order = Order.objects.get()
    assert order.order_no == f"{order.pk:08d}"
    assert order.customer_name == "Smith" and order.email == "jsmith@example.com"
    assert order.product_items == [{"product_id": "P-1", "quantity": 2}]


@pytest.mark.parametrize(
    "items",
    ['{"product_id": "P-1"}', '[{"quantity": 1}]', '[{"product_id": "P-1", "quantity": 1000}]'],
)
def test_the_admin_refuses_malformed_product_items(admin_client, customer, site, items):
    form = order_form(customer, site, product_items=items)

    response = admin_client.post("/admin/customers/order/add/", form)

    assert response.status_code == 200
    assert response.context["adminform"].form.errors["product_items"]
    assert not Order.objects.exists()
