"""Saved payment instruments: /customers/{customer_id}/payment_instruments[/{id}]."""

import logging
from datetime import date

import pytest
from cryptography.fernet import Fernet
from django.core.management import call_command
from django.db import connection

from customers import crypto
from customers.models import Customer, CustomerPaymentInstrument
from shopsite.api.hooks import Status
from tests.adminforms import admin_form_data
from tests.samples import SAMPLE_PAYMENT_INSTRUMENT, VISA

pytest_plugins = ["tests.fixtures_owned"]


def instruments_path(customer, instrument_id=None):
    path = f"customers/{customer.customer_id}/payment_instruments"
    return f"{path}/{instrument_id}" if instrument_id else path


def card_request(number=VISA, **card):
    return {
        "payment_method_id": "CREDIT_CARD",
        "payment_card": {
            "card_type": "Visa",
            "holder": "John Smith",
            "number": number,
            "expiration_month": 2,
            "expiration_year": 2099,
            **card,
        },
    }


def raw_column(instrument, column):
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT {column} FROM customers_customerpaymentinstrument WHERE id = %s",  # noqa: S608
            [instrument.pk],
        )
        return cursor.fetchone()[0]


# --- create ---------------------------------------------------------------------------------


def test_create_answers_the_documented_document(client, customer, token):
    response = client.call(
        "POST", instruments_path(customer), SAMPLE_PAYMENT_INSTRUMENT, token=token
    )

    assert response.status_code == 200, response.content
    body = response.json()
    instrument_id = body.pop("payment_instrument_id")
    assert body.pop("uuid") == instrument_id  # as the documentation's GET sample shows
    assert len(body.pop("_resource_state")) == 64
    stored = CustomerPaymentInstrument.objects.get(payment_instrument_id=instrument_id)
    assert body.pop("creation_date") == stored.creation_date.isoformat()[:23] + "Z"
    assert body.pop("last_modified") == stored.last_modified.isoformat()[:23] + "Z"
    assert body == {
        "_v": "19.5",
        "_type": "customer_payment_instrument",
        "bank_routing_number": "bankrouting3776",
        "gift_certificate_code_masked": "******ode7",
        # The schema's (and the JS SDK's) name for the same masked code.
        "masked_gift_certificate_code": "******ode7",
        "payment_bank_account": {"_type": "payment_bank_account"},
        "payment_card": {
            "_type": "payment_card",
            "card_type": "MasterCard",
            "credit_card_expired": False,
            "expiration_month": 7,
            "expiration_year": 2027,
            "holder": "Joe Doe",
            "issue_number": "i117",
            "masked_number": "***4567",
            "number_last_digits": "4567",
            "valid_from_month": 8,
            "valid_from_year": 2007,
        },
        "payment_method_id": "OCAPI_Payment_Simple",
        "c_strValue": "custom value 7",
    }
    assert stored.customer == customer
    assert stored.card_number.reveal() == "1234567"
    assert stored.gift_certificate_code.reveal() == "gift_code7"
    assert stored.custom == {"strValue": "custom value 7"}


BANK_TRANSFER = {
    "payment_method_id": "BANK_TRANSFER",
    "bank_routing_number": "bankrouting3446",
    "payment_bank_account": {
        "holder": "Joe Doe",
        "number": "bankaccount111",
        "drivers_license": "driverlicense111",
        "drivers_license_state_code": "MA",
    },
}


def test_secrets_are_stored_encrypted(client, customer, token):
    response = client.call("POST", instruments_path(customer), BANK_TRANSFER, token=token)
    assert response.status_code == 200
    card = client.call("POST", instruments_path(customer), card_request(), token=token)
    assert card.status_code == 200

    bank = CustomerPaymentInstrument.objects.get(payment_method_id="BANK_TRANSFER")
    visa = CustomerPaymentInstrument.objects.get(payment_method_id="CREDIT_CARD")
    for instrument, column, plaintext in [
        (bank, "bank_account_number", "bankaccount111"),
        (bank, "bank_account_drivers_license", "driverlicense111"),
        (visa, "card_number", VISA),
    ]:
        stored = raw_column(instrument, column)
        assert plaintext not in stored
        assert crypto.decrypt(stored) == plaintext
    assert raw_column(visa, "card_masked_number") == "************1111"


