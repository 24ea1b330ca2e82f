"""The admin's pages carry a strict Content-Security-Policy (issue 20, item 6); the JSON
API none; the Swagger UI its own. The real browser checks the pages obey it
(``tests/test_agent_browser.py``)."""

import re

from django.test import Client

pytest_plugins = ["tests.fixtures_agents"]


def directives(response) -> dict[str, str]:
    policy = response["Content-Security-Policy"]
    return dict(part.strip().split(" ", 1) for part in policy.split(";"))


def test_the_admin_login_page_has_a_strict_policy(db):
    policy = directives(Client().get("/admin/login/"))

    assert policy["default-src"] == "'self'"
    assert policy["script-src"].startswith("'self'")
    assert "'unsafe-inline'" not in policy["script-src"] + policy["style-src"]
    assert policy["object-src"] == "'none'" and policy["frame-ancestors"] == "'none'"


def assert_inline_code_carries_the_nonce(page) -> list[str]:
    """Every inline ``<script>`` and ``<style>`` of ``page`` carries the nonce its policy
    names, and no element has a ``style`` attribute (no nonce can allow one). Returns the
    inline blocks' attributes."""
    found = re.search(r"'nonce-([^']+)'", page["Content-Security-Policy"])
    html = page.content.decode()
    scripts = re.findall(r"<script([^>]*)>", html)
    inline = [attributes for attributes in scripts if "src=" not in attributes]
    inline += re.findall(r"<style([^>]*)>", html)
    for attributes in inline:
        assert found and f'nonce="{found.group(1)}"' in attributes, attributes
    assert 'style="' not in html
    return inline


def test_the_act_on_behalf_page_runs_only_its_own_files(agent_user, customer, agent_app):
    browser = Client()
    browser.force_login(agent_user)

    page = browser.post(
        f"/admin/customers/customer/{customer.pk}/act-on-behalf/",
        {"client_id": agent_app.client_id},
    )

    assert page.status_code == 200
    assert assert_inline_code_carries_the_nonce(page) == []
    assert re.search(r'<script[^>]*src="[^"]*act_on_behalf\.js"', page.content.decode())


def test_inline_styles_carry_the_pages_nonce(admin_client, agent_app):
    page = admin_client.get(f"/admin/ocapi/apiclient/{agent_app.client.pk}/change/")

    assert page.status_code == 200
    assert assert_inline_code_carries_the_nonce(page)


def test_api_answers_carry_no_page_policy(client):
    response = client.call("POST", "customers/auth", {"type": "guest"})

    assert response.status_code == 200
    assert "Content-Security-Policy" not in response


def test_the_api_docs_have_their_own_policy(db):
    policy = directives(Client().get("/api/docs/"))

    assert policy["default-src"] == "'self'"
    assert policy["script-src"] == "'self'"
    assert "data:" in policy["img-src"]
