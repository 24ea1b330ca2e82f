"""The demo as the README promises it: every ``make demo`` prints working credentials,
running it again restores the demo logins, and the reset mail's link leads to a page that
resets the password. ``check --deploy`` refuses the demo's published secret."""

import io
import re
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from django.core.management.base import SystemCheckError
from django.test import Client

from agents.models import StaffLoginState
from customers.models import Customer
from customers.passwords import set_new_password
from customers.reset_mail import password_reset_url
from shopsite.api.models import ApiClient
from shopsite.demo.credentials import (
    DEMO_AGENT_LOGIN,
    DEMO_CLIENT_ID,
    DEMO_PASSWORD,
    DEMO_TRUSTED_CLIENT_ID,
    DEMO_TRUSTED_CLIENT_SECRET,
)
from tests.conftest import OcapiClient, basic
from tests.oauth_requests import BM_GRANT, TOKEN_URL, basic_of, form_post

pytest_plugins = ["tests.fixtures_browser"]
pytestmark = pytest.mark.django_db  # the browser test's own mark (transaction=True) wins


def load_demo() -> str:
    out = io.StringIO()
    call_command("load_demo_data", stdout=out)
    return out.getvalue()


def customer_login(login: str, password: str = DEMO_PASSWORD, site: str = "SiteGenesis"):
    return OcapiClient(DEMO_CLIENT_ID).call(
        "POST",
        "customers/auth",
        {"type": "credentials"},
        headers={"Authorization": basic(login, password)},
        site=site,
    )


def agent_token(password: str = DEMO_PASSWORD):
    """The README's agent curl, with the credentials the demo prints."""
    return form_post(
        f"{TOKEN_URL}?client_id={DEMO_TRUSTED_CLIENT_ID}",
        {"grant_type": BM_GRANT},
        HTTP_AUTHORIZATION=basic_of(DEMO_AGENT_LOGIN, password, DEMO_TRUSTED_CLIENT_SECRET),
    )


# --- stumble 1: fixed demo credentials, printed by every run --------------------------------


def test_every_run_prints_the_trusted_client_and_its_secret():
    first, second = load_demo(), load_demo()

    for output in (first, second):
        assert f"trusted client id: {DEMO_TRUSTED_CLIENT_ID}" in output
        assert f"secret: {DEMO_TRUSTED_CLIENT_SECRET}" in output
        assert f"client id: {DEMO_CLIENT_ID}" in output
    assert ApiClient.objects.filter(client_id=DEMO_TRUSTED_CLIENT_ID, is_trusted=True).count() == 1


def test_the_printed_credentials_get_an_agent_token_and_a_trusted_system_token():
    load_demo()
    load_demo()  # the second run's printout works as well as the first's

    response = agent_token()

    assert response.status_code == 200, response.content
    assert response.json()["token_type"] == "Bearer"
    trusted = OcapiClient(DEMO_CLIENT_ID).call(
        "POST",
        "customers/auth/trustedsystem",
        {"login": "jsmith", "client_id": DEMO_CLIENT_ID},
        headers={"Authorization": basic(DEMO_TRUSTED_CLIENT_ID, DEMO_TRUSTED_CLIENT_SECRET)},
    )
    assert trusted.status_code == 200, trusted.content


def test_a_trusted_client_made_by_an_older_demo_gets_the_fixed_id_and_secret():
    older = ApiClient(name="Demo trusted system", is_trusted=True)
    older.set_new_secret()
    older.save()

    load_demo()

    older.refresh_from_db()
    assert older.client_id == DEMO_TRUSTED_CLIENT_ID
    assert older.check_secret(DEMO_TRUSTED_CLIENT_SECRET)
    assert ApiClient.objects.filter(is_trusted=True).count() == 1


def deploy_check() -> str:
    """What ``manage.py check --deploy`` reports, errors included."""
    out = io.StringIO()
    try:
        call_command("check", "--deploy", stdout=out, stderr=io.StringIO())
    except SystemCheckError as error:
        return str(error)
    return out.getvalue()


def test_the_deploy_check_refuses_the_demo_secret(settings):
    load_demo()
    settings.DEBUG = False

    assert "demo.E001" in deploy_check()

    client = ApiClient.objects.get(client_id=DEMO_TRUSTED_CLIENT_ID)
    client.set_new_secret()
    client.save()
    assert "demo.E001" not in deploy_check()


def test_with_debug_on_the_demo_secret_is_fine(settings):
    load_demo()
    settings.DEBUG = True

    assert "demo.E001" not in deploy_check()


