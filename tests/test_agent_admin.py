"""The back office: the customer list and page, the agent actions with their permissions
and audit, API clients' secrets, the audit log."""

import re
from datetime import timedelta

import pytest
from django.contrib.auth.models import Permission
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from customers.models import Customer, OutgoingMail
from shopsite.accounts.models import AgentAuditEntry
from shopsite.api.models import ApiClient
from tests.task_runner import run_tasks

pytest_plugins = ["tests.fixtures_agents", "tests.fixtures_owned"]

CHANGELIST = reverse("admin:customers_customer_changelist")


def change_url(customer):
    return reverse("admin:customers_customer_change", args=[customer.pk])


def operation_url(customer, operation):
    return reverse("admin:customers_customer_operation", args=[customer.pk, operation])


def obo_url(customer):
    return reverse("admin:customers_customer_act_on_behalf", args=[customer.pk])


@pytest.fixture
def reader_browser(make_staff):
    """A staff user who may only look at customers."""
    reader = make_staff("reader", group=False)
    reader.user_permissions.add(Permission.objects.get(codename="view_customer"))
    browser = Client()
    browser.force_login(reader)
    return browser


@pytest.fixture
def guest(site):
    return Customer.objects.create(site=site, is_guest=True)


# --- the customer list -------------------------------------------------------------------


def test_the_list_shows_registered_customers_by_default(agent_browser, customer, guest):
    response = agent_browser.get(CHANGELIST)

    assert response.status_code == 200
    page = response.content.decode()
    assert customer.login in page and customer.email in page
    assert guest.customer_id not in page
    for column in ("customer no", "login", "email", "name", "site", "registered", "enabled"):
        assert f">{column.capitalize()}<" in page or column in page.lower()
    assert "locked" in page.lower() and "last login" in page.lower()


def test_the_list_shows_guests_when_asked(agent_browser, customer, guest):
    guests = agent_browser.get(CHANGELIST, {"registration": "guest"})
    everyone = agent_browser.get(CHANGELIST, {"registration": "all"})

    assert list(guests.context["cl"].result_list) == [guest]
    assert set(everyone.context["cl"].result_list) == {customer, guest}


def test_the_list_searches_and_filters(agent_browser, make_customer):
    smith = make_customer("jsmith", first_name="John")
    doe = make_customer("jdoe", last_name="Doe")
    doe.locked_until = timezone.now() + timedelta(minutes=5)
    doe.save()

    def results(**query):
        return list(agent_browser.get(CHANGELIST, query).context["cl"].result_list)

    assert results(q="jdoe@example.com") == [doe]
    assert results(q="John") == [smith]
    assert results(q=smith.customer_no) == [smith]
    assert results(locked="yes") == [doe]
    assert results(locked="no") == [smith]
    assert results(enabled__exact="1", site__id__exact=str(smith.site_id)) == [doe, smith]
    assert results(creation_date__year=str(timezone.now().year)) == [doe, smith]


def test_the_list_runs_a_constant_number_of_queries(agent_browser, make_customer):
    make_customer("first")
    agent_browser.get(CHANGELIST)

    with CaptureQueriesContext(connection) as few:
        agent_browser.get(CHANGELIST)
    for number in range(10):
        make_customer(f"more{number}")
    with CaptureQueriesContext(connection) as many:
        agent_browser.get(CHANGELIST)

    assert len(many) == len(few)


# --- the customer page -------------------------------------------------------------------


def test_the_customer_page_has_sections_and_inlines(
    agent_browser, customer, add_address, add_card, add_order, add_basket
):
    add_address(customer, "home", city="Boston")
    add_card(customer)
    add_order(customer, order_no="00001234")
    add_basket(customer)
    customer.custom = {"origin": "webshop"}
    customer.save()

    response = agent_browser.get(change_url(customer))

    assert response.status_code == 200
    page = response.content.decode()
    for section in ("Profile", "Login and security", "Activity", "Custom attributes"):
        assert f">{section}<" in page
    assert "Boston" in page
    assert "************1111" in page and "4111111111111111" not in page
    assert "00001234" in page
    assert "&quot;c_origin&quot;: &quot;webshop&quot;" in page
    created = customer.creation_date.strftime("%Y-%m-%d %H:%M:%S")
    assert created in page
    assert 'id="act-on-behalf"' in page and "Send password reset email" in page


