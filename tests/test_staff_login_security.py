"""Staff logins are the best-defended door (issue 20, item 4): one lockout whichever door
counts the failures, the admin login throttled per client address, a second factor
(TOTP, recovery codes) for every admin login when required and for the OAuth grant when
its setting says so, and the admin actions that unlock and reset, all audited."""

import base64
import re
import subprocess
import sys
import time

import pytest
from django.conf import settings as django_settings
from django.contrib.auth.models import User
from django.test import Client
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice
from rest_framework.throttling import ScopedRateThrottle

from agents.models import StaffLoginState
from shopsite.accounts.models import AgentAuditEntry
from tests.oauth_requests import (
    BM_GRANT,
    STAFF_PASSWORD,
    TOKEN_URL,
    basic_of,
    form_post,
    request_user_grant,
)

pytest_plugins = ["tests.fixtures_agents"]

LOGIN = "/admin/login/"
INDEX = "/admin/"
CUSTOMERS = "/admin/customers/customer/"
ENROL = "/admin/security/mfa/"
VERIFY = "/admin/security/verify/"


def admin_login(browser, username, password=STAFF_PASSWORD):
    return browser.post(LOGIN, {"username": username, "password": password, "next": INDEX})


def logged_in(browser) -> bool:
    return "_auth_user_id" in browser.session


def code_of(device: TOTPDevice, steps_ahead: int = 0) -> str:
    """The code the user's app shows (``steps_ahead`` periods later: a code is accepted
    once, so a second login in the same period uses the next one)."""
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time() + steps_ahead * device.step
    return f"{totp.token():0{device.digits}d}"


def grant_with_code(agent_app, login, code):
    """The OAuth user grant with the ``otp_code`` form parameter."""
    return form_post(
        f"{TOKEN_URL}?client_id={agent_app.client_id}",
        {"grant_type": BM_GRANT, "otp_code": code},
        HTTP_AUTHORIZATION=basic_of(login, STAFF_PASSWORD, agent_app.secret),
    )


def waited(device: TOTPDevice) -> None:
    """As if the user waited out django-otp's own back-off after a wrong code (a second
    after the first; it doubles with each)."""
    device.refresh_from_db()
    device.throttle_reset()


@pytest.fixture
def mfa_required(settings):
    settings.STAFF_MFA_REQUIRED = True


@pytest.fixture
def rate(monkeypatch):
    def set_rate(scope: str, value: str):
        monkeypatch.setattr(
            ScopedRateThrottle,
            "THROTTLE_RATES",
            {**ScopedRateThrottle.THROTTLE_RATES, scope: value},
        )

    return set_rate


@pytest.fixture
def superuser(db):
    return User.objects.create_superuser("root", "root@shop.example", STAFF_PASSWORD)


@pytest.fixture
def root_browser(superuser):
    browser = Client()
    browser.force_login(superuser)
    return browser


# --- one lockout, whichever door -----------------------------------------------------------


def test_failures_on_oauth_lock_the_admin_login(agent_app, agent_user):
    for _ in range(6):
        assert request_user_grant(agent_app, agent_user.username, "wrong").status_code == 400

    browser = Client()
    response = admin_login(browser, agent_user.username)

    assert response.status_code == 200  # the form again, with its error
    assert not logged_in(browser)


def test_failures_on_the_admin_form_lock_the_oauth_grant(agent_app, agent_user):
    browser = Client()
    for _ in range(6):
        admin_login(browser, agent_user.username, "wrong")

    response = request_user_grant(agent_app, agent_user.username)

    assert response.status_code == 400
    assert response.json()["error"] == "invalid_grant"
    assert admin_login(browser, agent_user.username).status_code == 200
    assert not logged_in(browser)


def test_failures_at_both_doors_add_up(agent_app, agent_user):
    browser = Client()
    for _ in range(3):
        admin_login(browser, agent_user.username, "wrong")
        request_user_grant(agent_app, agent_user.username, "wrong")

    assert StaffLoginState.objects.get(user=agent_user).is_locked()
    assert request_user_grant(agent_app, agent_user.username).status_code == 400


