"""``POST /sessions``: exchange a customer JWT for storefront session cookies.

The Shop API's bridge from an API login to a storefront session; the cookies it sets are
what ``POST /customers/auth`` with ``type: session`` accepts. Only a customer's own token
opens a session: cookies made from an on-behalf-of token would outlive the agent's token
and carry no agent (``customers.obo``).
"""

from customers import sessions
from shopsite.api.permissions import IsCustomerThemselves
from shopsite.api.views import OcapiAPIView


class SessionView(OcapiAPIView):
    permission_classes = [IsCustomerThemselves]

    def post(self, request, *args, **kwargs):
        response = self.no_content()
        sessions.start(request.user, response)
        return response