def test_the_customer_page_runs_a_constant_number_of_queries(
    agent_browser, customer, add_address, add_card, add_order, add_basket
):
    """Each inline reads its rows once, whatever their number (no query per row)."""

    def add_one_of_each(number):
        add_address(customer, f"address{number}")
        add_card(customer)
        add_order(customer, order_no=f"0000{number}")
        add_basket(customer)

    add_one_of_each(0)
    agent_browser.get(change_url(customer))
    with CaptureQueriesContext(connection) as few:
        assert agent_browser.get(change_url(customer)).status_code == 200
    for number in range(1, 6):
        add_one_of_each(number)
    with CaptureQueriesContext(connection) as many:
        page = agent_browser.get(change_url(customer)).content.decode()

    assert "00005" in page and "address5" in page
    assert len(many) == len(few)


def change_form_data(response):
    """The change form's current values, as the browser would post them back."""
    form = response.context["adminform"].form
    data = {}
    for name, field in form.fields.items():
        value = form[name].value()
        if value is None:
            continue
        data[name] = field.prepare_value(value) if name == "custom" else value
    for formset in response.context["inline_admin_formsets"]:
        management = formset.formset.management_form
        for name in management.fields:
            data[f"{management.prefix}-{name}"] = management[name].value()
    return data


@pytest.mark.parametrize(
    "custom, error",
    [
        ('{"origin": "x"}', "start with c_"),
        ("[1, 2]", "JSON object"),
        ("{not json", "valid JSON"),
    ],
)
def test_custom_attributes_are_validated(admin_client, customer, custom, error):
    data = change_form_data(admin_client.get(change_url(customer)))

    response = admin_client.post(change_url(customer), {**data, "custom": custom})

    assert response.status_code == 200
    assert error in response.content.decode()


def test_custom_attributes_are_stored_without_their_prefix(admin_client, customer):
    data = change_form_data(admin_client.get(change_url(customer)))

    response = admin_client.post(
        change_url(customer), {**data, "custom": '{"c_tier": "gold", "c_points": 12}'}
    )

    assert response.status_code == 302, response.context and response.context["errors"]
    customer.refresh_from_db()
    assert customer.custom == {"tier": "gold", "points": 12}


# --- act on behalf of ----------------------------------------------------------------------


def test_act_on_behalf_issues_a_token_shown_once_that_the_api_accepts(
    agent_browser, agent_user, customer, agent_app, agent_api
):
    form = agent_browser.get(obo_url(customer))
    assert form.status_code == 200
    assert agent_app.client_id in form.content.decode()

    response = agent_browser.post(obo_url(customer), {"client_id": agent_app.client_id})

    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    page = response.content.decode()
    token = re.search(r'<textarea id="obo-token"[^>]*>([^<]+)</textarea>', page).group(1)
    assert "curl " in page and "Copy token" in page and 'id="obo-expiry"' in page
    assert "Open storefront" not in page
    used = agent_api.call("GET", f"customers/{customer.customer_id}", token=token)
    assert used.status_code == 200
    entry = AgentAuditEntry.objects.get()
    assert (entry.action, entry.via, entry.agent, entry.customer) == (
        "obo_token",
        "admin",
        agent_user,
        customer,
    )
    assert token not in entry.description


def test_act_on_behalf_links_the_storefront_with_the_token_in_the_fragment(
    agent_browser, customer, agent_app, settings
):
    settings.OCAPI = {**settings.OCAPI, "AGENT_STOREFRONT_URL": "https://shop.example/agent"}

    page = agent_browser.post(obo_url(customer), {"client_id": agent_app.client_id})

    link = re.search(r'id="obo-storefront" href="([^"]+)"', page.content.decode()).group(1)
    assert link.startswith("https://shop.example/agent#token=ey")
    assert "?" not in link


def test_act_on_behalf_needs_its_permission(reader_browser, customer, agent_app):
    assert reader_browser.get(obo_url(customer)).status_code == 403
    assert (
        reader_browser.post(obo_url(customer), {"client_id": agent_app.client_id}).status_code
        == 403
    )
    page = reader_browser.get(change_url(customer)).content.decode()
    assert 'id="act-on-behalf"' not in page
    assert not AgentAuditEntry.objects.exists()


