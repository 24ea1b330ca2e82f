"""manage.py import_customers: the sample file imports exactly, bad customers are reported
with their line and skipped, strict mode, dry run, modes, idempotence, passwords."""

import io
import re
from datetime import UTC, date, datetime

import pytest
from django.core import mail
from django.core.management import call_command
from django.core.management.base import CommandError

from customers.impex.importer import CustomerImporter
from customers.models import Customer
from customers.password_reset import default_token_generator
from tests.conftest import PASSWORD, basic, login
from tests.impex_helpers import SAMPLE, Outcome, customers_xml, run_command, snapshot, write_xml
from tests.task_runner import run_tasks


def import_file(path, *args) -> Outcome:
    return run_command("import_customers", str(path), *args)


def good(no: str, login_name: str, extra: str = "") -> str:
    return (
        f'  <customer customer-no="{no}">\n'
        f"    <credentials><login>{login_name}</login></credentials>\n"
        f"    <profile><last-name>Good</last-name>{extra}</profile>\n"
        "  </customer>\n"
    )


# --- the sample file -------------------------------------------------------------------------


def test_sample_imports_every_field(site):
    outcome = import_file(SAMPLE)
    assert outcome.ok, outcome.error
    assert "Created 2, updated 0, unchanged 0, skipped 0" in outcome.out

    john = Customer.objects.get(customer_no="00000101")
    assert (john.site, john.is_guest, john.login, john.enabled) == (
        site,
        False,
        "jsmith@example.com",
        True,
    )
    assert (john.salutation, john.title, john.first_name, john.second_name) == (
        "Mr.",
        "Dr.",
        "John",
        "Q.",
    )
    assert (john.last_name, john.suffix, john.company_name, john.job_title) == (
        "Smith", "Jr.", "Acme & Sons", "Buyer",
    )  # fmt: skip
    assert john.email == "jsmith@example.com"
    assert (john.phone_home, john.phone_business, john.phone_mobile, john.fax) == (
        "+1 617 555 0101", "+1 617 555 0102", "+1 617 555 0103", "+1 617 555 0104",
    )  # fmt: skip
    assert (john.birthday, john.gender, john.preferred_locale) == (date(1980, 4, 1), 1, "en_US")
    assert john.creation_date == datetime(2019, 2, 22, 10, 0, tzinfo=UTC)
    assert john.last_login_time == datetime(2024, 5, 6, 7, 8, 9, 123000, tzinfo=UTC)
    assert john.last_visit_time == datetime(2024, 5, 6, 7, 10, tzinfo=UTC)
    assert john.custom == {"loyaltyTier": "gold", "interests": ["running", "tennis"]}
    assert len(john.customer_id) == 26 and john.customer_id.isalnum()
    assert "Plain!Passw0rd" not in john.password
    assert john.check_password("Plain!Passw0rd")

    home, work = john.addresses.in_book_order()
    assert (home.address_id, home.preferred, work.address_id, work.preferred) == (
        "home", True, "work", False,
    )  # fmt: skip
    assert (home.salutation, home.address1, home.suite, home.post_box, home.city) == (
        "Mr.", "5 Elm Road", "2B", "PO 12", "Cambridge",
    )  # fmt: skip
    assert (home.postal_code, home.state_code, home.country_code, home.phone) == (
        "02139", "MA", "US", "+1 617 555 0101",
    )  # fmt: skip
    assert home.custom == {"deliveryNote": "Leave at the door"}
    assert (work.company_name, work.address2, work.custom) == ("Acme", "Floor 3", {})

    jane = Customer.objects.get(customer_no="00000102")
    assert (jane.login, jane.first_name, jane.gender, jane.enabled) == ("jdoe", "Jane", 2, False)
    assert jane.phone_home == ""
    assert jane.password.startswith("!")  # Django's unusable password
    assert "c2NyeXB0" not in jane.password
    assert "1 customer(s) came with a Commerce Cloud password hash" in outcome.out


