"""OCAPI's property selection syntax (``shopsite.api.selection``): unit tests of the one
parser and tree, in its ``select=`` form and in the stricter form settings documents'
``read_attributes``/``write_attributes`` take; then ``select=(...)`` trimming documents
over HTTP, in JSON and XML, a malformed selector being a 400 ``MalformedSelectorException``.
The settings documents' use over HTTP is in test_client_settings.py."""

import pytest
from lxml import etree

from customers.models import Customer
from shopsite.api.faults import MalformedSelector
from shopsite.api.selection import (
    SelectionSyntaxError,
    identity_at_top,
    meta_everywhere,
    parse_attributes,
    parse_selector,
    select,
)
from tests.paths import lists_path

pytest_plugins = ["tests.fixtures_owned", "tests.fixtures_productlists"]

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


@pytest.mark.parametrize(
    "expression",
    ["", "()", "name", "(name", "(name,)", "(a.(b)", "(-name)", "(data[0].(**))", "(a)(b)"],
)
def test_malformed_selections_are_refused(expression):
    with pytest.raises(SelectionSyntaxError):
        parse_attributes(expression)


def test_selections_nest_only_so_deep():
    with pytest.raises(SelectionSyntaxError, match="levels deep"):
        parse_attributes("(a." * 20 + "(**)" + ")" * 20)


@pytest.mark.parametrize("expression", ["(a" + ".a" * 16 + ")", "(a" + ".a" * 900 + ")"])
def test_the_short_form_nests_only_so_deep_too(expression):
    # name.sub is a level like name.(sub): a long chain must not reach Python's recursion
    # limit (a 500) in either form.
    with pytest.raises(SelectionSyntaxError, match="levels deep"):
        parse_attributes(expression)
    with pytest.raises(MalformedSelector, match="levels deep"):
        parse_selector(expression)


def test_errors_say_where():
    with pytest.raises(SelectionSyntaxError, match="at character 4"):
        parse_attributes("(a b)")
    with pytest.raises(MalformedSelector, match=r"array filters .* at character 4"):
        parse_selector("(a[?(@.x==1)])")


def test_the_select_form_takes_what_a_permission_refuses():
    assert parse_selector("(data[0:4].(**))").includes[0].span == (0, 4)
    assert parse_selector("(-name)").excludes == ("name",)
    with pytest.raises(SelectionSyntaxError, match="array selectors"):
        parse_attributes("(data[0:4].(**))")
    with pytest.raises(SelectionSyntaxError, match="needs \\* or \\*\\*"):
        parse_attributes("(-name)")


def test_both_forms_read_globs_and_short_nesting():
    for parse in (parse_selector, parse_attributes):
        selection = parse("(c_*, data.city)")
        assert selection.trim(
            {"c_a": 1, "c_b": 2, "count": 1, "data": [{"city": "B", "zip": "1"}]},
            kept_meta=meta_everywhere,
        ) == {"c_a": 1, "c_b": 2, "data": [{"city": "B"}]}


def test_which_meta_properties_a_trim_keeps():
    document = {
        "_v": "19.5",
        "_type": "customer",
        "_resource_state": "s",
        "address": {"_type": "customer_address", "city": "B"},
    }
    selection = parse_attributes("(address.(city))")

    assert selection.trim(document, kept_meta=meta_everywhere) == document
    assert selection.trim(document, kept_meta=identity_at_top) == {
        "_v": "19.5",
        "_type": "customer",
        "address": {"city": "B"},
    }


@pytest.mark.parametrize(
    ("expression", "expected"),
    [
        ("(**,-data)", {"count": 2, "tags": ["a"]}),
        ("(**,-data,data)", {"count": 2, "tags": ["a"]}),  # an exclusion wins
        ("(*,-count)", {"tags": ["a"]}),  # a list of strings is a simple property
        ("(**,data.(zip))", {"count": 2, "tags": ["a"], "data": [{}, {"zip": "2"}]}),
        ("(**,data[1])", {"count": 2, "tags": ["a"], "data": [{"city": "S", "zip": "2"}]}),
    ],
)
def test_how_items_combine(expression, expected):
    document = {"count": 2, "tags": ["a"], "data": [{"city": "B"}, {"city": "S", "zip": "2"}]}

    assert select(document, parse_selector(expression)) == expected