def test_a_successful_admin_login_clears_the_count(agent_user):
    browser = Client()
    for _ in range(5):
        admin_login(browser, agent_user.username, "wrong")

    assert admin_login(browser, agent_user.username).status_code == 302
    assert logged_in(browser)
    assert StaffLoginState.objects.get(user=agent_user).failed_login_count == 0


def test_the_admin_login_is_throttled_per_client_address(agent_user, make_staff, rate):
    rate("admin_login", "3/minute")
    other = make_staff("other")
    browser = Client()
    for _ in range(3):
        admin_login(browser, agent_user.username, "wrong")

    # Another user's right password from the same address: refused before any check.
    response = admin_login(browser, other.username)

    assert response.status_code == 429
    assert int(response["Retry-After"]) >= 1
    assert not logged_in(browser)
    assert StaffLoginState.objects.filter(user=other, failed_login_count__gt=0).count() == 0
    # Another address is not held back.
    elsewhere = Client(REMOTE_ADDR="10.0.0.9")
    assert admin_login(elsewhere, other.username).status_code == 302


# --- unlocking -----------------------------------------------------------------------------


def test_a_superuser_unlocks_a_staff_user_and_it_is_audited(agent_app, agent_user, root_browser):
    for _ in range(6):
        request_user_grant(agent_app, agent_user.username, "wrong")

    response = root_browser.post(
        "/admin/auth/user/",
        {"action": "unlock_staff_login", "_selected_action": [agent_user.pk]},
    )

    assert response.status_code == 302
    assert request_user_grant(agent_app, agent_user.username).status_code == 200
    entry = AgentAuditEntry.objects.get(action="staff_security")
    assert entry.agent_login == "root"
    assert "unlocked" in entry.description and agent_user.username in entry.description


def test_the_user_list_shows_who_is_locked_out(agent_app, agent_user, root_browser):
    for _ in range(6):
        request_user_grant(agent_app, agent_user.username, "wrong")

    response = root_browser.get("/admin/auth/user/")

    assert response.status_code == 200
    locked = response.context["cl"].model_admin.login_locked
    assert locked(agent_user) is True


# --- MFA in the admin ----------------------------------------------------------------------


def enrol(browser, user) -> list[str]:
    """Walk through enrolment as the user would; the recovery codes shown."""
    page = browser.get(ENROL)
    assert page.status_code == 200
    assert b"<svg" in page.content  # the QR code, inline
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    shown = page.content.decode()
    secret = re.search(r'id="mfa-secret">([A-Z2-7 ]+)<', shown).group(1)
    key = secret.replace(" ", "")
    assert base64.b32decode(key + "=" * (-len(key) % 8)) == device.bin_key
    response = browser.post(ENROL, {"code": code_of(device), "next": INDEX})
    assert response.status_code == 200, response.content
    return re.findall(r"<li><code>([a-z2-7]+)</code></li>", response.content.decode())


def test_without_a_device_a_required_login_leads_to_enrolment_and_nowhere_else(
    mfa_required, agent_user
):
    browser = Client()
    response = admin_login(browser, agent_user.username)

    assert response.status_code == 302
    for page in (INDEX, CUSTOMERS, "/admin/auth/user/", "/admin/accounts/agentauditentry/"):
        answer = browser.get(page)
        assert answer.status_code == 302
        assert answer["Location"].startswith(ENROL)


def test_enrolment_shows_recovery_codes_once_then_the_admin_opens(mfa_required, agent_user):
    browser = Client()
    admin_login(browser, agent_user.username)

    codes = enrol(browser, agent_user)

    assert len(codes) == 10 and len(set(codes)) == 10
    assert browser.get(CUSTOMERS).status_code == 200
    # Shown once: the page now says how many are left, not which.
    status = browser.get(ENROL).content.decode()
    assert "10 unused recovery codes" in status
    assert not any(code in status for code in codes)
    entry = AgentAuditEntry.objects.get(action="staff_security")
    assert (entry.agent, entry.via) == (agent_user, "admin")
    assert "enrolled" in entry.description