def test_a_bank_account_shows_masked_numbers_only(client, customer, token):
    response = client.call("POST", instruments_path(customer), BANK_TRANSFER, token=token)

    assert response.status_code == 200
    body = response.json()
    assert body["bank_routing_number"] == "bankrouting3446"
    assert body["payment_bank_account"] == {
        "_type": "payment_bank_account",
        "drivers_license_last_digits": "e111",
        "drivers_license_state_code": "MA",
        "holder": "Joe Doe",
        "masked_drivers_license": "************e111",
        "masked_number": "**********t111",
        "number_last_digits": "t111",
    }
    assert body["payment_card"] == {"_type": "payment_card", "credit_card_expired": False}
    assert b"bankaccount111" not in response.content
    assert b"driverlicense111" not in response.content


def test_no_plaintext_reaches_a_response_or_a_log(client, customer, token, settings, caplog):
    # DEBUG makes Django log every SQL statement with its parameters.
    settings.DEBUG = True
    caplog.set_level(logging.DEBUG)
    caplog.set_level(logging.DEBUG, logger="django")
    body = {**card_request(), "gift_certificate_code": "GIFTSECRET99"}

    created = client.call("POST", instruments_path(customer), body, token=token)
    instrument_id = created.json()["payment_instrument_id"]
    responses = [
        created,
        client.call("GET", instruments_path(customer), token=token),
        client.call("GET", instruments_path(customer, instrument_id), token=token),
        client.call(
            "GET", f"customers/{customer.customer_id}?expand=paymentinstruments", token=token
        ),
    ]

    assert all(response.status_code == 200 for response in responses)
    assert "customers_customerpaymentinstrument" in caplog.text  # the SQL was logged...
    for secret in (VISA, "GIFTSECRET99"):
        assert secret not in caplog.text  # ...without the secrets
        for response in responses:
            assert secret.encode() not in response.content
    instrument = CustomerPaymentInstrument.objects.get()
    assert VISA not in repr(instrument.card_number) and VISA not in str(instrument.card_number)
    assert VISA not in str(instrument)


def test_a_valid_credit_card(client, customer, token):
    response = client.call(
        "POST", instruments_path(customer), card_request("4111 1111-1111 1111"), token=token
    )

    assert response.status_code == 200
    card = response.json()["payment_card"]
    assert card["masked_number"] == "************1111"
    assert card["number_last_digits"] == "1111"
    assert card["credit_card_expired"] is False
    stored = CustomerPaymentInstrument.objects.get()
    assert stored.card_number.reveal() == VISA


def last_month():
    today = date.today()
    return (today.year, today.month - 1) if today.month > 1 else (today.year - 1, 12)


def test_credit_card_expired_is_computed_from_today(client, customer, token):
    year, month = last_month()
    today = date.today()
    expired = client.call(
        "POST",
        instruments_path(customer),
        card_request(expiration_month=month, expiration_year=year),
        token=token,
    )
    current = client.call(
        "POST",
        instruments_path(customer),
        card_request(expiration_month=today.month, expiration_year=today.year),
        token=token,
    )

    assert expired.json()["payment_card"]["credit_card_expired"] is True
    assert current.json()["payment_card"]["credit_card_expired"] is False


def test_a_gift_certificate(client, customer, token):
    body = {"payment_method_id": "GIFT_CERTIFICATE", "gift_certificate_code": "ABCDEFGH1234"}

    response = client.call("POST", instruments_path(customer), body, token=token)

    assert response.status_code == 200
    assert response.json()["gift_certificate_code_masked"] == "********1234"
    assert response.json()["masked_gift_certificate_code"] == "********1234"
    assert "gift_certificate_code" not in response.json()


