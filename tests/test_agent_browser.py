"""A real browser (Debian's chromium, driven by Selenium through chromium-driver) does an
agent's job in the admin: finds a customer by phone and an order by its number from the
first page's search box, opens the customer's 360° page, adds a note, acts on behalf of
the customer (using the token it is shown against the Shop API) and reads its own audit
entries. ``.ci/run`` installs the browser; without one locally, skipped."""

import json
import shutil
import urllib.request
from datetime import timedelta

import pytest
from django.contrib.auth.models import User
from django.utils import timezone

from tests.oauth_requests import STAFF_PASSWORD

pytest_plugins = ["tests.fixtures_agents", "tests.fixtures_owned"]

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
CHROMEDRIVER = shutil.which("chromedriver")

pytestmark = pytest.mark.skipif(
    not (CHROMIUM and CHROMEDRIVER), reason="chromium and chromium-driver are not installed"
)


@pytest.fixture
def browser():
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for argument in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage"):
        options.add_argument(argument)
    options.add_argument("--window-size=1280,1000")
    driver = webdriver.Chrome(service=Service(executable_path=CHROMEDRIVER), options=options)
    driver.implicitly_wait(15)  # a shared CI machine can be slow to render
    yield driver
    driver.quit()


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