def test_imported_customer_logs_in_and_reads_its_document(client):
    assert import_file(SAMPLE).ok
    token = login(client, "jsmith@example.com", "Plain!Passw0rd")
    john = Customer.objects.get(customer_no="00000101")
    response = client.call("GET", f"customers/{john.customer_id}?expand=addresses", token=token)
    assert response.status_code == 200
    document = response.json()
    assert document["customer_no"] == "00000101"
    assert document["c_loyaltyTier"] == "gold"
    assert document["c_interests"] == ["running", "tennis"]
    assert document["birthday"] == "1980-04-01"
    assert [a["address_id"] for a in document["addresses"]] == ["home", "work"]
    assert document["addresses"][0]["preferred"] is True


def test_foreign_hash_opens_nothing_until_the_reset_flow_sets_a_password(client, tmp_path):
    path = write_xml(tmp_path, customers_xml(
        '  <customer customer-no="C-1"><credentials><login>mover</login>'
        '<password encrypted="true" encryptionScheme="scrypt">SFCCHASHVALUE</password>'
        "</credentials><profile><email>mover@example.com</email></profile></customer>\n"
    ))  # fmt: skip
    assert import_file(path).ok
    mover = Customer.objects.get(login="mover")
    assert mover.password.startswith("!") and "SFCCHASHVALUE" not in mover.password
    response = client.call(
        "POST", "customers/auth", {"type": "credentials"},
        headers={"Authorization": basic("mover", "SFCCHASHVALUE")},
    )  # fmt: skip
    assert response.status_code == 401
    issued = default_token_generator.make_token(mover)
    response = client.call(
        "POST",
        "customers/password/actions/reset",
        {"login": "mover", "reset_token": issued.token, "new_password": PASSWORD},
    )
    assert response.status_code == 204
    assert login(client, "mover", PASSWORD)


def test_missing_encrypted_attribute_is_taken_for_a_hash(site, tmp_path):
    path = write_xml(tmp_path, customers_xml(
        '  <customer customer-no="C-2"><credentials><login>unsure</login>'
        "<password>maybe-a-hash</password></credentials></customer>\n"
    ))  # fmt: skip
    assert import_file(path).ok
    assert not Customer.objects.get(login="unsure").check_password("maybe-a-hash")


# --- bad customers ---------------------------------------------------------------------------

BAD_FILE = customers_xml(
    good("00000201", "first")
    + good("00000202", "last")
    + "  <customer>\n    <credentials><login>nonumber</login></credentials>\n  </customer>\n"
    + '  <customer customer-no="00000203">\n    <credentials>\n      <enabled-flag>true'
    "</enabled-flag>\n    </credentials>\n  </customer>\n"
    + '  <customer customer-no="00000204">\n    <credentials><login>dupaddr</login></credentials>\n'
    '    <addresses>\n      <address address-id="home"/>\n      <address address-id="home"/>\n'
    "    </addresses>\n  </customer>\n"
    + '  <customer customer-no="00000205">\n    <credentials><login>baddate</login></credentials>\n'
    "    <profile>\n      <birthday>1980-02-30</birthday>\n    </profile>\n  </customer>\n"
    + '  <customer customer-no="00000206">\n    <credentials><login>badcountry</login>'
    '</credentials>\n    <addresses>\n      <address address-id="a">\n'
    "        <country-code>USA</country-code>\n      </address>\n    </addresses>\n  </customer>\n"
    + '  <customer customer-no="00000207">\n'
    "    <credentials><login>bademail</login></credentials>\n"
    "    <profile>\n      <email>not an email</email>\n    </profile>\n  </customer>\n"
    + '  <customer customer-no="00000208">\n'
    "    <credentials><login>badgender</login></credentials>\n"
    "    <profile>\n      <gender>7</gender>\n    </profile>\n  </customer>\n"
    + '  <customer customer-no="00000209">\n    <credentials><login>twopreferred</login>'
    '</credentials>\n    <addresses>\n      <address address-id="a" preferred="true"/>\n'
    '      <address address-id="b" preferred="true"/>\n    </addresses>\n  </customer>\n'
    + '  <customer customer-no="00000210">\n    <credentials><login>toolong</login></credentials>\n'
    f"    <profile>\n      <first-name>{'x' * 257}</first-name>\n    </profile>\n  </customer>\n"
    + '  <customer customer-no="00000201">\n    <credentials><login>LAST</login></credentials>\n'
    "  </customer>\n"
)

