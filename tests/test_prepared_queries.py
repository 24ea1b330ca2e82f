"""Hot reads compiled once per process (``shopsite.api.prepared_queries``): each request
still reads its own rows, revocations and edits are seen at once, and a query that cannot
be reused is refused when first compiled, not answered wrongly."""

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.db import IntegrityError, connection, transaction
from django.db.models import Exists, OuterRef, Value
from django.db.models.functions import Upper
from django.db.models.signals import post_save
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from customers.models import Customer, CustomerAddress
from shopsite.api.prepared_queries import PreparedQuery, insert
from tests.conftest import login

EXPAND = "?expand=addresses,paymentinstruments"


def add_address(customer, address_id, **fields):
    return CustomerAddress.objects.create(
        customer=customer, address_id=address_id, last_name="Smith", **fields
    )


def test_alternating_customers_each_read_their_own_documents(client, make_customer):
    alice, bob = make_customer("alice"), make_customer("bob")
    add_address(alice, "alice-home")
    add_address(bob, "bob-home")
    add_address(bob, "Bob-Work")
    tokens = {alice: login(client, "alice"), bob: login(client, "bob")}

    for owner in (alice, bob, alice, bob):
        response = client.call("GET", f"customers/{owner.customer_id}{EXPAND}", token=tokens[owner])

        assert response.status_code == 200
        body = response.json()
        assert body["login"] == owner.login
        expected = ["alice-home"] if owner is alice else ["bob-home", "Bob-Work"]
        assert [address["address_id"] for address in body["addresses"]] == expected


def test_an_expand_sees_an_address_added_since_the_last(client, customer, token):
    """(Statement counts: ``tests/test_read_path.py``.)"""
    path = f"customers/{customer.customer_id}{EXPAND}"
    first = client.call("GET", path, token=token).json()
    add_address(customer, "home", preferred=True)
    second = client.call("GET", path, token=token).json()

    assert "addresses" not in first  # empty lists are left out, as OCAPI does
    assert [address["address_id"] for address in second["addresses"]] == ["home"]


def test_a_revoked_token_is_refused_on_the_next_request(client, customer, token):
    path = f"customers/{customer.customer_id}"
    assert client.call("GET", path, token=token).status_code == 200

    assert client.call("DELETE", "customers/auth", token=token).status_code == 204

    refused = client.call("GET", path, token=token)
    assert refused.status_code == 401
    assert refused.json()["fault"]["type"] == "InvalidAccessTokenException"


def test_a_disabled_customer_is_no_longer_found(client, customer, token):
    path = f"customers/{customer.customer_id}"
    assert client.call("GET", path, token=token).status_code == 200
    Customer.objects.filter(pk=customer.pk).update(enabled=False)

    assert client.call("GET", path, token=token).status_code == 401


def test_it_answers_what_the_queryset_answers_with_the_same_sql(customer):
    add_address(customer, "b")
    add_address(customer, "A", preferred=True)
    by_customer = PreparedQuery(
        lambda pk: CustomerAddress.objects.filter(customer_id=pk).in_book_order(), pk=int
    )

    with CaptureQueriesContext(connection) as captured:
        prepared = by_customer(pk=customer.pk)
    with CaptureQueriesContext(connection) as expected:
        orm = list(CustomerAddress.objects.filter(customer_id=customer.pk).in_book_order())

    assert [a.address_id for a in prepared] == [a.address_id for a in orm] == ["A", "b"]
    assert [a.pk for a in prepared] == [a.pk for a in orm]
    assert captured[0]["sql"] == expected[0]["sql"]
    assert by_customer(pk=customer.pk + 1000) == []


def test_instances_hold_what_the_orm_reads(customer):
    """Every column converted as the ORM converts it (JSON, dates, booleans on SQLite),
    annotations included, and the instance is a saved row."""
    Customer.objects.filter(pk=customer.pk).update(
        custom={"c_tier": "gold", "c_points": 12}, birthday="1980-02-29", locked_until=None
    )
    with_flag = PreparedQuery(
        lambda customer_id: Customer.objects.filter(customer_id=customer_id).annotate(
            has_login=Exists(Customer.objects.filter(pk=OuterRef("pk"), login__isnull=False))
        ),
        customer_id=str,
    )

    (prepared,) = with_flag(customer_id=customer.customer_id)
    orm = Customer.objects.get(pk=customer.pk)

    fields = [field.attname for field in Customer._meta.concrete_fields]
    assert {name: getattr(prepared, name) for name in fields} == {
        name: getattr(orm, name) for name in fields
    }
    assert prepared.custom == {"c_tier": "gold", "c_points": 12}
    assert prepared.has_login is True
    assert not prepared._state.adding
    assert prepared._state.db == "default"


