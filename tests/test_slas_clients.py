"""SLAS client settings per API client: the admin and ``create_api_client`` set the client
type and the redirect URIs, checked alike (absolute, no fragment, no wildcard)."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from shopsite.api.models import ApiClient


def test_admin_sets_a_private_client_with_its_redirect_uris(admin_client):
    add = reverse("admin:ocapi_apiclient_add")
    refused = admin_client.post(
        add,
        {"name": "BFF", "is_active": "on", "redirect_uris": "https://shop.example.com/*"},
    )
    assert "Not an absolute URI" in refused.content.decode()
    assert not ApiClient.objects.filter(name="BFF").exists()

    admin_client.post(
        add,
        {
            "name": "BFF",
            "is_active": "on",
            "slas_client_type": "private",
            "redirect_uris": "https://shop.example.com/callback\ncom.example.app:/oauth",
        },
    )
    client = ApiClient.objects.get(name="BFF")
    assert client.is_slas_private
    assert client.listed_redirect_uris == {
        "https://shop.example.com/callback",
        "com.example.app:/oauth",
    }


@pytest.mark.django_db
def test_create_api_client_sets_slas_settings():
    call_command(
        "create_api_client",
        "BFF",
        "--slas-private",
        "--redirect-uri",
        "http://localhost:3000/callback",
        stdout=StringIO(),
    )
    client = ApiClient.objects.get(name="BFF")
    assert client.slas_client_type == ApiClient.SLAS_PRIVATE
    assert client.listed_redirect_uris == {"http://localhost:3000/callback"}
    with pytest.raises(CommandError):
        call_command("create_api_client", "Bad", "--redirect-uri", "/callback", stdout=StringIO())
    assert not ApiClient.objects.filter(name="Bad").exists()
