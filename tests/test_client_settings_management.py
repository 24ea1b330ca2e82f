"""Managing clients' OCAPI settings documents: the admin's editor and validation, the
``ocapi_settings import``/``export`` command, and the document syntax they both refuse."""

import io
import json
import re

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from shopsite.api.models import ApiClient
from tests.adminforms import admin_form_data

RESOURCES = [
    {
        "resource_id": "/customers/*/addresses",
        "methods": ["get", "post"],
        "read_attributes": "(**)",
        "write_attributes": "(address_id,city,c_*)",
        "cache_time": 0,
    },
    {"resource_id": "/customers/auth", "methods": ["post"]},
]


def change_url(client):
    return reverse("admin:ocapi_apiclient_change", args=[client.pk])


def submit_settings(admin_client, client, text):
    data = admin_form_data(admin_client.get(change_url(client)))
    data["ocapi_settings"] = text
    return admin_client.post(change_url(client), data)


def form_errors(response) -> list[str]:
    return response.context["adminform"].form.errors.get("ocapi_settings", [])


# --- admin ---------------------------------------------------------------------------------


def test_the_admin_stores_a_pasted_document(admin_client, api_client_app):
    pasted = {
        "client_id": api_client_app.client_id,
        "allowed_origins": ["https://www.example.com"],
        "resources": RESOURCES,
    }

    response = submit_settings(admin_client, api_client_app, json.dumps(pasted))

    assert response.status_code == 302
    api_client_app.refresh_from_db()
    assert api_client_app.ocapi_settings == {
        "allowed_origins": ["https://www.example.com"],
        "resources": RESOURCES,
    }
    page = admin_client.get(change_url(api_client_app)).content.decode()
    assert "/customers/*/addresses" in page


@pytest.mark.parametrize(
    ("text", "error"),
    [
        ("{not json", "Enter a valid JSON."),
        ('{"resources": [{"resource_id": "customers", "methods": ["get"]}]}', "resource_id"),
        ('{"resources": [{"resource_id": "/customers", "methods": ["fetch"]}]}', "methods"),
        ('{"resources": [{"resource_id": "/a/b*", "methods": ["get"]}]}', "resource_id"),
        (
            '{"resources": [{"resource_id": "/customers", "methods": ["get"], '
            '"read_attributes": "(name,"}]}',
            "read_attributes",
        ),
        (
            '{"resources": [{"resource_id": "/customers", "methods": ["get"], '
            '"cache_time": 86401}]}',
            "cache_time",
        ),
        ('{"resources": [], "allowed_origins": ["shop.example.com"]}', "allowed_origins[0]"),
        ('{"resources": [], "response_headers": {"Set-Cookie": "x"}}', "set by the API"),
        ('{"resources": [], "response_headers": {"x-a": "b\\r\\nX: y"}}', "printable"),
        ('{"client_id": "someone-else", "resources": []}', "client_id"),
        ('{"resources": [], "resorces": []}', "unknown properties: resorces"),
        ('["not", "an", "object"]', "must be an object"),
        ("[" * 100000 + "]" * 100000, "nested too deeply"),
    ],
)
def test_a_bad_document_is_a_form_error(admin_client, api_client_app, text, error):
    response = submit_settings(admin_client, api_client_app, text)

    assert response.status_code == 200
    assert any(error in message for message in form_errors(response)), form_errors(response)
    api_client_app.refresh_from_db()
    assert api_client_app.ocapi_settings is None


def test_clearing_the_document_allows_everything_again(admin_client, api_client_app):
    api_client_app.ocapi_settings = {"resources": []}
    api_client_app.save()

    response = submit_settings(admin_client, api_client_app, "")

    assert response.status_code == 302
    api_client_app.refresh_from_db()
    assert api_client_app.ocapi_settings is None


def test_a_new_client_takes_the_documents_client_id_and_shows_its_secret_once(admin_client, db):
    document = {"client_id": "bbbbbbbb-bbbb-bbbb-bbbb-bbbbbbbbbbbb", "resources": RESOURCES}

    response = admin_client.post(
        reverse("admin:ocapi_apiclient_add"),
        {"name": "Migrated", "is_active": "on", "ocapi_settings": json.dumps(document)},
    )

    assert response.status_code == 200
    client = ApiClient.objects.get(name="Migrated")
    assert client.client_id == document["client_id"]
    assert client.ocapi_settings == {"resources": RESOURCES}
    page = response.content.decode()
    secret = re.search(r'<code class="client-secret"[^>]*>([^<]+)</code>', page).group(1)
    assert client.check_secret(secret)


def test_a_new_client_cannot_take_an_existing_client_id(admin_client, api_client_app):
    document = {"client_id": api_client_app.client_id, "resources": []}

    response = admin_client.post(
        reverse("admin:ocapi_apiclient_add"),
        {"name": "Copy", "is_active": "on", "ocapi_settings": json.dumps(document)},
    )

    assert response.status_code == 200
    assert any("another client's id" in message for message in form_errors(response))
    assert not ApiClient.objects.filter(name="Copy").exists()


