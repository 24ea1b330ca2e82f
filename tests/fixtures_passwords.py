"""Fixtures of the password, hook and trusted-system tests (``pytest_plugins``).

Kept out of conftest.py: they are only needed by these modules.
"""

from contextlib import ExitStack
from dataclasses import dataclass

import pytest

from shopsite.api import hooks
from shopsite.api.models import ApiClient
from tests.conftest import basic


@pytest.fixture
def register_hook():
    """``register_hook(extension_point, func)``: a hook that is registered for one test."""
    with ExitStack() as stack:

        def register(extension_point, func):
            stack.enter_context(hooks.registry.registered(extension_point, func))
            return func

        yield register


@pytest.fixture
def hook_calls(monkeypatch):
    """Every extension point a request reaches, with its arguments, in order.

    Records at ``shopsite.api.hooks.call_hook``, through which every view runs its hooks,
    so points with no implementation are seen too.
    """
    calls = []
    original = hooks.call_hook

    def recording(extension_point, *args):
        calls.append((extension_point, args))
        return original(extension_point, *args)

    monkeypatch.setattr(hooks, "call_hook", recording)
    return calls


@dataclass
class TrustedClient:
    client: ApiClient
    secret: str

    @property
    def client_id(self) -> str:
        return self.client.client_id

    @property
    def authorization(self) -> str:
        return basic(self.client.client_id, self.secret)


def make_client(name: str, *, trusted: bool, active: bool = True) -> TrustedClient:
    client = ApiClient(name=name, is_trusted=trusted, is_active=active)
    secret = client.set_new_secret()
    client.save()
    return TrustedClient(client, secret)


@pytest.fixture
def make_api_client(db):
    """``make_api_client(name, trusted=..., active=True)``: an API client with its secret."""
    return make_client


@pytest.fixture
def trusted(db):
    """An active API client marked trusted, with its secret."""
    return make_client("Identity provider", trusted=True)
