"""manage.py export_customers and the admin action: the format, no passwords, the round
trip export -> import into an empty database -> export, and the filters."""

from datetime import timedelta

from django.contrib.auth.models import Permission, User
from django.utils import timezone
from lxml import etree

from customers.models import Customer, CustomerAddress, CustomerExport
from tests.impex_helpers import NS, SAMPLE, customers_xml, export, run_command, write_xml
from tests.task_runner import run_tasks


def import_file(path, *args):
    outcome = run_command("import_customers", str(path), *args)
    assert outcome.ok, (outcome.error, outcome.err)
    return outcome


def test_export_writes_the_format_without_passwords(site):
    import_file(SAMPLE)
    xml = export()
    root = etree.fromstring(xml.encode())
    assert root.tag == f"{{{NS}}}customers"
    john = root.find(f"{{{NS}}}customer[@customer-no='00000101']")
    assert john.findtext(f"{{{NS}}}credentials/{{{NS}}}login") == "jsmith@example.com"
    assert john.findtext(f"{{{NS}}}profile/{{{NS}}}company-name") == "Acme & Sons"
    assert john.findtext(f"{{{NS}}}profile/{{{NS}}}creation-date") == "2019-02-22T10:00:00.000Z"
    addresses = john.findall(f"{{{NS}}}addresses/{{{NS}}}address")
    assert [(a.get("address-id"), a.get("preferred")) for a in addresses] == [
        ("home", "true"),
        ("work", None),
    ]
    assert '<custom-attribute attribute-id="loyaltyTier">gold</custom-attribute>' in xml
    assert "<value>running</value>" in xml and "<value>tennis</value>" in xml
    assert "password" not in xml
    for customer in Customer.objects.all():
        assert customer.password.split("$")[-1] not in xml
    # Elements follow the schema's sequence.
    profile = [etree.QName(e).localname for e in john.find(f"{{{NS}}}profile")]
    assert profile[:3] == ["salutation", "title", "first-name"]
    assert profile[-2:] == ["preferred-locale", "custom-attributes"]


def test_round_trip_gives_the_same_xml(site, tmp_path, make_customer):
    import_file(SAMPLE)
    # A customer made through shopsite itself, with awkward values, travels too.
    odd = make_customer(
        login="odd", first_name='Tab\tand "quotes" <&>', note="kept home",
        custom={"flag": True, "count": 3, "localized": {"x-default": "Hi", "de": "Hallo"}},
    )  # fmt: skip
    CustomerAddress.objects.create(
        customer=odd, address_id='a "b" & c', city="Line\r\nbreak", custom={"empty": []}
    )
    guest = Customer.objects.create(site=site, email="guest@example.com", first_name="Gus")
    first = export()
    path = write_xml(tmp_path, first)

    Customer.objects.all().delete()
    import_file(path)
    second = export()
    assert second == first
    assert Customer.objects.get(customer_id=guest.customer_id).is_guest
    assert Customer.objects.get(login="odd").custom["localized"] == {
        "x-default": "Hi",
        "de": "Hallo",
    }
    # And importing it once more changes nothing.
    assert "unchanged 4" in import_file(path).out


def test_registered_only_and_since(site, make_customer):
    old = make_customer(login="old")
    make_customer(login="new")
    Customer.objects.create(site=site, first_name="Guest")
    long_ago = timezone.now() - timedelta(days=30)
    Customer.objects.filter(pk=old.pk).update(last_modified=long_ago)

    assert export().count("<customer ") == 3
    assert export("--registered-only").count("<customer ") == 2
    since = (timezone.now() - timedelta(days=1)).date().isoformat()
    assert "<login>old</login>" not in export("--since", since)
    # A changed address counts as a change of its customer.
    CustomerAddress.objects.create(customer=old, address_id="home")
    assert "<login>old</login>" in export("--since", since, "--registered-only")


