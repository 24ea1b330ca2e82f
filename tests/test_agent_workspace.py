"""The agent's workspace in the admin: the one search box, the customer page as a 360°
view (panels), notes, the readable order page, the audit log as agents and supervisors
read it, and what each permission shows or refuses."""

import re
from datetime import timedelta
from decimal import Decimal

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse
from django.utils import timezone

from agents.groups import PERMISSIONS, ensure_customer_service_group, ensure_supervisor_group
from customers.models import Customer, CustomerNote
from productlists.models import (
    CustomerProductList,
    CustomerProductListItem,
    CustomerProductListItemPurchase,
    Product,
)
from shopsite.accounts.models import AgentAuditEntry
from tests.conftest import PASSWORD

pytest_plugins = ["tests.fixtures_agents", "tests.fixtures_owned"]

SEARCH = reverse("admin:customers_customer_search")
AUDIT_LOG = reverse("admin:accounts_agentauditentry_changelist")


def change_url(customer):
    return reverse("admin:customers_customer_change", args=[customer.pk])


def note_url(customer):
    return reverse("admin:customers_customer_add_note", args=[customer.pk])


@pytest.fixture
def without(make_staff, browser_for):
    """A browser for a staff user in the agent group minus one permission."""

    def make(codename):
        user = make_staff(f"no_{codename}"[:150], group=False)
        user.user_permissions.set(
            Permission.objects.filter(group__name=ensure_customer_service_group().name).exclude(
                codename=codename
            )
        )
        return browser_for(user)

    return make


def found(response):
    """Logins of the customers and numbers of the orders a search page lists."""
    assert response.status_code == 200
    results = response.context["results"]
    return {c.login for c in results.customers}, {o.order_no for o in results.orders}


# --- search ------------------------------------------------------------------------------


@pytest.mark.parametrize("typed", ["781-555-0100", "7815550100", "+1 (781) 555 0100"])
def test_search_finds_a_customer_by_phone_however_it_is_written(
    agent_browser, make_customer, typed
):
    make_customer("mobile", phone_mobile="781 555 0100")
    make_customer("business", phone_business="+1-781-555-0100")
    make_customer("other", phone_home="617-555-0199")

    customers, _ = found(agent_browser.get(SEARCH, {"q": typed}))

    assert customers == {"mobile", "business"}


def test_search_finds_a_phone_number_by_its_last_digits(agent_browser, make_customer):
    make_customer("home", phone_home="+1 234 567 0003")

    assert found(agent_browser.get(SEARCH, {"q": "345670003"}))[0] == {"home"}


def test_search_finds_orders_by_number_with_or_without_zeros(agent_browser, customer, add_order):
    order = add_order(customer)
    number = order.order_no  # "00000001": numbered from the primary key
    short = number.lstrip("0")

    by_number = found(agent_browser.get(SEARCH, {"q": number}))
    by_short = found(agent_browser.get(SEARCH, {"q": short}))
    page = agent_browser.get(SEARCH, {"q": number}).content.decode()

    assert by_number[1] == {number} and by_short[1] == {number}
    assert reverse("admin:customers_order_change", args=[order.pk]) in page


def test_search_finds_customers_by_city_and_postal_code(agent_browser, make_customer, add_address):
    woburn = make_customer("woburn")
    add_address(woburn, "home", city="Woburn", postal_code="01801")
    boston = make_customer("boston")
    add_address(boston, "home", city="Boston", postal_code="02108")

    assert found(agent_browser.get(SEARCH, {"q": "woburn"}))[0] == {"woburn"}
    assert found(agent_browser.get(SEARCH, {"q": "Wob"}))[0] == {"woburn"}
    assert found(agent_browser.get(SEARCH, {"q": "01801"}))[0] == {"woburn"}


def test_search_finds_customers_by_login_email_name_and_number(agent_browser, make_customer):
    ann = make_customer("annlee", email="ann.lee@mail.example", first_name="Ann", last_name="Lee")
    make_customer("bob", first_name="Bob", last_name="Jones")

    assert found(agent_browser.get(SEARCH, {"q": "annl"}))[0] == {"annlee"}
    assert found(agent_browser.get(SEARCH, {"q": "mail.example"}))[0] == {"annlee"}
    assert found(agent_browser.get(SEARCH, {"q": "ann lee"}))[0] == {"annlee"}
    assert found(agent_browser.get(SEARCH, {"q": "Jones"}))[0] == {"bob"}
    assert found(agent_browser.get(SEARCH, {"q": ann.customer_no}))[0] == {"annlee"}


