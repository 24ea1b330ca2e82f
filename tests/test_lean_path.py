"""The lean API path: API requests skip the browser pages' machinery (session, user,
messages, Content-Security-Policy), the admin keeps all of it, and per-process answers
follow setting changes."""

from django.test import Client

from shopsite.api.hooks import Status


def test_an_api_request_carries_no_session_user_or_messages(client, token, customer):
    response = client.call("GET", f"customers/{customer.customer_id}", token=token)

    assert response.status_code == 200
    request = response.wsgi_request
    assert not hasattr(request, "session")
    assert not hasattr(request, "_messages")
    assert not hasattr(request, "csp_nonce")
    assert "Content-Security-Policy" not in response
    # DRF's authentication sets the user; no session-backed lazy user was put there first.
    assert request.user == customer


def test_oauth_requests_take_the_lean_path_too(db):
    response = Client().post("/dw/oauth2/access_token", {})

    assert response.status_code in {400, 401}
    assert not hasattr(response.wsgi_request, "session")


def test_the_admin_keeps_sessions_users_messages_and_csrf(admin_client):
    response = admin_client.get("/admin/")

    assert response.status_code == 200
    request = response.wsgi_request
    assert request.session.session_key
    assert request.user.is_superuser
    assert hasattr(request, "_messages")
    assert "csrftoken" in response.cookies or "csrfmiddlewaretoken" in response.text


def test_the_admin_still_refuses_a_post_without_csrf_token(admin_user):
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(admin_user)

    assert browser.post("/admin/logout/").status_code == 403


def test_a_hook_set_in_settings_after_a_read_runs_on_the_next_read(
    client, token, customer, settings
):
    path = f"customers/{customer.customer_id}"
    assert "c_seen" not in client.call("GET", path, token=token).json()

    settings.OCAPI = {
        **settings.OCAPI,
        "HOOKS": {"dw.ocapi.shop.customer.modifyGETResponse": [f"{__name__}.mark_seen"]},
    }

    assert client.call("GET", path, token=token).json()["c_seen"] is True


def mark_seen(customer, document):
    document["c_seen"] = True
    return Status.ok()