def test_export_to_a_file_and_bad_options(site, tmp_path, customer):
    target = tmp_path / "out.xml"
    outcome = run_command("export_customers", "--output", str(target))
    assert outcome.ok and outcome.out == ""
    assert "<login>jsmith</login>" in target.read_text()
    assert "Cannot write" in run_command("export_customers", "--output", str(tmp_path)).error
    assert run_command("export_customers", "--site", "Nowhere").error == "No site 'Nowhere'."
    assert "--chunk-size" in run_command("export_customers", "--chunk-size", "0").error


def test_export_only_names_the_sites_customers(site, make_customer):
    from shopsite.api.models import Site

    other = Site.objects.create(site_id="RefArch", name="RefArch")
    make_customer(login="here")
    Customer.objects.create_registered(other, "x", login="there")
    xml = export("--site", "SiteGenesis")
    assert "<login>here</login>" in xml and "there" not in xml


def test_admin_action_queues_an_export_only_its_requester_downloads(client, make_customer):
    from django.test import Client

    from shopsite.accounts.models import AgentAuditEntry

    chosen, _ = make_customer(login="chosen"), make_customer(login="other")
    staff = User.objects.create_user("staff", "staff@example.com", "Staff!Passw0rd", is_staff=True)
    staff.user_permissions.add(Permission.objects.get(codename="view_customer"))
    User.objects.create_superuser("boss", "boss@example.com", "Boss!Passw0rd")
    colleague = User.objects.create_user(
        "colleague", "c@example.com", "Col!Passw0rd", is_staff=True
    )
    colleague.user_permissions.add(Permission.objects.get(codename="view_customer"))
    browser, other, boss = Client(), Client(), Client()
    browser.login(username="staff", password="Staff!Passw0rd")
    other.login(username="colleague", password="Col!Passw0rd")
    boss.login(username="boss", password="Boss!Passw0rd")

    response = browser.post(
        "/admin/customers/customer/",
        {"action": "export_as_commerce_cloud_xml", "_selected_action": [chosen.pk]},
        follow=True,
    )
    assert "queued: download it from" in response.content.decode()
    export = CustomerExport.objects.get()
    download = f"/admin/customers/customerexport/{export.pk}/download/"
    assert browser.get(download).status_code == 404  # not written yet: no worker has run
    (entry,) = AgentAuditEntry.objects.all()
    assert (entry.customer, entry.agent_login) == (chosen, "staff")
    assert entry.description == f"Exported as Commerce Cloud XML (export #{export.pk})"

    run_tasks()
    listing = browser.get("/admin/customers/customerexport/").content.decode()
    assert download in listing
    response = browser.get(download)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/xml; charset=utf-8"
    assert response["Content-Disposition"] == (
        f'attachment; filename="customers-export-{export.pk}.xml"'
    )
    body = response.content.decode()
    assert "<login>chosen</login>" in body and "<login>other</login>" not in body
    assert "password" not in body
    assert customers_xml("")[:40] == body[:40]
    # Another staff user neither sees nor downloads it; a superuser may.
    assert download not in other.get("/admin/customers/customerexport/").content.decode()
    assert other.get(download).status_code == 403
    assert boss.get(download).content == response.content


def test_admin_action_sends_large_selections_to_the_command(make_customer, monkeypatch):
    from django.test import Client

    from customers.impex import admin as impex_admin

    monkeypatch.setattr(impex_admin, "ADMIN_EXPORT_LIMIT", 1)
    chosen = [make_customer(login="one").pk, make_customer(login="two").pk]
    User.objects.create_superuser("staff", "staff@example.com", "Staff!Passw0rd")
    browser = Client()
    browser.login(username="staff", password="Staff!Passw0rd")
    response = browser.post(
        "/admin/customers/customer/",
        {"action": "export_as_commerce_cloud_xml", "_selected_action": chosen},
        follow=True,
    )
    assert response.status_code == 200
    assert "use manage.py export_customers" in response.content.decode()