def test_search_refuses_too_short_queries_without_searching(agent_browser, make_customer):
    make_customer("ab")

    response = agent_browser.get(SEARCH, {"q": "ab"})

    assert found(response) == (set(), set())
    assert response.context["results"].too_short


def test_the_admin_index_starts_with_the_search_box(agent_browser, make_staff, browser_for):
    page = agent_browser.get(reverse("admin:index")).content.decode()
    nobody = browser_for(make_staff("nobody", group=False))

    assert f'action="{SEARCH}"' in page
    assert f'action="{SEARCH}"' not in nobody.get(reverse("admin:index")).content.decode()
    assert nobody.get(SEARCH, {"q": "jsmith"}).status_code == 403


def test_search_shows_orders_only_to_who_may_view_them(without, customer, add_order):
    order = add_order(customer)

    response = without("view_order").get(SEARCH, {"q": order.order_no})

    assert found(response)[1] == set()
    assert 'id="order-results"' not in response.content.decode()


# --- the customer page: 360° -------------------------------------------------------------


@pytest.fixture
def wish_list(customer):
    product = Product.objects.create(product_id="P-100", name="Blue shirt", price=Decimal("20"))
    product_list = CustomerProductList.objects.create(
        customer=customer, type="wish_list", name="Birthday"
    )
    item = CustomerProductListItem.objects.create(
        product_list=product_list, product=product, quantity=2
    )
    CustomerProductListItemPurchase.objects.create(
        item=item, purchaser_name="Aunt May", quantity=1, order_no="00000777"
    )
    return product_list


def test_the_customer_page_shows_the_whole_customer(
    agent_browser, customer, add_address, add_card, add_order, add_basket, wish_list
):
    add_address(customer, "home", city="Woburn", postal_code="01801")
    add_card(customer)
    older = add_order(customer, order_no="00000100")
    newer = add_order(
        customer, order_no="00000200", created=older.creation_date + timedelta(days=3)
    )
    add_basket(customer)
    CustomerNote.objects.create(customer=customer, author_name="csagent", text="Called twice")

    page = agent_browser.get(change_url(customer)).content.decode()

    for title in (
        "Login state",
        "Contact and addresses",
        "Notes",
        "Orders",
        "Baskets",
        "Payment instruments",
        "Timeline",
        "Audit trail",
        "Product lists",
    ):
        assert f"<h2>{title}</h2>" in page
    assert "Woburn" in page and "01801" in page
    assert "************1111" in page and "4111111111111111" not in page
    orders = page[page.index('id="customer-orders"') :]
    assert orders.index("00000200") < orders.index("00000100")  # newest first
    assert reverse("admin:customers_order_change", args=[newer.pk]) in page
    assert "Birthday" in page and "Blue shirt" in page and "Aunt May" in page
    assert "Called twice" in page
    assert "Registered" in page and "Order placed" in page  # the timeline


def test_login_state_says_locked_only_when_locked(agent_browser, customer):
    def state():
        page = agent_browser.get(change_url(customer)).content.decode()
        return re.search(r'id="login-state">(.*?)</dd>', page, re.S).group(1)

    assert "not locked" in state()
    customer.locked_until = timezone.now() + timedelta(minutes=30)
    customer.failed_login_count = 5
    customer.save()
    locked = state()
    assert "locked until" in locked and "not locked" not in locked
    assert 'id="unlock"' in agent_browser.get(change_url(customer)).content.decode()


def test_the_list_shows_the_state_in_words_not_ticks(agent_browser, make_customer):
    make_customer("fine")
    locked = make_customer("locked")
    locked.locked_until = timezone.now() + timedelta(minutes=30)
    locked.save()

    page = agent_browser.get(reverse("admin:customers_customer_changelist")).content.decode()

    assert "locked until" in page and "active" in page
    assert "icon-no.svg" not in page and "icon-yes.svg" not in page


