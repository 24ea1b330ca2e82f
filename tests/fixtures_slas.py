"""Fixtures of the SLAS and SCAPI tests (``pytest_plugins``): a public SLAS client with the
test redirect URI, and a private (trusted) one with a known secret."""

import pytest
from django.contrib.auth.hashers import make_password

from shopsite.api.models import ApiClient
from tests.slas_helpers import PRIVATE_SECRET, REDIRECT_URI


@pytest.fixture
def public_client(db):
    return ApiClient.objects.create(
        name="PWA", slas_client_type=ApiClient.SLAS_PUBLIC, redirect_uris=REDIRECT_URI
    )


@pytest.fixture
def private_client(db):
    client = ApiClient(
        name="BFF",
        slas_client_type=ApiClient.SLAS_PRIVATE,
        is_trusted=True,
        redirect_uris=REDIRECT_URI,
    )
    client.secret_hash = make_password(PRIVATE_SECRET)
    client.save()
    return client