@pytest.mark.parametrize(
    "change", [{"enabled": False}, {"is_guest": True}], ids=["disabled", "guest"]
)
def test_act_on_behalf_refuses_disabled_customers_and_guests(
    agent_browser, customer, agent_app, change
):
    Customer.objects.filter(pk=customer.pk).update(**change)

    page = agent_browser.get(change_url(customer)).content.decode()
    response = agent_browser.post(obo_url(customer), {"client_id": agent_app.client_id})

    assert 'id="act-on-behalf"' not in page
    assert response.status_code == 302
    assert not AgentAuditEntry.objects.exists()


def test_the_list_action_opens_act_on_behalf_for_one_customer(
    agent_browser, customer, make_customer
):
    other = make_customer("jdoe")
    one = agent_browser.post(
        CHANGELIST, {"action": "act_on_behalf", "_selected_action": [customer.pk]}
    )
    two = agent_browser.post(
        CHANGELIST,
        {"action": "act_on_behalf", "_selected_action": [customer.pk, other.pk]},
        follow=True,
    )

    assert one.status_code == 302 and one["Location"] == obo_url(customer)
    assert "exactly one" in two.content.decode()


# --- password reset, unlock, disable / enable --------------------------------------------


def test_send_password_reset_queues_the_mail_and_is_audited(
    agent_browser, customer, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = agent_browser.post(operation_url(customer, "send-password-reset"), follow=True)

    assert "Password reset email queued for" in response.content.decode()
    queued = OutgoingMail.objects.get()
    assert AgentAuditEntry.objects.get().description == (
        f"Password reset email queued (mail #{queued.pk})"
    )
    assert mailoutbox == []
    run_tasks()
    assert [mail.to for mail in mailoutbox] == [[customer.email]]
    assert list(AgentAuditEntry.objects.order_by("pk").values_list("description", flat=True)) == [
        f"Password reset email queued (mail #{queued.pk})",
        f"Password reset email delivered (mail #{queued.pk})",
    ]


def test_the_list_action_sends_password_resets(
    agent_browser, customer, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        agent_browser.post(
            CHANGELIST, {"action": "send_password_reset", "_selected_action": [customer.pk]}
        )
    run_tasks()

    assert len(mailoutbox) == 1


def test_unlock_clears_the_lock_and_is_audited(agent_browser, customer):
    customer.failed_login_count, customer.locked_until = 3, timezone.now() + timedelta(hours=1)
    customer.save()

    agent_browser.post(operation_url(customer, "unlock"))

    customer.refresh_from_db()
    assert (customer.failed_login_count, customer.locked_until) == (0, None)
    assert AgentAuditEntry.objects.get().description == "Account unlocked"


def test_disable_refuses_the_customers_token_and_enable_restores(
    agent_browser, customer, client, token
):
    path = f"customers/{customer.customer_id}"
    agent_browser.post(operation_url(customer, "disable"))
    customer.refresh_from_db()
    assert not customer.enabled
    assert client.call("GET", path, token=token).status_code == 401

    agent_browser.post(CHANGELIST, {"action": "enable", "_selected_action": [customer.pk]})

    customer.refresh_from_db()
    assert customer.enabled
    assert [e.description for e in AgentAuditEntry.objects.order_by("pk")] == [
        "Disabled",
        "Enabled",
    ]


@pytest.mark.parametrize("operation", ["send-password-reset", "unlock", "disable", "enable"])
def test_operations_need_the_change_permission(reader_browser, customer, operation):
    response = reader_browser.post(operation_url(customer, operation))

    assert response.status_code == 403
    customer.refresh_from_db()
    assert customer.enabled
    assert not AgentAuditEntry.objects.exists()


def test_list_actions_without_permission_are_not_offered(reader_browser, customer):
    response = reader_browser.get(CHANGELIST)

    # A reader may only export what it may read; every action that changes or acts is gone.
    assert response.status_code == 200
    offered = {name for name, _ in response.context["action_form"].fields["action"].choices}
    assert offered - {""} == {"export_as_commerce_cloud_xml"}


def test_operations_need_post(agent_browser, customer):
    assert agent_browser.get(operation_url(customer, "disable")).status_code == 405


# --- API clients, sites, audit log --------------------------------------------------------


def shown_secret(response) -> str:
    return re.search(
        r'<code class="client-secret"[^>]*>([^<]+)</code>', response.content.decode()
    ).group(1)


def test_a_new_api_client_shows_its_secret_once(admin_client):
    response = admin_client.post(
        reverse("admin:ocapi_apiclient_add"),
        {"name": "POS", "is_active": "on", "allowed_origins": ""},
    )

    assert response.status_code == 200
    client = ApiClient.objects.get(name="POS")
    assert client.check_secret(shown_secret(response))
    change_page = admin_client.get(reverse("admin:ocapi_apiclient_change", args=[client.pk]))
    assert shown_secret(response) not in change_page.content.decode()


def test_api_client_origins_are_checked_like_a_settings_document(admin_client):
    add = reverse("admin:ocapi_apiclient_add")
    origins = "https://www.example.com/\nshop.example.com\nhttps://x.com/path"

    refused = admin_client.post(add, {"name": "Web", "is_active": "on", "allowed_origins": origins})
    accepted = admin_client.post(
        add,
        {"name": "Web", "is_active": "on", "allowed_origins": "https://www.example.com/\n"},
    )

    assert "Not an origin like https://www.example.com: shop.example.com, https://x.com/path." in (
        refused.content.decode()
    )
    assert accepted.status_code == 200
    assert ApiClient.objects.get().origins == {"https://www.example.com"}


def test_generate_new_secret_replaces_the_old_one(admin_client, agent_app):
    url = reverse("admin:ocapi_apiclient_new_secret", args=[agent_app.client.pk])

    response = admin_client.post(url)

    agent_app.client.refresh_from_db()
    assert agent_app.client.check_secret(shown_secret(response))
    assert not agent_app.client.check_secret(agent_app.secret)
    assert admin_client.get(url).status_code == 405


def test_the_list_action_generates_secrets(admin_client, agent_app):
    response = admin_client.post(
        reverse("admin:ocapi_apiclient_changelist"),
        {"action": "regenerate_secret", "_selected_action": [agent_app.client.pk]},
    )

    agent_app.client.refresh_from_db()
    assert agent_app.client.check_secret(shown_secret(response))


def test_new_secrets_need_the_change_permission(agent_browser, agent_app):
    url = reverse("admin:ocapi_apiclient_new_secret", args=[agent_app.client.pk])

    assert agent_browser.post(url).status_code == 403


def test_sites_are_manageable(admin_client, site):
    assert admin_client.get(reverse("admin:ocapi_site_changelist")).status_code == 200
    assert admin_client.get(reverse("admin:ocapi_site_change", args=[site.pk])).status_code == 200


def test_the_audit_log_is_read_only_and_filterable(
    admin_client, agent_browser, agent_user, customer, make_customer
):
    other = make_customer("jdoe")
    agent_browser.post(operation_url(customer, "disable"))
    agent_browser.post(operation_url(other, "disable"))
    changelist = reverse("admin:accounts_agentauditentry_changelist")

    by_customer = admin_client.get(changelist, {"customer__id__exact": customer.pk})
    by_agent = admin_client.get(changelist, {"agent__id__exact": agent_user.pk})

    assert [e.customer for e in by_customer.context["cl"].result_list] == [customer]
    assert len(by_agent.context["cl"].result_list) == 2
    assert admin_client.get(reverse("admin:accounts_agentauditentry_add")).status_code == 403
    entry = AgentAuditEntry.objects.first()
    detail = admin_client.get(reverse("admin:accounts_agentauditentry_change", args=[entry.pk]))
    assert detail.status_code == 200
    assert 'name="_save"' not in detail.content.decode()


def test_the_audit_logs_old_admin_addresses_lead_to_it(admin_client):
    """The log moved from the agents app to shopsite.accounts; bookmarks keep working."""
    old = admin_client.get("/admin/agents/agentauditentry/", {"action__exact": "admin"})
    detail = admin_client.get("/admin/agents/agentauditentry/7/change/")

    assert old.status_code == 301
    assert old["Location"] == "/admin/accounts/agentauditentry/?action__exact=admin"
    assert detail["Location"] == "/admin/accounts/agentauditentry/7/change/"