def test_the_site_is_text_for_staff_who_may_not_view_sites(
    agent_browser, admin_client, customer, add_order
):
    order = add_order(customer)
    site_page = reverse("admin:ocapi_site_change", args=[customer.site.pk])

    for url in (change_url(customer), reverse("admin:customers_order_change", args=[order.pk])):
        page = agent_browser.get(url).content.decode()
        assert site_page not in page and customer.site.site_id in page
    assert site_page in admin_client.get(change_url(customer)).content.decode()


def test_the_admin_has_no_view_site_link(agent_browser):
    page = agent_browser.get(reverse("admin:index")).content.decode()

    assert "View site" not in page


# --- notes -------------------------------------------------------------------------------


def test_notes_are_appended_with_author_and_audited(agent_browser, agent_user, customer):
    first = agent_browser.post(note_url(customer), {"text": "Wants a refund for 00000042"})
    agent_browser.post(note_url(customer), {"text": "Refund done"})

    assert first.status_code == 302
    notes = list(customer.notes.order_by("created", "pk"))
    assert [(n.text, n.author, n.author_name) for n in notes] == [
        ("Wants a refund for 00000042", agent_user, "csagent"),
        ("Refund done", agent_user, "csagent"),
    ]
    entries = AgentAuditEntry.objects.filter(customer=customer, description="Note added")
    assert entries.count() == 2
    page = agent_browser.get(change_url(customer)).content.decode()
    assert page.index("Refund done") < page.index("Wants a refund")


def test_notes_cannot_be_changed_or_deleted(agent_browser, customer):
    agent_browser.post(note_url(customer), {"text": "First call"})
    note = customer.notes.get()

    assert agent_browser.get("/admin/customers/customernote/").status_code == 404
    assert agent_browser.post(f"/admin/customers/customernote/{note.pk}/delete/").status_code == 404
    user = agent_browser.get(reverse("admin:index")).context["user"]
    assert not user.has_perm("customers.change_customernote")
    assert not user.has_perm("customers.delete_customernote")


def test_an_empty_note_is_refused(agent_browser, customer):
    response = agent_browser.post(note_url(customer), {"text": "   "}, follow=True)

    assert response.status_code == 200
    assert not customer.notes.exists()


def test_adding_notes_needs_its_permission(without, customer):
    browser = without("add_customernote")

    page = browser.get(change_url(customer)).content.decode()

    assert 'id="add-note"' not in page and "<h2>Notes</h2>" in page
    assert browser.post(note_url(customer), {"text": "sneaky"}).status_code == 403
    assert not customer.notes.exists()


# --- the readable order page -------------------------------------------------------------


@pytest.fixture
def documented_order(customer, add_order):
    address = {
        "first_name": "Jane",
        "last_name": "Smith",
        "address1": "10 Main Street",
        "city": "Woburn",
        "postal_code": "01801",
        "country_code": "US",
    }
    return add_order(
        customer,
        order_no="00000042",
        product_items=[
            {
                "product_id": "P-100",
                "product_name": "Blue shirt",
                "quantity": 2,
                "base_price": 20.0,
                "price": 40.0,
                "price_after_item_discount": 36.0,
                "price_adjustments": [{"item_text": "10% off shirts", "price": -4.0}],
            }
        ],
        billing_address=address,
        shipments=[
            {
                "shipment_id": "me",
                "shipment_no": "SH-1",
                "shipping_address": {**address, "address1": "5 Elm Road"},
                "shipping_method": {"id": "001", "name": "Ground"},
                "shipping_status": "shipped",
                "tracking_number": "1Z999",
            }
        ],
        payment_instruments=[
            {
                "payment_instrument_id": "pi1",
                "payment_method_id": "CREDIT_CARD",
                "amount": 21.5,
                "payment_card": {
                    "card_type": "Visa",
                    "holder": "Jane Smith",
                    "masked_number": "************1111",
                    "expiration_month": 4,
                    "expiration_year": 2030,
                },
            }
        ],
        order_price_adjustments=[{"item_text": "Coupon WELCOME", "price": -2.0}],
    )