# (customer number, line, message) of each bad customer of BAD_FILE.
EXPECTED_PROBLEMS = [
    ("(no number)", 11, "missing customer-no attribute"),
    ("00000203", 15, "missing login"),
    ("00000204", 23, "duplicate address id 'home'"),
    ("00000205", 29, "<birthday>: '1980-02-30' is not a date"),
    ("00000206", 36, "<country-code>: 'USA' is not an ISO 3166-1 alpha-2 country code"),
    ("00000207", 43, "<email>: 'not an email' is not an email address"),
    ("00000208", 49, "<gender>: '7' is not a gender"),
    ("00000209", 56, "addresses 'a' and 'b' are both preferred"),
    ("00000210", 62, "<first-name>: is longer than 256 characters"),
    ("00000201", 65, "login 'LAST' belongs to customer 00000202 already"),
]


def test_each_bad_customer_is_reported_with_its_line_and_skipped(site, tmp_path):
    outcome = import_file(write_xml(tmp_path, BAD_FILE))
    assert outcome.error == "10 customer(s) were not imported."
    reported = [line for line in outcome.err.splitlines() if line.startswith("line ")]
    assert len(reported) == len(EXPECTED_PROBLEMS)
    for (number, line, message), text in zip(EXPECTED_PROBLEMS, reported, strict=True):
        assert text.startswith(f"line {line}: customer {number}: {message}"), text
    assert "Created 2, updated 0, unchanged 0, skipped 10" in outcome.out
    assert sorted(Customer.objects.values_list("login", flat=True)) == ["first", "last"]


def test_a_login_clash_across_batches_is_found_too(site, tmp_path):
    outcome = import_file(write_xml(tmp_path, BAD_FILE), "--batch-size", "1")
    assert "line 65: customer 00000201: login 'LAST' belongs to customer 00000202" in outcome.err
    assert Customer.objects.count() == 2


def test_strict_stops_at_the_first_and_imports_nothing_of_its_batch(site, tmp_path):
    path = write_xml(tmp_path, BAD_FILE)
    outcome = import_file(path, "--strict")
    assert "Stopped at the first bad customer" in outcome.error
    assert outcome.err.count("line ") == 1 and "line 11:" in outcome.err
    assert not Customer.objects.exists()
    # Batches before the bad customer's are committed.
    outcome = import_file(path, "--strict", "--batch-size", "1")
    assert sorted(Customer.objects.values_list("login", flat=True)) == ["first", "last"]


def test_unreadable_files_fail_with_their_line(site, tmp_path):
    broken = customers_xml(good("1", "a") + "  <customer customer-no='2'>\n")
    outcome = import_file(write_xml(tmp_path, broken))
    assert outcome.error.startswith(f"{tmp_path}/customers.xml: line ")
    assert "not well-formed" in outcome.error
    assert not Customer.objects.exists()
    other = '<?xml version="1.0"?>\n<orders xmlns="urn:x"/>\n'
    outcome = import_file(write_xml(tmp_path, other, "orders.xml"))
    assert "not <customers> in the namespace" in outcome.error
    assert "Cannot read" in import_file(tmp_path / "missing.xml").error


# --- dry run, idempotence, modes -------------------------------------------------------------


def test_dry_run_stores_nothing(site):
    outcome = import_file(SAMPLE, "--dry-run")
    assert outcome.ok
    assert "Dry run, nothing stored: would have created 2, updated 0" in outcome.out
    assert not Customer.objects.exists()


def test_reimporting_the_same_file_changes_nothing(site):
    assert import_file(SAMPLE).ok
    before = snapshot()
    outcome = import_file(SAMPLE)
    assert "Created 0, updated 0, unchanged 2, skipped 0" in outcome.out
    assert snapshot() == before


