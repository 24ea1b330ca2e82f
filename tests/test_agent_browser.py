"""A real browser (Debian's chromium, driven by Selenium through chromium-driver) logs into
the admin, opens a customer, clicks "Act on behalf of" and uses the token it is shown
against the Shop API; it enrols a staff user's authenticator; it opens the API docs. Every
page carries the Content-Security-Policy and the browser's console reports no violation of
it. ``.ci/run`` installs the browser; without one locally, skipped."""

import json
import urllib.request

import pytest
from django.contrib.auth.models import User

from tests.oauth_requests import STAFF_PASSWORD

pytest_plugins = ["tests.fixtures_agents", "tests.fixtures_browser"]


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


@pytest.mark.django_db(transaction=True)
def test_an_agent_acts_on_behalf_of_a_customer_in_the_admin(
    live_server, browser, agent_user, customer, agent_app, tmp_path
):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    assert isinstance(agent_user, User)
    assert_strict_policy(f"{live_server.url}/admin/login/")
    browser.get(f"{live_server.url}/admin/login/")
    browser.find_element(By.NAME, "username").send_keys(agent_user.username)
    browser.find_element(By.NAME, "password").send_keys(STAFF_PASSWORD)
    browser.find_element(By.CSS_SELECTOR, "input[type=submit]").click()
    # Navigating before the login POST has answered would abandon it: wait for the redirect.
    WebDriverWait(browser, 30).until(lambda driver: "/login/" not in driver.current_url)

    browser.get(f"{live_server.url}/admin/customers/customer/")
    browser.find_element(By.LINK_TEXT, customer.login).click()
    browser.find_element(By.ID, "act-on-behalf").click()
    browser.find_element(By.ID, "issue-token").click()
    token = browser.find_element(By.ID, "obo-token").get_attribute("value").strip()
    browser.find_element(By.CSS_SELECTOR, "[data-copy=obo-token]").click()  # the nonce'd script
    WebDriverWait(browser, 10).until(
        lambda driver: (
            driver.find_element(By.ID, "obo-copied").value_of_css_property("visibility")
            == "visible"
        )
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