# --- tokenized cards --------------------------------------------------------------------------

TOKEN = "tok_visa_4JnW9cXb2f8K"


def tokenized(**card):
    return {
        "payment_method_id": "CREDIT_CARD",
        "payment_card": {
            "card_type": "Visa",
            "holder": "John Smith",
            "credit_card_token": TOKEN,
            **card,
        },
    }


def test_a_tokenized_card_is_saved_without_a_number(client, customer, token):
    response = client.call("POST", instruments_path(customer), tokenized(), token=token)

    assert response.status_code == 200, response.content
    card = response.json()["payment_card"]
    assert card["card_type"] == "Visa" and card["holder"] == "John Smith"
    assert "credit_card_token" not in card and TOKEN not in response.content.decode()
    assert "masked_number" not in card and "expiration_month" not in card
    stored = CustomerPaymentInstrument.objects.get()
    assert stored.card_number == "" and stored.card_masked_number == ""
    assert stored.card_token.reveal() == TOKEN


def test_a_tokenized_card_keeps_the_masked_number_the_provider_showed(client, customer, token):
    body = tokenized(number="**** **** **** 1111", expiration_month=12, expiration_year=2099)

    response = client.call("POST", instruments_path(customer), body, token=token)

    assert response.status_code == 200, response.content
    card = response.json()["payment_card"]
    assert card["masked_number"] == "************1111"
    assert card["number_last_digits"] == "1111"
    assert card["credit_card_expired"] is False
    stored = CustomerPaymentInstrument.objects.get()
    assert stored.card_number == ""
    assert TOKEN not in response.content.decode()


def test_a_token_beside_a_full_number_stores_both_encrypted(client, customer, token):
    response = client.call("POST", instruments_path(customer), tokenized(number=VISA), token=token)

    assert response.status_code == 200
    assert response.json()["payment_card"]["masked_number"] == "************1111"
    stored = CustomerPaymentInstrument.objects.get()
    assert raw_column(stored, "card_token") != TOKEN
    assert crypto.decrypt(raw_column(stored, "card_token")) == TOKEN
    assert VISA not in raw_column(stored, "card_number")


def test_the_token_is_encrypted_at_rest_and_never_listed(client, customer, token):
    client.call("POST", instruments_path(customer), tokenized(), token=token)
    stored = CustomerPaymentInstrument.objects.get()

    listed = client.call("GET", instruments_path(customer), token=token)
    one = client.call("GET", instruments_path(customer, stored.payment_instrument_id), token=token)
    expanded = client.call(
        "GET", f"customers/{customer.customer_id}?expand=paymentinstruments", token=token
    )

    assert TOKEN not in raw_column(stored, "card_token")
    for response in (listed, one, expanded):
        assert response.status_code == 200
        assert TOKEN not in response.content.decode()
        assert "credit_card_token" not in response.content.decode()


def test_the_migration_encrypts_tokens_stored_in_plain_text(customer, add_card):
    import importlib

    from django.apps import apps

    migration = importlib.import_module("customers.migrations.0006_encrypt_card_token")
    instrument = add_card(customer)
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE customers_customerpaymentinstrument SET card_token = %s WHERE id = %s",
            ["tok_plain", instrument.pk],
        )

    migration.encrypt_stored_tokens(apps, None)
    migration.encrypt_stored_tokens(apps, None)  # a second run changes nothing

    assert crypto.decrypt(raw_column(instrument, "card_token")) == "tok_plain"