@pytest.fixture
def enrolled(mfa_required, agent_user):
    browser = Client()
    admin_login(browser, agent_user.username)
    codes = enrol(browser, agent_user)
    return TOTPDevice.objects.get(user=agent_user, confirmed=True), codes


def test_the_next_login_asks_for_the_code(enrolled, agent_user):
    device, _ = enrolled
    browser = Client()
    admin_login(browser, agent_user.username)

    assert browser.get(CUSTOMERS)["Location"].startswith(VERIFY)
    wrong = browser.post(VERIFY, {"code": "000000", "next": CUSTOMERS})
    assert wrong.status_code == 200 and b"mfa-error" in wrong.content
    assert browser.get(CUSTOMERS).status_code == 302
    waited(device)

    right = browser.post(VERIFY, {"code": code_of(device, 1), "next": CUSTOMERS})

    assert right.status_code == 302 and right["Location"] == CUSTOMERS
    assert browser.get(CUSTOMERS).status_code == 200


def test_a_code_is_accepted_once(enrolled, agent_user):
    device, _ = enrolled
    first, second = Client(), Client()
    for browser in (first, second):
        admin_login(browser, agent_user.username)
    code = code_of(device, 1)

    assert first.post(VERIFY, {"code": code}).status_code == 302
    assert second.post(VERIFY, {"code": code}).status_code == 200
    assert second.get(INDEX)["Location"].startswith(VERIFY)


def test_a_recovery_code_works_once_and_is_audited(enrolled, agent_user):
    _, codes = enrolled
    first, second = Client(), Client()
    for browser in (first, second):
        admin_login(browser, agent_user.username)

    assert first.post(VERIFY, {"code": codes[0].upper()}).status_code == 302
    assert first.get(CUSTOMERS).status_code == 200
    assert second.post(VERIFY, {"code": codes[0]}).status_code == 200
    assert StaticToken.objects.filter(device__user=agent_user).count() == 9
    assert AgentAuditEntry.objects.filter(description__contains="recovery code").count() == 1


def test_wrong_codes_count_on_the_lockout_and_end_the_session(enrolled, agent_user, agent_app):
    browser = Client()
    admin_login(browser, agent_user.username)  # attempt 1, not cleared before the code
    for _ in range(5):
        browser.post(VERIFY, {"code": "000000"})

    assert not logged_in(browser)
    assert StaffLoginState.objects.get(user=agent_user).is_locked()
    admin_login(browser, agent_user.username)
    assert not logged_in(browser)
    assert request_user_grant(agent_app, agent_user.username).status_code == 400


def test_without_the_setting_a_password_is_enough_for_those_not_enrolled(agent_user):
    browser = Client()
    admin_login(browser, agent_user.username)

    assert browser.get(CUSTOMERS).status_code == 200


def test_without_the_setting_an_enrolled_user_is_still_asked(enrolled, agent_user, settings):
    settings.STAFF_MFA_REQUIRED = False
    browser = Client()
    admin_login(browser, agent_user.username)

    assert browser.get(CUSTOMERS)["Location"].startswith(VERIFY)


def test_a_superuser_resets_a_users_devices_and_it_is_audited(
    enrolled, agent_user, superuser, settings
):
    root_browser = Client()
    admin_login(root_browser, superuser.username)
    codes = enrol(root_browser, superuser)  # the superuser's own second factor first
    assert codes

    response = root_browser.post(
        "/admin/auth/user/", {"action": "reset_mfa_devices", "_selected_action": [agent_user.pk]}
    )

    assert response.status_code == 302
    assert not TOTPDevice.objects.filter(user=agent_user).exists()
    assert not StaticDevice.objects.filter(user=agent_user).exists()
    entry = AgentAuditEntry.objects.get(description__startswith="reset MFA")
    assert entry.agent == superuser and agent_user.username in entry.description
    assert entry.description.endswith(agent_user.username)
    # At the next login the user enrols again.
    browser = Client()
    admin_login(browser, agent_user.username)
    assert browser.get(INDEX)["Location"].startswith(ENROL)