def test_the_list_shows_which_clients_have_a_document(admin_client, api_client_app):
    ApiClient.objects.create(name="Restricted", ocapi_settings={"resources": []})

    page = admin_client.get(reverse("admin:ocapi_apiclient_changelist")).content.decode()

    cells = re.findall(r'<td class="field-has_settings"><img src="[^"]*icon-(\w+)\.svg', page)
    assert sorted(cells) == ["no", "yes"]


# --- import / export ---------------------------------------------------------------------------


def run(*args) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command("ocapi_settings", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def write(tmp_path, document, name="settings.json"):
    path = tmp_path / name
    path.write_text(document if isinstance(document, str) else json.dumps(document))
    return str(path)


@pytest.fixture
def two_clients(db):
    return (
        ApiClient.objects.create(name="Web", client_id="web-client"),
        ApiClient.objects.create(name="App", client_id="app-client"),
    )


def business_manager_document(*client_ids):
    return {
        "_v": "19.5",
        "clients": [
            {
                "client_id": client_id,
                "allowed_origins": [f"https://{client_id}.example.com"],
                "resources": RESOURCES,
            }
            for client_id in client_ids
        ],
    }


def test_import_matches_clients_by_client_id(tmp_path, two_clients):
    web, app = two_clients
    document = business_manager_document("web-client")

    output, _ = run("import", write(tmp_path, document))

    assert "1 updated" in output
    web.refresh_from_db()
    app.refresh_from_db()
    assert web.ocapi_settings == {
        "allowed_origins": ["https://web-client.example.com"],
        "resources": RESOURCES,
    }
    assert app.ocapi_settings is None  # not in the file: left alone
    assert "1 unchanged" in run("import", write(tmp_path, document))[0]


def test_export_then_import_is_a_round_trip(tmp_path, two_clients):
    run("import", write(tmp_path, business_manager_document("web-client", "app-client")))
    exported, _ = run("export")
    ApiClient.objects.all().delete()

    output, _ = run("import", "--create", write(tmp_path, exported))

    assert "2 created" in output
    assert run("export")[0] == exported
    assert json.loads(exported) == {
        "_v": "19.5",
        "clients": sorted(
            business_manager_document("web-client", "app-client")["clients"],
            key=lambda client: client["client_id"],
        ),
    }
    imported = ApiClient.objects.get(client_id="web-client")
    assert imported.settings.rule_for("/customers/x/addresses", "POST", "19.5") is not None


def test_export_names_clients_and_adds_the_fields_origins(tmp_path, two_clients):
    web, _ = two_clients
    run("import", write(tmp_path, business_manager_document("web-client", "app-client")))
    web.refresh_from_db()
    web.allowed_origins = "https://old.example.com"
    web.save()

    exported = json.loads(run("export", "web-client")[0])

    assert [client["client_id"] for client in exported["clients"]] == ["web-client"]
    assert exported["clients"][0]["allowed_origins"] == [
        "https://web-client.example.com",
        "https://old.example.com",
    ]


def test_export_skips_clients_without_a_document(two_clients, tmp_path):
    output_file = tmp_path / "out.json"

    _, errors = run("export", "--output", str(output_file))

    assert json.loads(output_file.read_text()) == {"_v": "19.5", "clients": []}
    assert "web-client (Web): no settings document" in errors


@pytest.mark.parametrize(
    ("document", "message"),
    [
        ("{", "not a JSON document"),
        ({"clients": {}}, '"clients" must be a list'),
        ({"clients": [{"resources": []}]}, "clients[0].client_id"),
        (
            {"clients": [{"client_id": "web-client"}, {"client_id": "web-client"}]},
            "listed twice",
        ),
        (
            {
                "clients": [
                    {"client_id": "web-client", "resources": []},
                    {"client_id": "app-client", "resources": [{"resource_id": "/x"}]},
                ]
            },
            "clients[1].resources[0].methods",
        ),
    ],
)
def test_a_bad_file_changes_nothing(tmp_path, two_clients, document, message):
    with pytest.raises(CommandError, match=re.escape(message)):
        run("import", write(tmp_path, document))

    assert not ApiClient.objects.exclude(ocapi_settings=None).exists()


def test_unknown_client_ids_need_create(tmp_path, two_clients):
    path = write(tmp_path, business_manager_document("web-client", "new-client"))

    with pytest.raises(CommandError, match="new-client"):
        run("import", path)
    assert not ApiClient.objects.exclude(ocapi_settings=None).exists()

    run("import", "--create", path)
    created = ApiClient.objects.get(client_id="new-client")
    assert created.name == "Imported new-client"
    assert not created.secret_hash


def test_a_missing_file(tmp_path, db):
    with pytest.raises(CommandError, match="No such file"):
        run("import", str(tmp_path / "nope.json"))
