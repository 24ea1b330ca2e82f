"""``manage.py purge_guests``: idle guests without basket or order go, in batches."""

import io
from datetime import timedelta

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from customers.models import Customer

pytest_plugins = ["tests.fixtures_owned"]


def guest(client):
    response = client.call("POST", "customers/auth", {"type": "guest"})
    assert response.status_code == 200
    token = response["Authorization"].removeprefix("Bearer ")
    return Customer.objects.get(customer_id=response.json()["customer_id"]), token


def age(customer, days):
    Customer.objects.filter(pk=customer.pk).update(
        last_modified=timezone.now() - timedelta(days=days)
    )


def purge(*args) -> str:
    out = io.StringIO()
    call_command("purge_guests", *args, stdout=out)
    return out.getvalue()


def test_idle_guests_without_basket_or_order_are_deleted_in_batches(
    client, customer, add_basket, add_order
):
    idle = [guest(client) for _ in range(5)]
    for stale, _ in idle:
        age(stale, 31)
    recent, _ = guest(client)
    with_basket, _ = guest(client)
    with_order, _ = guest(client)
    for keeper in (with_basket, with_order):
        age(keeper, 90)
    add_basket(with_basket)
    add_order(with_order)
    age(customer, 400)  # registered customers are never purged

    output = purge("--batch-size", "2")

    assert "Deleted 5 guest customer(s)" in output
    remaining = set(Customer.objects.values_list("pk", flat=True))
    assert remaining == {customer.pk, recent.pk, with_basket.pk, with_order.pk}
    token = idle[0][1]
    response = client.call("GET", f"customers/{idle[0][0].customer_id}", token=token)
    assert response.status_code == 401
    assert response.json()["_type"] == "fault"


def test_the_age_is_configurable(client, settings):
    settings.OCAPI = {**settings.OCAPI, "GUEST_RETENTION_DAYS": 2}
    stale, _ = guest(client)
    age(stale, 3)
    fresh, _ = guest(client)
    age(fresh, 1)

    assert "Deleted 1 " in purge()
    assert list(Customer.objects.all()) == [fresh]
    assert "Deleted 1 " in purge("--days", "0")


def test_purging_twice_is_harmless(client):
    stale, _ = guest(client)
    age(stale, 60)

    assert "Deleted 1 " in purge()
    assert "Deleted 0 " in purge()


@pytest.mark.parametrize("args", [["--days", "-1"], ["--batch-size", "0"]])
def test_bad_options_are_a_command_error(args, db):
    with pytest.raises(CommandError):
        purge(*args)


def test_the_purges_can_be_queued_for_the_workers(
    client, customer, django_capture_on_commit_callbacks
):
    from customers.models import PasswordResetToken
    from customers.password_reset import default_token_generator
    from tests.task_runner import run_tasks

    stale, _ = guest(client)
    age(stale, 31)
    default_token_generator.make_token(customer)
    PasswordResetToken.objects.update(expires_at=timezone.now() - timedelta(minutes=1))
    with django_capture_on_commit_callbacks(execute=True):
        assert purge("--enqueue").startswith("Queued the guest purge (task ")
        out = io.StringIO()
        call_command("purge_reset_tokens", "--enqueue", stdout=out)
        assert out.getvalue().startswith("Queued the reset token purge (task ")
    run_tasks()  # the database backend's worker; the immediate backend ran them already
    assert not Customer.objects.filter(pk=stale.pk).exists()
    assert not PasswordResetToken.objects.exists()