def test_a_value_of_another_type_is_refused(db):
    by_id = PreparedQuery(lambda value: Customer.objects.filter(customer_id=value), value=str)

    with pytest.raises(TypeError):
        by_id(value=42)
    with pytest.raises(TypeError):
        by_id()


def test_a_parameter_the_sql_does_not_carry_is_refused_when_compiled(db):
    ignores_it = PreparedQuery(lambda value: Customer.objects.filter(enabled=True), value=str)

    with pytest.raises(ImproperlyConfigured):
        ignores_it(value="x")


def test_joined_reads_are_refused(db):
    joined = PreparedQuery(
        lambda value: Customer.objects.select_related("site").filter(customer_id=value),
        value=str,
    )

    with pytest.raises(ImproperlyConfigured):
        joined(value="x")


def test_each_parameter_gets_its_own_value(customer, make_customer):
    """Two parameters of one type whose names hold the same letters are still told apart."""
    other = make_customer("other")
    add_address(customer, "mine")
    add_address(other, "theirs")
    either = PreparedQuery(
        lambda ab, ba: (
            CustomerAddress.objects.filter(customer_id=ab, address_id="mine")
            | CustomerAddress.objects.filter(customer_id=ba, address_id="theirs")
        ),
        ab=int,
        ba=int,
    )

    assert {a.address_id for a in either(ab=customer.pk, ba=other.pk)} == {"mine", "theirs"}
    assert either(ab=other.pk, ba=customer.pk) == []


# Inserts compiled once per process (``insert``): the guest login's row.


def stored_columns(customer) -> dict:
    row = Customer.objects.filter(pk=customer.pk).values().get()
    return {k: v for k, v in row.items() if k not in VARYING_COLUMNS}


VARYING_COLUMNS = {"id", "customer_id", "creation_date", "last_modified"}


def test_a_guest_login_stores_the_row_save_would(client, site):
    saved = Customer.objects.create(site=site, is_guest=True, preferred_locale="default")

    response = client.call("POST", "customers/auth", {"type": "guest"})

    assert response.status_code == 200
    guest = Customer.objects.get(customer_id=response.json()["customer_id"])
    assert guest.pk != saved.pk
    assert stored_columns(guest) == stored_columns(saved)
    assert guest.is_guest and guest.enabled and guest.custom == {}
    assert guest.creation_date is not None and guest.last_modified is not None


def test_an_inserted_row_is_the_instance_saved(site):
    before = timezone.now()
    guest = insert(Customer(site=site, is_guest=True))

    assert guest.pk is not None and not guest._state.adding
    assert guest.creation_date >= before
    stored = Customer.objects.get(pk=guest.pk)
    assert (stored.customer_id, stored.creation_date) == (guest.customer_id, guest.creation_date)
    guest.first_name = "Later"
    guest.save()  # an UPDATE of that row, not a second INSERT
    assert Customer.objects.filter(site=site).count() == 1
    assert Customer.objects.get(pk=guest.pk).first_name == "Later"


def test_a_failed_insert_stores_nothing_and_marks_the_transaction(site):
    first = insert(Customer(site=site, is_guest=True))

    with transaction.atomic():
        with pytest.raises(IntegrityError):
            insert(Customer(site=site, is_guest=True, customer_id=first.customer_id))
        # As after a failed save(): the block must roll back, nothing more runs in it.
        assert transaction.get_connection().needs_rollback

    assert Customer.objects.filter(site=site).count() == 1


def test_receivers_of_save_signals_are_still_called(site):
    heard = []

    def receiver(sender, instance, created, **kwargs):
        heard.append((instance.customer_id, created))

    post_save.connect(receiver, sender=Customer)
    try:
        guest = insert(Customer(site=site, is_guest=True))
    finally:
        post_save.disconnect(receiver, sender=Customer)

    assert heard == [(guest.customer_id, True)]
    assert Customer.objects.filter(pk=guest.pk).exists()


def test_an_expression_value_is_stored_as_save_stores_it(site):
    guest = insert(Customer(site=site, is_guest=True, first_name=Upper(Value("ann"))))

    assert Customer.objects.get(pk=guest.pk).first_name == "ANN"