def test_the_order_page_reads_as_an_order(agent_browser, documented_order):
    url = reverse("admin:customers_order_change", args=[documented_order.pk])

    page = agent_browser.get(url).content.decode()

    items = page[page.index('id="order-items"') :]
    assert "Blue shirt" in items and "10% off shirts" in items
    billing = page[page.index('id="billing-address"') :]
    assert "10 Main Street" in billing and "01801 Woburn" in billing
    assert "5 Elm Road" in page and "Ground" in page and "shipped" in page and "1Z999" in page
    assert "************1111" in page and "04/2030" in page
    assert "Coupon WELCOME" in page  # a property not laid out by hand, under "More"
    assert page.index('id="order-payments"') < page.index('id="order-totals"')
    assert page.index('id="order-items"') < page.index('id="order-totals"')
    assert "&quot;" not in page[page.index('id="readable-order"') :]  # no raw JSON
    assert 'name="billing_address"' not in page  # view-only: no document form


def test_the_order_page_shows_properties_it_does_not_know(agent_browser, documented_order):
    documented_order.custom = {"gift_note": "Happy birthday"}
    documented_order.save()

    page = agent_browser.get(
        reverse("admin:customers_order_change", args=[documented_order.pk])
    ).content.decode()

    assert "gift note" in page and "Happy birthday" in page


def test_staff_who_may_change_orders_also_get_the_form(admin_client, documented_order):
    page = admin_client.get(
        reverse("admin:customers_order_change", args=[documented_order.pk])
    ).content.decode()

    assert 'id="readable-order"' in page and 'name="billing_address"' in page


# --- the audit log -----------------------------------------------------------------------


def test_agents_read_their_own_entries_and_supervisors_everyones(
    agent_browser, browser_for, make_staff, customer
):
    other = make_staff("otheragent")
    browser_for(other).post(note_url(customer), {"text": "from the other agent"})
    agent_browser.post(note_url(customer), {"text": "mine"})
    supervisor = make_staff("boss", group=False)
    supervisor.groups.add(ensure_supervisor_group())

    own = agent_browser.get(AUDIT_LOG)
    everyone = browser_for(supervisor).get(AUDIT_LOG)
    others_entry = AgentAuditEntry.objects.get(agent=other)

    assert own.status_code == 200
    assert {e.agent_login for e in own.context["cl"].result_list} == {"csagent"}
    assert {e.agent_login for e in everyone.context["cl"].result_list} == {"csagent", "otheragent"}
    detail = reverse("admin:accounts_agentauditentry_change", args=[others_entry.pk])
    assert agent_browser.get(detail).status_code in (302, 404)
    customer_page = agent_browser.get(change_url(customer)).content.decode()
    trail = customer_page[customer_page.index('id="panel-audit-trail"') :]
    assert "otheragent" not in trail and "csagent" in trail


def test_entries_name_the_customer_by_login_and_number(agent_browser, customer):
    agent_browser.post(note_url(customer), {"text": "hello"})

    page = agent_browser.get(AUDIT_LOG).content.decode()

    assert f"{customer.login} ({customer.customer_no})" in page
    assert customer.customer_id not in page


def test_api_writes_record_the_changed_field_names_not_values(
    agent_api, agent_token, customer, agent_browser
):
    response = agent_api.call(
        "PATCH",
        f"customers/{customer.customer_id}",
        {"first_name": "Secretvalue", "phone_home": "555"},
        token=agent_token,
    )

    assert response.status_code == 200
    entry = AgentAuditEntry.objects.get(method="PATCH")
    assert entry.description == "Fields: first_name, phone_home"
    assert entry.customer_label == f"{customer.login} ({customer.customer_no})"
    assert "Secretvalue" not in agent_browser.get(AUDIT_LOG).content.decode()


def test_profile_saves_from_the_admin_are_audited_by_field(admin_client, customer):
    from tests.test_agent_admin import change_form_data

    data = change_form_data(admin_client.get(change_url(customer)))
    data["first_name"] = "Janet"

    assert admin_client.post(change_url(customer), data).status_code == 302
    entry = AgentAuditEntry.objects.get(customer=customer)
    assert entry.description == "Profile changed: first_name"


# --- permissions and the group -----------------------------------------------------------


def test_the_agent_group_holds_exactly_what_the_job_needs(db):
    group = ensure_customer_service_group()

    held = set(group.permissions.values_list("content_type__app_label", "codename"))

    assert held == set(PERMISSIONS)
    assert ("customers", "add_customernote") in held
    assert ("productlists", "view_customerproductlist") in held
    assert ("accounts", "view_agentauditentry") in held
    assert ("customers", "change_customernote") not in held
    assert ("accounts", "view_all_agentauditentry") not in held


