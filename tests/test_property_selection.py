"""``select=(...)``: the grammar (unit tests of the parser) and trimmed documents over
HTTP, in JSON and XML; a malformed selector is a 400 ``MalformedSelectorException``."""

import pytest
from lxml import etree

from customers.models import Customer
from shopsite.api.faults import MalformedSelector
from shopsite.api.selection import parse_selector, select

pytest_plugins = ["tests.fixtures_owned"]

RESULT = {
    "_v": "19.5",
    "_type": "customer_address_result",
    "count": 2,
    "data": [
        {"_type": "customer_address", "address_id": "home", "city": "Boston", "c_x": 1},
        {"_type": "customer_address", "address_id": "work", "city": "Salem"},
    ],
    "total": 2,
}


@pytest.mark.parametrize(
    ("selector", "expected"),
    [
        ("(count)", {"count": 2}),
        ("(+count, total)", {"count": 2, "total": 2}),
        ("(*)", {"count": 2, "total": 2}),
        ("(**)", {k: v for k, v in RESULT.items() if k not in ("_v", "_type")}),
        ("(**,-data)", {"count": 2, "total": 2}),
        ("(data.(address_id))", {"data": [{"address_id": "home"}, {"address_id": "work"}]}),
        ("(data.city)", {"data": [{"city": "Boston"}, {"city": "Salem"}]}),
        ("(data[1].(**))", {"data": [RESULT["data"][1]]}),
        ("(data[0:0].c_x)", {"data": [{"c_x": 1}]}),
        ("(data[0,1,7].address_id)", {"data": [{"address_id": "home"}, {"address_id": "work"}]}),
        ("(count,data.(**))", {"count": 2, "data": RESULT["data"]}),
        ("(nothing_like_this)", {}),
    ],
)
def test_selectors_trim_the_document(selector, expected):
    assert select(RESULT, parse_selector(selector)) == {
        "_v": "19.5",
        "_type": "customer_address_result",
        **expected,
    }


@pytest.mark.parametrize(
    "selector",
    [
        "", "count", "(count", "(count))", "()", "(a,)", "((a))", "(a.)", "(a[x])", "(a[2:1])",
        "(a[?(@.name=='x')])", "(-a.(b))", "(a b)", "(a;b)", "(" * 40 + ")" * 40,
        "(a." * 30 + "(b" + ")" * 31, "(" + "a," * 2000 + "a)",
    ],
)  # fmt: skip
def test_malformed_selectors_are_refused(selector):
    with pytest.raises(MalformedSelector) as refused:
        parse_selector(selector)
    assert refused.value.arguments == {"selector": selector[:200]}


def test_select_trims_the_customer_document(client, customer, token):
    response = client.call(
        "GET", f"customers/{customer.customer_id}?select=(customer_id,email)", token=token
    )

    assert response.status_code == 200
    assert response.json() == {
        "_v": "19.5",
        "_type": "customer",
        "customer_id": customer.customer_id,
        "email": customer.email,
    }


def test_select_trims_a_list_in_xml(client, customer, token, add_address):
    add_address(customer, "home", city="Boston")
    path = f"customers/{customer.customer_id}/addresses?format=xml&select=(count,data.(city))"

    response = client.call("GET", path, token=token)

    root = etree.fromstring(response.content)
    assert [child.tag for child in root] == ["count", "data"]
    assert [child.tag for child in root.find("data")] == ["city"]


def test_select_applies_to_a_write_response(client, customer, token):
    response = client.call(
        "PATCH", f"customers/{customer.customer_id}?select=(fax)", {"fax": "5"}, token=token
    )

    assert response.json() == {"_v": "19.5", "_type": "customer", "fax": "5"}
    assert response["ETag"]  # the state of the whole document, not of the trimmed one


def test_a_malformed_selector_is_a_400_and_writes_nothing(client, customer, token):
    response = client.call(
        "PATCH", f"customers/{customer.customer_id}?select=(fax", {"fax": "5"}, token=token
    )

    assert response.status_code == 400
    fault = response.json()["fault"]
    assert fault["type"] == "MalformedSelectorException"
    assert fault["arguments"] == {"selector": "(fax"}
    assert Customer.objects.get(pk=customer.pk).fax in (None, "")


def test_a_malformed_selector_in_xml(client, customer, token):
    response = client.call(
        "GET", f"customers/{customer.customer_id}?format=xml&select=x", token=token
    )

    assert response.status_code == 400
    assert etree.fromstring(response.content).findtext("fault/type") == "MalformedSelectorException"