def test_merge_keeps_what_the_file_leaves_out_and_replace_does_not(site, tmp_path):
    assert import_file(SAMPLE).ok
    partial = customers_xml(
        '  <customer customer-no="00000101">\n'
        "    <credentials><login>jsmith@example.com</login></credentials>\n"
        "    <profile><first-name>Johnny</first-name><custom-attributes>"
        '<custom-attribute attribute-id="loyaltyTier">silver</custom-attribute>'
        "</custom-attributes></profile>\n"
        '    <addresses><address address-id="work" preferred="true">'
        "<city>Salem</city></address></addresses>\n"
        "  </customer>\n"
    )
    path = write_xml(tmp_path, partial)
    assert "updated 1" in import_file(path).out
    john = Customer.objects.get(customer_no="00000101")
    assert (john.first_name, john.last_name) == ("Johnny", "Smith")
    assert john.custom == {"loyaltyTier": "silver", "interests": ["running", "tennis"]}
    assert john.check_password("Plain!Passw0rd")
    book = {a.address_id: a for a in john.addresses.all()}
    assert (book["work"].city, book["work"].address1, book["work"].preferred) == (
        "Salem", "1 Main Street", True,
    )  # fmt: skip
    assert book["home"].preferred is False

    assert "updated 1" in import_file(path, "--mode", "replace").out
    john.refresh_from_db()
    assert (john.first_name, john.last_name, john.email) == ("Johnny", "", "")
    assert john.custom == {"loyaltyTier": "silver"}
    assert john.creation_date == datetime(2019, 2, 22, 10, 0, tzinfo=UTC)
    (work,) = john.addresses.all()
    assert (work.address_id, work.city, work.address1, work.preferred) == (
        "work",
        "Salem",
        "",
        True,
    )


def test_a_new_plain_password_is_hashed_and_ends_sessions(client, tmp_path):
    assert import_file(SAMPLE).ok
    token = login(client, "jsmith@example.com", "Plain!Passw0rd")
    changed = SAMPLE.read_text().replace("Plain!Passw0rd", "Other!Passw0rd")
    assert "updated 1" in import_file(write_xml(tmp_path, changed)).out
    john = Customer.objects.get(customer_no="00000101")
    assert client.call("GET", f"customers/{john.customer_id}", token=token).status_code == 401
    assert login(client, "jsmith@example.com", "Other!Passw0rd")


def test_a_customer_found_by_login_takes_the_files_number(customer, tmp_path):
    path = write_xml(tmp_path, customers_xml(good("SFCC-9", "JSMITH")))
    assert "updated 1" in import_file(path).out
    customer.refresh_from_db()
    assert (customer.customer_no, customer.login, customer.last_name) == (
        "SFCC-9",
        "JSMITH",
        "Good",
    )
    assert customer.check_password(PASSWORD)


def test_imported_numbers_never_collide_with_new_registrations(site, tmp_path):
    path = write_xml(tmp_path, customers_xml(good("00000050", "imported")))
    assert import_file(path).ok
    registered = Customer.objects.create_registered(site, PASSWORD, login="newcomer")
    assert registered.pk > 50 and registered.customer_no == f"{registered.pk:08d}"


def test_unknown_elements_are_kept_as_custom_attributes(site, tmp_path):
    path = write_xml(tmp_path, customers_xml(
        '  <customer customer-no="7"><credentials><login>u</login></credentials>\n'
        "    <profile><nickname>Jo</nickname></profile><note>VIP</note></customer>\n"
    ))  # fmt: skip
    assert import_file(path).ok
    assert Customer.objects.get(login="u").custom == {"nickname": "Jo", "note": "VIP"}


@pytest.mark.parametrize("size", ["0", "-3", "x"])
@pytest.mark.parametrize(
    "command", [("import_customers", str(SAMPLE)), ("send_reset_mails",), ("purge_guests",)]
)
def test_batch_size_must_be_positive(site, command, size):
    with pytest.raises(CommandError, match="batch-size"):
        call_command(*command, "--batch-size", size)


def test_progress_bar_on_a_terminal(site):
    class TTY(io.StringIO):
        def isatty(self):
            return True

    err = TTY()
    call_command("import_customers", str(SAMPLE), stdout=io.StringIO(), stderr=err)
    assert "2 customers" in err.getvalue() and "customers/s" in err.getvalue()


