"""A real browser (Debian's chromium, driven by Selenium through chromium-driver) logs into
the admin, opens a customer, clicks "Act on behalf of" and uses the token it is shown
against the Shop API. ``.ci/run`` installs the browser; without one locally, skipped."""

import json
import urllib.request

import pytest
from django.contrib.auth.models import User

from tests.oauth_requests import STAFF_PASSWORD

pytest_plugins = ["tests.fixtures_agents", "tests.fixtures_browser"]


@pytest.mark.django_db(transaction=True)
def test_an_agent_acts_on_behalf_of_a_customer_in_the_admin(
    live_server, browser, agent_user, customer, agent_app, tmp_path
):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    assert isinstance(agent_user, User)
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
    browser.save_screenshot(str(tmp_path / "act-on-behalf.png"))

    request = urllib.request.Request(
        f"{live_server.url}/s/SiteGenesis/dw/shop/v19_5/customers/{customer.customer_id}",
        headers={"x-dw-client-id": agent_app.client_id, "Authorization": f"Bearer {token}"},
    )
    with urllib.request.urlopen(request, timeout=10) as response:
        assert response.status == 200
        assert json.load(response)["login"] == customer.login
    assert (tmp_path / "act-on-behalf.png").stat().st_size > 10_000