INVALID = [
    ({**card_request(), "payment_method_id": "BITCOIN"}, "InvalidPaymentMethodException", None),
    (
        {k: v for k, v in card_request().items() if k != "payment_method_id"},
        "InvalidPaymentMethodException",
        None,
    ),
    ({**card_request(), "payment_method_id": ""}, "InvalidPaymentMethodException", None),
    (card_request("4111111111111112"), "InvalidPaymentCardException", "payment_card.number"),
    (card_request("4111111"), "InvalidPaymentCardException", "payment_card.number"),
    (card_request("41111111111111111111"), "InvalidPaymentCardException", "payment_card.number"),
    (card_request("4111abcd11111111"), "InvalidPaymentCardException", "payment_card.number"),
    (card_request(""), "InvalidPaymentCardException", "payment_card.number"),
    (
        card_request(expiration_month=13),
        "InvalidPaymentCardException",
        "payment_card.expiration_month",
    ),
    (
        card_request(expiration_month=0),
        "InvalidPaymentCardException",
        "payment_card.expiration_month",
    ),
    (
        card_request(valid_from_month=13),
        "InvalidPaymentCardException",
        "payment_card.valid_from_month",
    ),
    (
        card_request(expiration_year=99),
        "InvalidPaymentCardException",
        "payment_card.expiration_year",
    ),
    (
        {"payment_method_id": "CREDIT_CARD", "payment_card": {"card_type": "Visa", "holder": "J"}},
        "InvalidPaymentCardException",
        "payment_card.number",
    ),
    # A masked number is enough only beside a token: alone there is nothing to charge.
    (card_request("************1111"), "InvalidPaymentCardException", "payment_card.number"),
    (
        card_request("1111", credit_card_token="tok_1"),
        "InvalidPaymentCardException",
        "payment_card.number",
    ),
    (
        card_request("4111111111111112", credit_card_token="tok_1"),
        "InvalidPaymentCardException",
        "payment_card.number",
    ),
    (card_request(credit_card_token=42), "PropertyConstraintViolationException", None),
    (card_request(credit_card_token="t" * 4001), "PropertyConstraintViolationException", None),
    (
        {"payment_method_id": "OCAPI_Payment_Simple", "payment_card": {"number": "12 34x"}},
        "InvalidPaymentCardException",
        "payment_card.number",
    ),
    (
        {"payment_method_id": "GIFT_CERTIFICATE"},
        "InvalidPaymentInstrumentException",
        "gift_certificate_code",
    ),
    (
        {"payment_method_id": "BANK_TRANSFER", "payment_bank_account": {"holder": "J"}},
        "InvalidPaymentInstrumentException",
        "payment_bank_account.number",
    ),
    (card_request(expiration_month="7"), "PropertyConstraintViolationException", None),
    (card_request(pin="1234"), "UnknownPropertyException", None),
    ({**card_request(), "payment_card": None}, "PropertyConstraintViolationException", None),
]


@pytest.mark.parametrize(("body", "fault_type", "prop"), INVALID)
def test_create_refuses_invalid_payment_data(client, customer, token, body, fault_type, prop):
    response = client.call("POST", instruments_path(customer), body, token=token)

    assert response.status_code == 400
    fault = response.json()["fault"]
    assert fault["type"] == fault_type
    if prop:
        assert fault["arguments"]["property"] == prop
    assert not CustomerPaymentInstrument.objects.exists()


def test_an_unknown_payment_method_is_named(client, customer, token):
    body = {**card_request(), "payment_method_id": "BITCOIN"}

    fault = client.call("POST", instruments_path(customer), body, token=token).json()["fault"]

    assert fault["arguments"] == {"paymentMethodId": "BITCOIN"}
    assert fault["message"] == "The payment method 'BITCOIN' is unknown."


def test_known_payment_methods_are_a_setting(client, customer, token, settings):
    settings.OCAPI = {**settings.OCAPI, "PAYMENT_METHODS": ["STORE_CREDIT"]}

    refused = client.call("POST", instruments_path(customer), card_request(), token=token)
    accepted = client.call(
        "POST", instruments_path(customer), {"payment_method_id": "STORE_CREDIT"}, token=token
    )

    assert refused.json()["fault"]["type"] == "InvalidPaymentMethodException"
    assert accepted.status_code == 200
    assert accepted.json()["payment_method_id"] == "STORE_CREDIT"


