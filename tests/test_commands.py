"""Management commands: create_reset_token, reset_password, purge_reset_tokens,
create_api_client."""

import io
import re
from datetime import timedelta

import pytest
from django.core import mail
from django.core.management import call_command, load_command_class
from django.core.management.base import CommandError
from django.db import connections
from django.utils import timezone

from customers.models import Customer, OutgoingMail, PasswordResetToken
from customers.password_reset import default_token_generator
from shopsite.api.hooks import Status
from shopsite.api.models import ApiClient, Site
from shopsite.api.serializers import format_datetime
from tests.conftest import PASSWORD, OcapiClient, basic, login
from tests.task_runner import run_tasks

pytest_plugins = ["tests.fixtures_passwords"]

NEW_PASSWORD = "Br4nd!New-pw"


def run(name, *args, **options) -> str:
    out = io.StringIO()
    call_command(name, *args, stdout=out, stderr=io.StringIO(), **options)
    return out.getvalue()


def printed_token(output: str) -> str:
    return re.search(r"Reset token for \S+: (\S+)", output).group(1)


class TTY(io.StringIO):
    def isatty(self):
        return True


# --- every command ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "phrase"),
    [
        ("create_reset_token", "LOGIN_OR_EMAIL"),
        ("reset_password", "--token TOKEN"),
        ("purge_reset_tokens", "used and expired password reset tokens"),
        ("create_api_client", "--trusted"),
    ],
)
def test_each_command_has_help(capsys, name, phrase):
    with pytest.raises(SystemExit) as exit:
        call_command(name, "--help")
    assert exit.value.code == 0
    help_text = capsys.readouterr().out
    assert phrase in " ".join(help_text.split())
    assert "usage:" in help_text


def test_an_error_exits_non_zero_with_a_message(db, monkeypatch, capsys):
    """From the command line, a CommandError is a message on stderr and exit status 1."""
    # run_from_argv closes every connection when done; the test's transaction needs its own.
    monkeypatch.setattr(connections, "close_all", lambda: None)
    command = load_command_class("customers", "create_reset_token")
    with pytest.raises(SystemExit) as exit:
        command.run_from_argv(["manage.py", "create_reset_token", "nobody", "--skip-checks"])
    assert exit.value.code == 1
    assert "CommandError: There is no site yet." in capsys.readouterr().err


# --- create_reset_token ----------------------------------------------------------------------


def test_create_reset_token_by_login_prints_a_working_token(customer):
    output = run("create_reset_token", "jsmith")
    token = printed_token(output)
    assert default_token_generator.check_token(customer, token)
    row = PasswordResetToken.objects.get(customer=customer)
    assert f"Expires at {format_datetime(row.expires_at)} (in 30 minutes)." in output
    assert mail.outbox == []


def test_create_reset_token_by_email(customer):
    token = printed_token(run("create_reset_token", "JSMITH@example.com"))
    assert default_token_generator.check_token(customer, token)


def test_create_reset_token_supersedes_older_tokens(customer):
    first = printed_token(run("create_reset_token", "jsmith"))
    second = printed_token(run("create_reset_token", "jsmith"))
    assert not default_token_generator.check_token(customer, first)
    assert default_token_generator.check_token(customer, second)