@pytest.mark.parametrize(
    ("expression", "document", "refused"),
    [
        ("(**)", {"a": {"b": 1}}, None),
        ("(a)", {"_v": "19.5", "_resource_state": "s", "a": 1}, None),
        ("(a)", {"a": 1, "b": 2}, "b"),
        ("(*,-b)", {"a": 1, "b": 2}, "b"),
        ("(*)", {"a": 1, "doc": {"x": 1}}, "doc"),
        ("(c_*,doc.(x))", {"c_z": 1, "doc": {"_type": "t", "x": 1, "y": 2}}, "doc.y"),
        ("(list.(x))", {"list": [{"x": 1}, {"x": 2, "y": 3}]}, "list.y"),
        ("(list[0,1].(**))", {"list": [{}, {}, {}]}, "list[2]"),
    ],
)
def test_first_unselected_names_the_refused_property(expression, document, refused):
    assert parse_selector(expression).first_unselected(document) == refused


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


def test_a_chain_of_short_nestings_is_a_400_not_a_500(client, customer, token):
    path = f"customers/{customer.customer_id}?select=(" + "a." * 995 + "a)"

    response = client.call("GET", path, token=token)

    assert response.status_code == 400
    assert response.json()["fault"]["type"] == "MalformedSelectorException"


def test_a_malformed_selector_in_xml(client, customer, token):
    response = client.call(
        "GET", f"customers/{customer.customer_id}?format=xml&select=x", token=token
    )

    assert response.status_code == 400
    assert etree.fromstring(response.content).findtext("fault/type") == "MalformedSelectorException"


# --- an answer's size: what a selection keeps is bounded ---------------------------------


def repeated_index_selector(n: int) -> str:
    """The attacker's: each level names index 0 ``n`` times (n=40: 386 characters)."""
    indexes = ",".join(["0"] * n)
    return (
        f"(data[{indexes}].customer_product_list_items[{indexes}]"
        f".product.image_groups[{indexes}].images[{indexes}])"
    )


@pytest.mark.parametrize("n", [20, 40])
def test_an_index_named_n_times_selects_its_entry_once(client, customer, token, shirt_item, n):
    """n repeated indexes per level grew the answer as n**4 (n=40: 349 MB in 3.8 s)."""
    path = lists_path(customer) + "?expand=product,images&select=" + repeated_index_selector(n)

    response = client.call("GET", path, token=token)

    assert response.status_code == 200, response.content[:300]
    lists = response.json()["data"]
    assert len(lists) == 1
    items = lists[0]["customer_product_list_items"]
    assert len(items) == 1
    groups = items[0]["product"]["image_groups"]
    assert len(groups) == 1
    assert [image["link"] for image in groups[0]["images"]] == [
        "https://cdn.example.com/shirt-large.jpg"
    ]
    assert len(response.content) < 1000


def test_repeated_and_reordered_indexes_keep_each_entry_once_in_the_order_first_named():
    document = {"data": [{"n": 0}, {"n": 1}, {"n": 2}]}

    assert select(document, parse_selector("(data[2,0,2,0,2].n)")) == {"data": [{"n": 2}, {"n": 0}]}


def test_a_selection_keeping_more_values_than_the_limit_is_a_fault(
    client, customer, token, shirt_item, settings
):
    settings.OCAPI = {**settings.OCAPI, "MAX_SELECTED_VALUES": 10}
    path = lists_path(customer) + "?expand=product,images"

    small = client.call("GET", path + "&select=(data.(id,name))", token=token)
    large = client.call("GET", path + "&select=(data.(**,product.(**)))", token=token)
    everything = client.call("GET", path, token=token)

    assert small.status_code == 200
    assert small.json()["data"] == [{"id": shirt_item.product_list.list_id, "name": "Birthday"}]
    assert large.status_code == 400
    assert large["Content-Type"].startswith("application/json")
    assert large.json()["fault"]["type"] == "BadRequestException"
    assert "10" in large.json()["fault"]["message"]
    # Without a selection the answer is what the resource holds, bounded by its paging.
    assert everything.status_code == 200