# --- list, get, delete ----------------------------------------------------------------------


def test_list_filters_by_payment_method(client, customer, token, add_card):
    visa = add_card(customer)
    gift = CustomerPaymentInstrument(customer=customer, payment_method_id="GIFT_CERTIFICATE")
    gift.set_secret("gift_certificate_code", "GIFT1234CODE")
    gift.save()

    everything = client.call("GET", instruments_path(customer), token=token).json()
    cards = client.call(
        "GET", instruments_path(customer) + "?payment_method_id=CREDIT_CARD", token=token
    ).json()

    assert everything["_type"] == "customer_payment_instrument_result"
    assert [i["payment_instrument_id"] for i in everything["data"]] == [
        visa.payment_instrument_id,
        gift.payment_instrument_id,
    ]
    assert everything["count"] == everything["total"] == 2
    assert "start" not in everything
    assert [i["payment_instrument_id"] for i in cards["data"]] == [visa.payment_instrument_id]
    assert cards["total"] == 1
    assert cards["data"][0]["_type"] == "customer_payment_instrument"


@pytest.mark.parametrize("size", [1, 30])
def test_list_runs_a_constant_number_of_queries(
    client, customer, token, add_card, django_assert_max_num_queries, size
):
    for _ in range(size):
        add_card(customer)

    # Savepoint pair, site, client, denylist, token's and URL's customer, the list.
    with django_assert_max_num_queries(8):
        response = client.call("GET", instruments_path(customer), token=token)

    assert response.json()["count"] == size


def test_lists_never_decrypt(client, customer, token, add_card, monkeypatch):
    add_card(customer)

    def refuse(token):
        raise AssertionError("decrypted while listing")

    monkeypatch.setattr(crypto, "decrypt", refuse)
    response = client.call("GET", instruments_path(customer), token=token)

    assert response.status_code == 200
    assert response.json()["data"][0]["payment_card"]["masked_number"] == "************1111"


def test_get_an_instrument(client, customer, token, add_card):
    visa = add_card(customer, custom={"strValue": "custom Test value 3"})

    response = client.call(
        "GET", instruments_path(customer, visa.payment_instrument_id), token=token
    )

    assert response.status_code == 200
    body = response.json()
    assert body["payment_instrument_id"] == visa.payment_instrument_id
    assert body["payment_method_id"] == "CREDIT_CARD"
    assert body["payment_card"]["holder"] == "John Smith"
    assert body["c_strValue"] == "custom Test value 3"
    assert "_resource_state" in body


def test_get_an_unknown_instrument(client, customer, token):
    response = client.call(
        "GET", instruments_path(customer, "cdmh6iWbObcXUaaadkPA7ydxnr"), token=token
    )

    assert response.status_code == 404
    fault = response.json()["fault"]
    assert fault["type"] == "PaymentInstrumentNotFoundException"
    assert fault["arguments"] == {"paymentInstrumentId": "cdmh6iWbObcXUaaadkPA7ydxnr"}


def test_another_customers_instrument_is_not_found_under_ones_own_id(
    client, customer, token, other_customer, add_card
):
    theirs = add_card(other_customer)

    for method in ("GET", "DELETE"):
        response = client.call(
            method, instruments_path(customer, theirs.payment_instrument_id), token=token
        )
        assert response.status_code == 404
        assert response.json()["fault"]["type"] == "PaymentInstrumentNotFoundException"
    assert CustomerPaymentInstrument.objects.filter(pk=theirs.pk).exists()


def test_delete_an_instrument(client, customer, token, add_card):
    visa = add_card(customer)
    kept = add_card(customer)

    response = client.call(
        "DELETE", instruments_path(customer, visa.payment_instrument_id), token=token
    )

    assert response.status_code == 204
    assert list(customer.payment_instruments.all()) == [kept]