def test_only_superusers_may_reset_devices(agent_user, make_staff):
    from django.contrib.auth.models import Permission

    manager = make_staff("manager", group=False)
    manager.user_permissions.add(
        *Permission.objects.filter(codename__in=["view_user", "change_user"])
    )
    TOTPDevice.objects.create(user=agent_user, name="x", confirmed=True)
    browser = Client()
    browser.force_login(manager)

    listing = browser.get("/admin/auth/user/")
    browser.post(
        "/admin/auth/user/", {"action": "reset_mfa_devices", "_selected_action": [agent_user.pk]}
    )

    assert listing.status_code == 200
    assert "reset_mfa_devices" not in listing.content.decode()
    assert "unlock_staff_login" in listing.content.decode()
    assert TOTPDevice.objects.filter(user=agent_user).exists()
    assert not AgentAuditEntry.objects.exists()


def test_device_keys_are_not_in_the_admin(root_browser):
    assert root_browser.get("/admin/otp_totp/totpdevice/").status_code == 404
    assert root_browser.get("/admin/otp_static/staticdevice/").status_code == 404


# --- MFA on the OAuth user grant -------------------------------------------------------------


@pytest.fixture
def oauth_mfa(settings, agent_user):
    settings.STAFF_MFA_REQUIRED_FOR_OAUTH = True
    return TOTPDevice.objects.create(user=agent_user, name="app", confirmed=True)


def test_the_grant_needs_a_current_code_when_required(agent_app, agent_user, oauth_mfa):
    without = request_user_grant(agent_app, agent_user.username)
    wrong = grant_with_code(agent_app, agent_user.username, "000000")
    recovery = StaticDevice.objects.create(user=agent_user, name="r", confirmed=True)
    recovery.token_set.create(token="abcdefgh")
    with_recovery = grant_with_code(agent_app, agent_user.username, "abcdefgh")
    waited(oauth_mfa)

    right = grant_with_code(agent_app, agent_user.username, code_of(oauth_mfa))

    assert [r.status_code for r in (without, wrong, with_recovery)] == [400, 400, 400]
    assert {r.json()["error"] for r in (without, wrong, with_recovery)} == {"invalid_grant"}
    assert right.status_code == 200, right.content
    assert StaffLoginState.objects.get(user=agent_user).failed_login_count == 0


def test_wrong_codes_on_the_grant_count_on_the_lockout(agent_app, agent_user, oauth_mfa):
    for _ in range(6):
        grant_with_code(agent_app, agent_user.username, "000000")

    assert StaffLoginState.objects.get(user=agent_user).is_locked()
    response = grant_with_code(agent_app, agent_user.username, code_of(oauth_mfa))
    assert response.status_code == 400


def test_by_default_the_grant_needs_no_code(agent_app, agent_user):
    TOTPDevice.objects.create(user=agent_user, name="app", confirmed=True)

    assert request_user_grant(agent_app, agent_user.username).status_code == 200


# --- the settings' defaults ----------------------------------------------------------------


@pytest.mark.parametrize(("debug", "required"), [("0", "True"), ("1", "False")])
def test_mfa_is_required_unless_debug_as_in_the_demo(debug, required):
    program = (
        "import os, django; os.environ['DJANGO_SETTINGS_MODULE'] = 'shopsite.settings'; "
        "from django.conf import settings; "
        "print(settings.STAFF_MFA_REQUIRED, settings.STAFF_MFA_REQUIRED_FOR_OAUTH)"
    )
    env = {"PATH": "/usr/bin:/bin", "DEBUG": debug}
    out = subprocess.run(
        [sys.executable, "-c", program],
        env=env,
        cwd=django_settings.BASE_DIR,
        capture_output=True,
        text=True,
        check=True,
    )

    assert out.stdout.split() == [required, "False"]
