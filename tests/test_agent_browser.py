"""A real browser (Debian's chromium, driven by Selenium through chromium-driver) does an
agent's job in the admin: finds a customer by phone and an order by its number from the
first page's search box, opens the customer's 360° page, adds a note, acts on behalf of
the customer (using the token it is shown against the Shop API) and reads its own audit
entries; a staff user enrols an authenticator; the API docs render. Every page carries the
Content-Security-Policy and the browser's console reports no violation of it.
``.ci/run`` installs the browser; without one locally, skipped."""

import json
import urllib.request
from datetime import timedelta

import pytest
from django.contrib.auth.models import User
from django.utils import timezone

from tests.oauth_requests import STAFF_PASSWORD

pytest_plugins = ["tests.fixtures_agents", "tests.fixtures_owned", "tests.fixtures_browser"]


def csp_violations(driver) -> list[str]:
    """What the browser's console said about the Content-Security-Policy."""
    return [
        entry["message"]
        for entry in driver.get_log("browser")
        if "Content Security Policy" in entry["message"]
        or "Content-Security-Policy" in entry["message"]
    ]


def assert_strict_policy(url: str) -> None:
    with urllib.request.urlopen(url, timeout=10) as response:
        policy = response.headers["Content-Security-Policy"]
    directives = dict(part.strip().split(" ", 1) for part in policy.split(";"))
    assert directives["default-src"] == "'self'"
    assert "'unsafe-inline'" not in policy and "'unsafe-eval'" not in policy
    assert (
        directives["script-src"].startswith("'self' 'nonce-")
        or directives["script-src"] == "'self'"
    )
    assert directives["frame-ancestors"] == "'none'"


def log_in(browser, live_server, user):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    browser.get(f"{live_server.url}/admin/login/")
    browser.find_element(By.NAME, "username").send_keys(user.username)
    browser.find_element(By.NAME, "password").send_keys(STAFF_PASSWORD)
    browser.find_element(By.CSS_SELECTOR, "input[type=submit]").click()
    # Navigating before the login POST has answered would abandon it: wait for the redirect.
    WebDriverWait(browser, 30).until(lambda driver: "/login/" not in driver.current_url)


def search_from_the_first_page(browser, live_server, text):
    from selenium.webdriver.common.by import By

    browser.get(f"{live_server.url}/admin/")
    box = browser.find_element(By.ID, "workspace-q")
    box.send_keys(text)
    browser.find_element(By.ID, "workspace-search-submit").click()
    browser.find_element(By.CSS_SELECTOR, "#content-main h2")  # the results have loaded