def test_delete_an_unknown_instrument(client, customer, token):
    response = client.call("DELETE", instruments_path(customer, "nope"), token=token)

    assert response.status_code == 404
    assert response.json()["fault"]["type"] == "PaymentInstrumentNotFoundException"


# --- who may call ---------------------------------------------------------------------------

ENDPOINTS = [("GET", False, None), ("POST", False, card_request()), ("GET", True, None)]
ENDPOINTS.append(("DELETE", True, None))


@pytest.mark.parametrize(("method", "by_id", "body"), ENDPOINTS)
def test_another_customers_instruments_are_refused(
    client, token, other_customer, add_card, method, by_id, body
):
    theirs = add_card(other_customer)
    path = instruments_path(other_customer, theirs.payment_instrument_id if by_id else None)

    response = client.call(method, path, body, token=token)

    assert response.status_code == 400
    assert response.json()["fault"]["type"] == "InvalidCustomerException"
    assert list(other_customer.payment_instruments.all()) == [theirs]


@pytest.mark.parametrize(("method", "by_id", "body"), ENDPOINTS)
def test_an_unknown_customer_under_a_jwt_is_an_invalid_customer(client, token, method, by_id, body):
    path = "customers/nobody/payment_instruments" + ("/abc" if by_id else "")

    response = client.call(method, path, body, token=token)

    assert response.status_code == 400
    assert response.json()["fault"]["type"] == "InvalidCustomerException"
    assert not CustomerPaymentInstrument.objects.exists()


def test_guests_have_no_payment_instruments(client, guest_token):
    guest = Customer.objects.get(is_guest=True)

    response = client.call("POST", instruments_path(guest), card_request(), token=guest_token)

    assert response.status_code == 403
    assert not CustomerPaymentInstrument.objects.exists()


# --- hooks ----------------------------------------------------------------------------------


def test_endpoints_call_their_extension_points(client, customer, token, hook_recorder):
    on, calls = hook_recorder
    names = [
        "dw.ocapi.shop.customer.payment_instrument.beforePOST",
        "dw.ocapi.shop.customer.payment_instrument.afterPOST",
        "dw.ocapi.shop.customer.payment_instrument.modifyPOSTResponse",
        "dw.ocapi.shop.customer.payment_instruments.beforeGET",
        "dw.ocapi.shop.customer.payment_instruments.modifyGETResponse_v2",
        "dw.ocapi.shop.customer.payment_instrument.beforeGET",
        "dw.ocapi.shop.customer.payment_instrument.modifyGETResponse",
        "dw.ocapi.shop.customer.payment_instrument.beforeDELETE",
        "dw.ocapi.shop.customer.payment_instrument.afterDELETE",
    ]
    for name in names:
        on(name)

    created = client.call("POST", instruments_path(customer), card_request(), token=token)
    instrument_id = created.json()["payment_instrument_id"]
    client.call("GET", instruments_path(customer) + "?payment_method_id=CREDIT_CARD", token=token)
    client.call("GET", instruments_path(customer, instrument_id), token=token)
    client.call("DELETE", instruments_path(customer, instrument_id), token=token)

    assert [name for name, _ in calls] == names
    args = dict(calls)
    assert args[names[0]][0] == customer
    assert args[names[0]][1]["payment_method_id"] == "CREDIT_CARD"
    assert args[names[2]][1].payment_instrument_id == instrument_id
    assert args[names[2]][2]["payment_instrument_id"] == instrument_id
    assert args[names[3]] == (customer.customer_id, "CREDIT_CARD")
    assert args[names[4]][1]["_type"] == "customer_payment_instrument_result"
    assert args[names[5]] == (customer.customer_id,)
    assert args[names[7]] == (customer, instrument_id)