def test_agents_read_product_lists(agent_browser, wish_list):
    assert (
        agent_browser.get(reverse("admin:productlists_customerproductlist_changelist")).status_code
        == 200
    )
    url = reverse("admin:productlists_customerproductlist_change", args=[wish_list.pk])
    assert agent_browser.get(url).status_code == 200


@pytest.mark.parametrize(
    ("codename", "panel", "page"),
    [
        (
            "view_customerproductlist",
            "Product lists",
            "admin:productlists_customerproductlist_changelist",
        ),
        ("view_agentauditentry", "Audit trail", "admin:accounts_agentauditentry_changelist"),
        ("view_order", "Orders", "admin:customers_order_changelist"),
    ],
)
def test_without_a_permission_neither_the_panel_nor_the_page(
    without, customer, wish_list, codename, panel, page
):
    browser = without(codename)

    customer_page = browser.get(change_url(customer)).content.decode()

    assert f"<h2>{panel}</h2>" not in customer_page
    assert browser.get(reverse(page)).status_code == 403


def test_without_act_on_behalf_no_button_and_no_page(without, customer, agent_app):
    browser = without("create_order_on_behalf_of")

    page = browser.get(change_url(customer)).content.decode()

    assert 'id="act-on-behalf"' not in page
    obo = reverse("admin:customers_customer_act_on_behalf", args=[customer.pk])
    assert browser.get(obo).status_code == 403


def test_a_password_change_is_on_the_timeline(client, customer, token, agent_browser):
    registered = Customer.objects.get(pk=customer.pk).password_changed_time
    changed = client.call(
        "PUT",
        f"customers/{customer.customer_id}/password",
        {"current_password": PASSWORD, "password": "N3w!Passw0rd-xyz"},
        token=token,
    )

    assert changed.status_code == 204
    later = Customer.objects.get(pk=customer.pk).password_changed_time
    assert registered is not None and later > registered
    timeline = agent_browser.get(change_url(customer)).content.decode()
    timeline = timeline[timeline.index('id="panel-timeline"') :]
    assert "Password set" in timeline and "Logged in" in timeline


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("+49 30 1234567", {"berlin"}),
        ("0049 30 1234567", {"berlin"}),
        ("030 1234567", {"berlin"}),
        ("+1 415 123 4567", {"sf"}),
    ],
)
def test_international_numbers_find_national_ones_and_no_others(
    agent_browser, make_customer, typed, expected
):
    make_customer("berlin", phone_home="030 1234567")
    make_customer("sf", phone_home="(415) 123-4567")
    make_customer("near", phone_home="(215) 123-4567")  # the same last nine digits as sf

    assert found(agent_browser.get(SEARCH, {"q": typed}))[0] == expected


@pytest.mark.parametrize("typed", ["jsm\x00ith", "x" * 5000, "%_%", "\\", "'; --"])
def test_odd_search_input_is_answered_not_crashed_on(agent_browser, customer, typed):
    response = agent_browser.get(SEARCH, {"q": typed})

    assert response.status_code == 200
    assert len(response.context["results"].query) <= 100


def test_like_wildcards_are_searched_for_literally(agent_browser, make_customer):
    make_customer("plain")

    assert found(agent_browser.get(SEARCH, {"q": "%%%"}))[0] == set()


def test_the_panels_links_to_all_orders_and_the_audit_trail_work(
    agent_browser, customer, add_order
):
    add_order(customer)
    agent_browser.post(note_url(customer), {"text": "hello"})
    page = agent_browser.get(change_url(customer))
    panels = {panel.title: panel.data for panel in page.context["panels"]}

    orders = agent_browser.get(panels["Orders"]["all_url"])
    trail = agent_browser.get(panels["Audit trail"]["all_url"])

    assert orders.status_code == 200 and len(orders.context["cl"].result_list) == 1
    assert trail.status_code == 200 and len(trail.context["cl"].result_list) == 1


def test_a_note_with_a_nul_character_is_refused(agent_browser, customer):
    agent_browser.post(note_url(customer), {"text": "bad\x00note"})

    assert not customer.notes.exists()
