"""Bad input never breaks the server: whatever JSON a client sends to a writing endpoint,
the answer is a success or an OCAPI fault document below 500, never a crash.

Property-based (hypothesis): documents made of the properties the endpoints know, holding
values of every JSON type, and JSON that is not a document at all.
"""

import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rest_framework.throttling import ScopedRateThrottle

from customers.models import CustomerAddress
from tests.conftest import PASSWORD, login

JSON = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**70), max_value=2**70)
    | st.floats(allow_nan=False)
    | st.text(max_size=30),
    lambda children: (
        st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=10), children, max_size=3)
    ),
    max_leaves=8,
)
PROPERTIES = st.sampled_from(
    [
        "type", "customer", "password", "login", "email", "last_name", "first_name", "gender",
        "birthday", "c_origin", "address_id", "preferred", "country_code", "payment_method_id",
        "payment_card", "number", "expiration_month", "gift_certificate_code",
        "payment_bank_account", "current_password", "identification", "reset_token",
        "new_password", "client_id", "_resource_state", "name", "description", "public",
        "event", "registrant", "shipping_address_link", "product_id", "priority", "quantity",
        "purchaser_name", "order_no",
    ]
)  # fmt: skip
DOCUMENTS = st.dictionaries(PROPERTIES, JSON, max_size=6) | JSON
ENDPOINTS = st.sampled_from(
    [
        ("POST", "customers"),
        ("PATCH", "customers/{id}"),
        ("POST", "customers/{id}/addresses"),
        ("PATCH", "customers/{id}/addresses/home"),
        ("POST", "customers/{id}/payment_instruments"),
        ("PUT", "customers/{id}/password"),
        ("POST", "customers/password_reset"),
        ("POST", "customers/password/actions/reset"),
        ("POST", "customers/auth"),
        ("POST", "customers/{id}/product_lists"),
        ("PATCH", "customers/{id}/product_lists/L1"),
        ("POST", "customers/{id}/product_lists/L1/items"),
        ("PATCH", "customers/{id}/product_lists/L1/items/I1"),
        ("POST", "customers/{id}/product_lists/L1/items/I1/purchases"),
        ("PATCH", "customers/{id}/product_lists/L1/items/I1/purchases/P1"),
    ]
)


@pytest.fixture
def unthrottled(monkeypatch, settings):
    rates = settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]
    monkeypatch.setattr(ScopedRateThrottle, "THROTTLE_RATES", dict.fromkeys(rates, "100000/minute"))


@pytest.mark.django_db
@settings(max_examples=200, deadline=None, suppress_health_check=list(HealthCheck))
@given(document=DOCUMENTS, endpoint=ENDPOINTS)
def test_any_document_gets_a_success_or_a_fault(client, customer, unthrottled, document, endpoint):
    # Examples share the test's database: put back what an earlier example may have changed.
    customer.login, customer.locked_until, customer.token_version = "jsmith", None, 0
    customer.set_password(PASSWORD)
    customer.save()
    CustomerAddress.objects.get_or_create(customer=customer, address_id="home")
    product_list, _ = customer.product_lists.get_or_create(list_id="L1", type="wish_list")
    item, _ = product_list.items.get_or_create(item_id="I1", type="gift_certificate")
    item.purchases.get_or_create(purchase_id="P1", purchaser_name="x", quantity=1)
    token = login(client)
    method, path = endpoint

    response = client.call(
        method, path.format(id=customer.customer_id), json.dumps(document), token=token
    )

    assert response.status_code < 500, (method, path, document, response.content)
    if response.status_code >= 400:
        assert response.json()["_type"] == "fault"