def test_a_failing_hook_stores_nothing(client, customer, token, hook_recorder):
    on, _ = hook_recorder
    on("dw.ocapi.shop.customer.payment_instrument.afterPOST", result=Status.error("FRAUD"))

    response = client.call("POST", instruments_path(customer), card_request(), token=token)

    assert response.status_code == 400
    assert response.json()["fault"]["type"] == "HookStatusException"
    assert not CustomerPaymentInstrument.objects.exists()


# --- keys -----------------------------------------------------------------------------------


def test_keys_rotate_without_losing_stored_secrets(customer, add_card, settings):
    old, new = Fernet.generate_key().decode(), Fernet.generate_key().decode()
    settings.PAYMENT_ENCRYPTION_KEY = old
    visa = add_card(customer)

    settings.PAYMENT_ENCRYPTION_KEY = f"{new},{old}"
    assert CustomerPaymentInstrument.objects.get(pk=visa.pk).card_number.reveal() == VISA
    added = add_card(customer, number="5555555555554444")

    settings.PAYMENT_ENCRYPTION_KEY = new
    assert CustomerPaymentInstrument.objects.get(pk=added.pk).card_number.reveal() == (
        "5555555555554444"
    )
    with pytest.raises(crypto.ImproperlyConfigured):
        CustomerPaymentInstrument.objects.get(pk=visa.pk).card_number.reveal()


def test_a_passphrase_works_as_a_key(customer, add_card, settings):
    settings.PAYMENT_ENCRYPTION_KEY = "a long passphrase that is not a fernet key"
    visa = add_card(customer)

    assert CustomerPaymentInstrument.objects.get(pk=visa.pk).card_number.reveal() == VISA


def test_deploy_check_warns_without_a_key(settings):
    settings.PAYMENT_ENCRYPTION_KEY = ""
    assert [w.id for w in crypto.check_payment_encryption_key(None)] == ["customers.W001"]
    settings.PAYMENT_ENCRYPTION_KEY = Fernet.generate_key().decode()
    assert crypto.check_payment_encryption_key(None) == []


def test_fixtures_round_trip_without_double_encryption(customer, add_card, tmp_path):
    visa = add_card(customer)
    dump = tmp_path / "instruments.json"

    call_command("dumpdata", "customers.CustomerPaymentInstrument", output=str(dump))
    assert VISA not in dump.read_text()
    CustomerPaymentInstrument.objects.all().delete()
    call_command("loaddata", str(dump), verbosity=0)

    assert CustomerPaymentInstrument.objects.get(pk=visa.pk).card_number.reveal() == VISA


# --- admin ----------------------------------------------------------------------------------


def test_the_admin_shows_masked_numbers_only(admin_client, customer, add_card):
    add_card(customer)
    gift = CustomerPaymentInstrument(customer=customer, payment_method_id="GIFT_CERTIFICATE")
    gift.set_secret("gift_certificate_code", "GIFTSECRET99")
    gift.save()

    response = admin_client.get(f"/admin/customers/customer/{customer.pk}/change/")

    page = response.content.decode()
    assert response.status_code == 200
    assert "************1111" in page
    assert "********ET99" in page
    assert VISA not in page and "GIFTSECRET99" not in page
    # Read-only: no form field for any payment data.
    assert 'name="payment_instruments-0-payment_method_id"' not in page


def test_the_admin_saves_a_customer_without_touching_the_instruments(
    admin_client, customer, add_card
):
    visa = add_card(customer)
    url = f"/admin/customers/customer/{customer.pk}/change/"
    data = admin_form_data(admin_client.get(url))
    data["first_name"] = "Jack"

    response = admin_client.post(url, data)

    assert response.status_code == 302
    stored = CustomerPaymentInstrument.objects.get(pk=visa.pk)
    assert stored.card_number.reveal() == VISA
    assert raw_column(stored, "card_number") == raw_column(visa, "card_number")
