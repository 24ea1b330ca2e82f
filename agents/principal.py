"""The principal behind an agent token, as DRF's ``request.user``."""

from django.utils.functional import cached_property


class Agent:
    """A staff user acting through an API client, or an API client acting alone
    (client credentials: ``user`` is ``None`` and no permission is granted).

    What an agent may do is the user's Django permissions (``has_perms``); the permission
    classes of ``shopsite.api.permissions`` ask, never the views.
    """

    is_authenticated = True
    is_anonymous = False
    is_agent = True
    is_guest = False

    def __init__(self, api_client, user=None):
        self.api_client = api_client
        self.user = user

    @property
    def pk(self) -> str:
        # Throttles key on ``request.user.pk``: never the same as a customer's.
        return f"agent:{self.user.pk}" if self.user else f"client:{self.api_client.client_id}"

    @cached_property
    def login(self) -> str:
        return self.user.get_username() if self.user else self.api_client.client_id

    def has_perms(self, perms) -> bool:
        return self.user is not None and self.user.has_perms(perms)

    def __str__(self):
        return f"agent {self.login}"