# --- stumble 2: running it again restores the demo logins ------------------------------------


def test_running_again_restores_the_demo_passwords_and_unlocks(settings):
    load_demo()
    jsmith = Customer.objects.get(login="jsmith", site__site_id="SiteGenesis")
    set_new_password(jsmith, "Changed!Passw0rd-1")
    locked = {"failed_login_count": 6, "locked_until": "2999-01-01T00:00:00Z"}
    Customer.objects.filter(login="jdoe").update(enabled=False, **locked)
    agent = User.objects.get(username=DEMO_AGENT_LOGIN)
    agent.set_password("Changed!Passw0rd-2")
    agent.save()
    StaffLoginState.objects.update_or_create(user=agent, defaults=locked)
    assert customer_login("jsmith").status_code == 401
    assert customer_login("jdoe").status_code == 401
    assert agent_token().status_code != 200

    output = load_demo()

    restored = output.split("restored demo logins: ", 1)[1]
    assert "jsmith (SiteGenesis): unlocked, password reset" in restored  # its failed login
    assert "jdoe (SiteGenesis): enabled, unlocked" in restored
    assert "jdoe (RefArch): enabled, unlocked" in restored
    assert f"{DEMO_AGENT_LOGIN}: password reset, unlocked" in restored
    assert "restored" not in load_demo()  # nothing left to restore
    for login in ("jsmith", "jdoe"):
        for site in ("SiteGenesis", "RefArch"):
            assert customer_login(login, site=site).status_code == 200, (login, site)
    assert agent_token().status_code == 200


# --- stumble 3: the reset mail's link leads to a page that resets ----------------------------


def reset_link(login: str = "jsmith", site: str = "SiteGenesis") -> str:
    customer = Customer.objects.get(login=login, site__site_id=site)
    out = io.StringIO()
    call_command("create_reset_token", login, "--site", site, stdout=out)
    token = re.search(r"Reset token for \S+: (\S+)", out.getvalue()).group(1)
    return password_reset_url(customer, token)


def test_the_reset_link_opens_a_page_that_sends_the_token_to_the_api():
    load_demo()
    client = Client()
    link = urlsplit(reset_link(site="SiteGenesis"))
    query = {key: values[0] for key, values in parse_qs(link.query).items()}

    page = client.get(f"{link.path}?{link.query}")

    assert page.status_code == 200
    html = page.content.decode()
    assert f'value="{query["token"]}"' in html and 'value="jsmith"' in html
    assert query["site"] == "SiteGenesis"
    assert '<option value="SiteGenesis" selected>' in html
    form = dict(re.findall(r'data-(client-id|reset-path)="([^"]+)"', html))
    assert form["client-id"] == DEMO_CLIENT_ID
    # What the page's script sends (static/demo/reset_password.js):
    answer = client.post(
        form["reset-path"].replace("{site_id}", "SiteGenesis"),
        {"login": "jsmith", "reset_token": query["token"], "new_password": "Brand!New-Passw0rd"},
        content_type="application/json",
        headers={"x-dw-client-id": form["client-id"]},
    )
    assert answer.status_code == 204, answer.content
    assert customer_login("jsmith", "Brand!New-Passw0rd").status_code == 200
    assert customer_login("jsmith", site="RefArch").status_code == 200  # the other site's


def test_without_the_demo_data_there_is_no_reset_page():
    assert Client().get("/reset-password?login=x&token=y").status_code == 404


@pytest.mark.django_db(transaction=True)
def test_the_reset_mail_link_resets_the_password_in_a_browser(live_server, browser):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    load_demo()
    link = urlsplit(reset_link(site="SiteGenesis"))

    browser.get(f"{live_server.url}{link.path}?{link.query}")
    browser.find_element(By.NAME, "new_password").send_keys("Brand!New-Passw0rd")
    browser.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
    result = browser.find_element(By.ID, "result")
    WebDriverWait(browser, 30).until(lambda _: "changed" in result.text)

    assert "Your password is changed" in result.text
    assert customer_login("jsmith", "Brand!New-Passw0rd").status_code == 200


def test_the_readme_quotes_the_demo_credentials():
    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text()
    agent_curl = readme.split("# an agent token", 1)[1].split("```", 1)[0]

    assert f"client_id={DEMO_TRUSTED_CLIENT_ID}" in agent_curl
    assert f"'{DEMO_AGENT_LOGIN}:{DEMO_PASSWORD}:{DEMO_TRUSTED_CLIENT_SECRET}'" in agent_curl