def test_create_reset_token_send_queues_the_link(customer, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        output = run("create_reset_token", "jsmith", "--send")
    token = printed_token(output)
    queued = OutgoingMail.objects.get()
    assert f"Reset mail queued for jsmith@example.com (outgoing mail #{queued.pk})." in output
    assert mail.outbox == []  # nothing is sent by the command itself
    run_tasks()
    assert len(mail.outbox) == 1
    assert f"token={token}" in mail.outbox[0].body


def test_create_reset_token_send_reports_a_hook_error(
    customer, register_hook, django_capture_on_commit_callbacks
):
    register_hook(
        "dw.ocapi.shop.customer.password_reset.afterPOST",
        lambda customer, token: Status.error("EXT_PW_CHANGE_FAIL", "External system down."),
    )
    with (
        django_capture_on_commit_callbacks(execute=True),
        pytest.raises(
            CommandError, match=re.escape("password_reset.afterPOST failed: External system down.")
        ),
    ):
        run("create_reset_token", "jsmith", "--send")
    assert not PasswordResetToken.objects.exists()
    assert mail.outbox == []


def test_create_reset_token_send_needs_an_email(make_customer):
    make_customer("jsmith")
    Customer.objects.update(email="")
    with pytest.raises(CommandError, match="has no email address"):
        run("create_reset_token", "jsmith", "--send")


def test_create_reset_token_for_an_unknown_customer(customer):
    with pytest.raises(CommandError, match="No registered customer with login or email 'nobody'"):
        run("create_reset_token", "nobody")
    assert not PasswordResetToken.objects.exists()


def test_create_reset_token_for_a_shared_email(make_customer):
    make_customer("jsmith", email="family@example.com")
    make_customer("jsmith2", email="family@example.com")
    with pytest.raises(CommandError, match=r"Several customers .* name the customer by login"):
        run("create_reset_token", "family@example.com")


def test_create_reset_token_picks_the_site(make_customer):
    make_customer("jsmith")  # on SiteGenesis
    other = Site.objects.create(site_id="RefArch")
    elsewhere = Customer.objects.create(
        site=other, is_guest=False, login="jsmith", email="js@refarch.example"
    )
    # Two sites: SiteGenesis is the default; --site chooses.
    run("create_reset_token", "jsmith")
    assert PasswordResetToken.objects.get().customer.site.site_id == "SiteGenesis"
    token = printed_token(run("create_reset_token", "jsmith", "--site", "RefArch"))
    assert default_token_generator.check_token(elsewhere, token)


def test_an_unknown_site_is_an_error(customer):
    with pytest.raises(CommandError, match="No site 'Nowhere'"):
        run("create_reset_token", "jsmith", "--site", "Nowhere")


def test_without_a_default_site_the_site_must_be_given(db):
    Site.objects.create(site_id="ShopA")
    Site.objects.create(site_id="ShopB")
    with pytest.raises(CommandError, match="pass --site"):
        run("create_reset_token", "jsmith")


def test_the_only_site_is_the_default(db):
    site = Site.objects.create(site_id="OnlyShop")
    customer = Customer.objects.create(site=site, is_guest=False, login="solo", email="s@x.org")
    token = printed_token(run("create_reset_token", "solo"))
    assert default_token_generator.check_token(customer, token)


# --- reset_password --------------------------------------------------------------------------


def test_reset_password_reads_stdin(client, customer):
    old_session = login(client)
    token = default_token_generator.make_token(customer).token
    output = run(
        "reset_password", "jsmith", "--token", token, stdin=io.StringIO(NEW_PASSWORD + "\n")
    )
    assert "Password of jsmith changed." in output
    customer.refresh_from_db()
    assert customer.check_password(NEW_PASSWORD)
    assert PasswordResetToken.objects.get().used_at is not None
    response = client.call("GET", f"customers/{customer.customer_id}", token=old_session)
    assert response.status_code == 401


def test_reset_password_prompts_twice_on_a_terminal(customer, monkeypatch):
    prompts = []

    def fake_getpass(prompt):
        prompts.append(prompt)
        return NEW_PASSWORD

    monkeypatch.setattr("getpass.getpass", fake_getpass)
    token = default_token_generator.make_token(customer).token
    run("reset_password", "jsmith", "--token", token, stdin=TTY())
    assert prompts == ["New password: ", "New password (again): "]
    customer.refresh_from_db()
    assert customer.check_password(NEW_PASSWORD)


def test_reset_password_refuses_differing_passwords(customer, monkeypatch):
    answers = iter([NEW_PASSWORD, NEW_PASSWORD + "?"])
    monkeypatch.setattr("getpass.getpass", lambda prompt: next(answers))
    token = default_token_generator.make_token(customer).token
    with pytest.raises(CommandError, match="do not match"):
        run("reset_password", "jsmith", "--token", token, stdin=TTY())
    assert default_token_generator.check_token(customer, token)


@pytest.mark.parametrize(
    ("stdin", "message"),
    [
        ("\n", "No password given."),
        ("", "No password given."),
        ("short\n", "This password is too short."),
        ("password123\n", "This password is too common."),
    ],
)
def test_reset_password_refuses_a_bad_password(customer, stdin, message):
    token = default_token_generator.make_token(customer).token
    with pytest.raises(CommandError, match=re.escape(message)):
        run("reset_password", "jsmith", "--token", token, stdin=io.StringIO(stdin))
    customer.refresh_from_db()
    assert customer.check_password(PASSWORD)
    assert default_token_generator.check_token(customer, token)


def test_reset_password_refuses_a_wrong_token(customer):
    default_token_generator.make_token(customer)
    with pytest.raises(
        CommandError, match=re.escape("The password reset token is not valid for this login.")
    ):
        run("reset_password", "jsmith", "--token", "guess", stdin=io.StringIO(NEW_PASSWORD))
    customer.refresh_from_db()
    assert customer.check_password(PASSWORD)


def test_reset_password_refuses_an_expired_token(customer):
    token = default_token_generator.make_token(customer).token
    PasswordResetToken.objects.update(expires_at=timezone.now() - timedelta(minutes=1))
    with pytest.raises(CommandError, match="has expired"):
        run("reset_password", "jsmith", "--token", token, stdin=io.StringIO(NEW_PASSWORD))


def test_reset_password_for_an_unknown_customer(customer):
    with pytest.raises(CommandError, match="No registered customer with login 'nobody'"):
        run("reset_password", "nobody", "--token", "t", stdin=io.StringIO(NEW_PASSWORD))


def test_reset_password_requires_the_token_option(customer):
    with pytest.raises(CommandError, match="--token"):
        run("reset_password", "jsmith", stdin=io.StringIO(NEW_PASSWORD))


def test_the_password_is_no_argument():
    parser = load_command_class("customers", "reset_password").create_parser("manage.py", "x")
    options = {action.dest for action in parser._actions}
    assert not {dest for dest in options if "password" in dest}


# --- purge_reset_tokens ----------------------------------------------------------------------


def test_purge_reset_tokens_deletes_used_and_expired_ones(customer, make_customer):
    default_token_generator.make_token(customer)  # superseded below: used
    kept = default_token_generator.make_token(customer).token
    expired_owner = make_customer("jdoe")
    default_token_generator.make_token(expired_owner)
    PasswordResetToken.objects.filter(customer=expired_owner).update(
        expires_at=timezone.now() - timedelta(seconds=1)
    )
    output = run("purge_reset_tokens")
    assert output.strip() == "Deleted 2 used or expired password reset token(s)."
    assert list(PasswordResetToken.objects.values_list("token_hash", flat=True)) == [
        PasswordResetToken.digest(kept)
    ]
    assert run("purge_reset_tokens").strip() == (
        "Deleted 0 used or expired password reset token(s)."
    )


# --- create_api_client -----------------------------------------------------------------------


def printed_client(output: str) -> tuple[str, str]:
    client_id = re.search(r"client id: (\S+)", output).group(1)
    secret = re.search(r"secret:\s+(\S+)", output).group(1)
    return client_id, secret


def test_create_api_client_prints_id_and_secret(db):
    output = run("create_api_client", "Mobile app")
    client_id, secret = printed_client(output)
    client = ApiClient.objects.get(client_id=client_id)
    assert client.name == "Mobile app"
    assert client.is_active
    assert not client.is_trusted
    assert client.check_secret(secret)
    assert secret not in client.secret_hash
    assert "not stored and cannot be shown again" in output


def test_a_trusted_api_client_can_call_trusted_endpoints(site, customer, api_client_app):
    client_id, secret = printed_client(run("create_api_client", "Identity provider", "--trusted"))
    assert ApiClient.objects.get(client_id=client_id).is_trusted
    response = OcapiClient(api_client_app.client_id).call(
        "POST",
        "customers/auth/trustedsystem",
        {"login": "jsmith", "client_id": api_client_app.client_id},
        headers={"Authorization": basic(client_id, secret)},
    )
    assert response.status_code == 200


@pytest.mark.parametrize(
    ("name", "message"), [("   ", "must not be empty"), ("x" * 257, "too long")]
)
def test_create_api_client_refuses_a_bad_name(db, name, message):
    with pytest.raises(CommandError, match=message):
        run("create_api_client", name)
    assert not ApiClient.objects.exists()