# --- reset mails for customers imported without a usable password ----------------------------


def test_send_reset_mails_invites_the_imported_customers_in_batches(
    client, tmp_path, django_capture_on_commit_callbacks
):
    def foreign(no, login_name, email="", enabled="true"):
        profile = f"<profile><email>{email}</email></profile>" if email else ""
        return (
            f'  <customer customer-no="{no}"><credentials><login>{login_name}</login>'
            '<password encrypted="true" encryptionScheme="scrypt">hash</password>'
            f"<enabled-flag>{enabled}</enabled-flag></credentials>{profile}</customer>\n"
        )

    body = foreign("1", "ann", "ann@example.com") + foreign("2", "bob", "bob@example.com")
    body += foreign("3", "nomail") + foreign("4", "off", "off@example.com", enabled="false")
    assert import_file(write_xml(tmp_path, customers_xml(body) + "\n"), "--batch-size", "2").ok
    assert run_command("send_reset_mails", "--dry-run").out == "2 to mail.\n"
    with django_capture_on_commit_callbacks(execute=True):
        outcome = run_command("send_reset_mails", "--batch-size", "1", "--pause", "0")
    assert outcome.out == "Queued a reset mail for 2 customer(s); 0 not queued.\n"
    assert mail.outbox == []
    run_tasks()
    assert sorted(m.to[0] for m in mail.outbox) == ["ann@example.com", "bob@example.com"]
    # The mailed link sets a password; running again mails nobody twice.
    token = re.search(r"token=([0-9a-f]+)", mail.outbox[0].body).group(1)
    login_name = mail.outbox[0].to[0].split("@")[0]
    response = client.call(
        "POST",
        "customers/password/actions/reset",
        {"login": login_name, "reset_token": token, "new_password": PASSWORD},
    )
    assert response.status_code == 204
    assert login(client, login_name, PASSWORD)
    assert (
        run_command("send_reset_mails").out
        == "Queued a reset mail for 0 customer(s); 0 not queued.\n"
    )


def test_what_only_the_database_refuses_skips_that_customer_alone(site, tmp_path, monkeypatch):
    # Stand in for a writer racing the import: planning misses that "taken" exists.
    Customer.objects.create_registered(site, PASSWORD, login="taken", customer_no="X-1")
    monkeypatch.setattr(CustomerImporter, "_match", lambda self, record, *maps: None)
    body = good("00000301", "fine") + good("00000302", "TAKEN") + good("00000303", "also-fine")
    outcome = import_file(write_xml(tmp_path, customers_xml(body)))
    assert outcome.error == "1 customer(s) were not imported."
    assert "line 7: customer 00000302: refused by the database" in outcome.err
    assert "Created 2, updated 0, unchanged 0, skipped 1" in outcome.out
    assert set(Customer.objects.values_list("login", flat=True)) == {"taken", "fine", "also-fine"}
    outcome = import_file(write_xml(tmp_path, customers_xml(body)), "--strict")
    assert "refused by the database" in outcome.err
    assert Customer.objects.count() == 3


def test_two_records_naming_one_stored_customer_take_it_once(make_customer, tmp_path):
    make_customer(login="x", customer_no="2")
    # Number 1 finds "x" by login; number 2 finds the same customer by number.
    body = good("1", "x") + good("2", "y")
    outcome = import_file(write_xml(tmp_path, customers_xml(body)))
    assert "line 7: customer 2: matches the customer that customer 1 (line 3)" in outcome.err
    assert list(Customer.objects.values_list("customer_no", "login")) == [("1", "x")]


def test_a_number_of_another_sites_customer_is_refused(site, tmp_path):
    from shopsite.api.models import Site

    other = Site.objects.create(site_id="RefArch", name="RefArch")
    Customer.objects.create_registered(other, PASSWORD, login="elsewhere", customer_no="9")
    outcome = import_file(write_xml(tmp_path, customers_xml(good("9", "here"))))
    assert "line 3: customer 9: the customer number belongs to a customer of another site" in (
        outcome.err
    )
    assert not Customer.objects.filter(site=site).exists()