@pytest.mark.django_db(transaction=True)
def test_an_agent_does_the_job_in_the_admin(
    live_server, browser, agent_user, make_customer, agent_app, add_order, tmp_path
):
    from selenium.common.exceptions import StaleElementReferenceException
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    assert isinstance(agent_user, User)
    customer = make_customer(phone_mobile="+1 (781) 555-0100", first_name="Jane")
    order = add_order(customer, order_no="00000042")
    locked = make_customer(
        "a.very.long.login.name@a-long-domain.example",
        first_name="Maximiliane",
        last_name="Ostermann-Wiedemeyer",
    )
    locked.locked_until = timezone.now() + timedelta(minutes=30)
    locked.save()
    assert_strict_policy(f"{live_server.url}/admin/login/")
    log_in(browser, live_server, agent_user)

    # The lists fit 1280 px: no sideways scrolling; a lock in words.
    for page in ("customers/customer", "customers/order"):
        browser.get(f"{live_server.url}/admin/{page}/")
        results = browser.find_element(By.CSS_SELECTOR, "#changelist .results")
        assert browser.execute_script("return arguments[0].scrollWidth", results) <= (
            browser.execute_script("return arguments[0].clientWidth", results)
        ), page
        if page == "customers/customer":
            assert "locked until" in results.text

    # "My order 00000042": the order, readable, with its customer.
    search_from_the_first_page(browser, live_server, "42")
    browser.find_element(By.LINK_TEXT, order.order_no).click()
    assert browser.find_element(By.ID, "order-items").is_displayed()
    assert browser.find_element(By.ID, "order-totals").is_displayed()

    # A phone number, written differently from the profile: the customer's 360° page.
    search_from_the_first_page(browser, live_server, "781-555-0100")
    browser.find_element(By.PARTIAL_LINK_TEXT, customer.login).click()
    assert "not locked" in browser.find_element(By.ID, "login-state").text
    assert order.order_no in browser.find_element(By.ID, "customer-orders").text

    # A note, kept in the history with its author.
    browser.find_element(By.ID, "id_note_text").send_keys("Asked about order 00000042")
    browser.find_element(By.ID, "add-note").click()
    # The click posts the form; the page it answers with is read once it has loaded.
    WebDriverWait(browser, 30, ignored_exceptions=[StaleElementReferenceException]).until(
        lambda driver: "Asked about order 00000042" in driver.find_element(By.ID, "notes").text
    )
    notes = browser.find_element(By.ID, "notes").text
    assert "Asked about order 00000042" in notes and agent_user.username in notes
    browser.save_screenshot(str(tmp_path / "customer.png"))

    browser.find_element(By.ID, "act-on-behalf").click()
    browser.find_element(By.ID, "issue-token").click()
    token = browser.find_element(By.ID, "obo-token").get_attribute("value").strip()
    assert not browser.find_element(By.ID, "obo-copied").is_displayed()
    browser.find_element(By.CSS_SELECTOR, "[data-copy=obo-token]").click()
    WebDriverWait(browser, 10).until(
        lambda driver: driver.find_element(By.ID, "obo-copied").is_displayed()
    )
    browser.save_screenshot(str(tmp_path / "act-on-behalf.png"))

    request = urllib.request.Request(
        f"{live_server.url}/s/SiteGenesis/dw/shop/v19_5/customers/{customer.customer_id}",
        headers={"x-dw-client-id": agent_app.client_id, "Authorization": f"Bearer {token}"},
    )
    with urllib.request.urlopen(request, timeout=10) as response:
        assert response.status == 200
        assert json.load(response)["login"] == customer.login
    assert (tmp_path / "act-on-behalf.png").stat().st_size > 10_000
    assert (tmp_path / "customer.png").stat().st_size > 10_000

    # The agent's own audit entries: the note and the token, naming the customer.
    browser.get(f"{live_server.url}/admin/accounts/agentauditentry/")
    log = browser.find_element(By.ID, "result_list").text
    results = browser.find_element(By.CSS_SELECTOR, "#changelist .results")
    assert browser.execute_script("return arguments[0].scrollWidth", results) <= (
        browser.execute_script("return arguments[0].clientWidth", results)
    )
    assert "Note added" in log and "On-behalf-of token" in log
    assert f"{customer.login} ({customer.customer_no})" in log
    assert csp_violations(browser) == []


@pytest.mark.django_db(transaction=True)
def test_a_staff_user_enrols_an_authenticator_in_the_browser(
    live_server, browser, agent_user, settings
):
    from django_otp.oath import TOTP
    from django_otp.plugins.otp_totp.models import TOTPDevice
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    settings.STAFF_MFA_REQUIRED = True
    browser.get(f"{live_server.url}/admin/login/")
    browser.find_element(By.NAME, "username").send_keys(agent_user.username)
    browser.find_element(By.NAME, "password").send_keys(STAFF_PASSWORD)
    browser.find_element(By.CSS_SELECTOR, "input[type=submit]").click()
    WebDriverWait(browser, 30).until(lambda driver: "/security/mfa/" in driver.current_url)

    assert browser.find_element(By.CSS_SELECTOR, "#mfa-qr svg").size["width"] > 100
    device = TOTPDevice.objects.get(user=agent_user)
    code = f"{TOTP(device.bin_key, device.step, device.t0, device.digits).token():06d}"
    browser.find_element(By.NAME, "code").send_keys(code)
    browser.find_element(By.CSS_SELECTOR, "#mfa-enrol-form input[type=submit]").click()
    codes = browser.find_elements(By.CSS_SELECTOR, "#recovery-codes code")
    assert len(codes) == 10
    browser.find_element(By.ID, "mfa-continue").click()
    WebDriverWait(browser, 30).until(lambda driver: "/security/" not in driver.current_url)
    browser.get(f"{live_server.url}/admin/customers/customer/")

    assert browser.find_element(By.ID, "changelist")
    assert csp_violations(browser) == []


@pytest.mark.django_db(transaction=True)
def test_the_api_docs_render_within_their_policy(live_server, browser):
    from selenium.webdriver.common.by import By

    browser.get(f"{live_server.url}/api/docs/")

    assert browser.find_element(By.CSS_SELECTOR, ".swagger-ui .info .title")
    with urllib.request.urlopen(f"{live_server.url}/api/docs/", timeout=10) as response:
        assert "default-src 'self'" in response.headers["Content-Security-Policy"]
    assert csp_violations(browser) == []
