"""SLAS trusted agent on behalf of a shopper: ``POST .../oauth2/trusted-agent/token``.

Commerce Cloud's agent proves itself to Account Manager; a shopsite agent proves itself
the way it does for OCAPI: with its OAuth token from ``/dw/oauth2/access_token``
(``Authorization: Bearer``). The rules are OCAPI's on-behalf-of rules, once: an active
staff user holding ``create_order_on_behalf_of`` (``customers.obo``), a registered, enabled
customer (``Customer.can_be_acted_on_behalf_of``), the issuance in the agent audit log.
The SLAS token carries the ``agent`` claim, so every request made with it is checked and
audited like an OCAPI on-behalf-of token (``customers.authentication``).
"""

from rest_framework.response import Response

from agents import tokens
from customers.models import Customer
from customers.permissions import CREATE_ORDER_ON_BEHALF_OF
from customers.slas import access_tokens, grants
from customers.slas.errors import InvalidClient, InvalidRequest, Unauthorized
from customers.slas.views import NO_STORE, SlasView
from shopsite.accounts import audit
from shopsite.accounts.audit import Via
from shopsite.accounts.staff import active_staff_user
from shopsite.api import faults
from shopsite.api.authentication import bearer_token


class TrustedAgentTokenView(SlasView):
    def agent(self, request):
        raw = bearer_token(request)
        if raw is None or not tokens.is_agent_token(raw):
            raise Unauthorized("An agent's OAuth token (Bearer) is required.")
        try:
            token = tokens.verify(raw)
            if token.grant != tokens.USER_GRANT:
                raise faults.InvalidAccessToken()
            user = active_staff_user(token["sub"])
        except faults.OcapiFault:
            raise Unauthorized("Invalid agent token.") from None
        if not user.has_perm(CREATE_ORDER_ON_BEHALF_OF):
            raise Unauthorized("The agent may not act on behalf of shoppers.")
        return user

    def post(self, request, *args, **kwargs):
        user = self.agent(request)
        client = self.named_client(self.param("client_id"))
        if not client.is_active:
            raise InvalidClient("Unknown or inactive client_id.")
        site = self.site(self.param("channel_id"))
        login_id = self.param("login_id", required=True)
        customer = Customer.objects.by_login(site, login_id).first()
        if customer is None or not customer.can_be_acted_on_behalf_of:
            raise InvalidRequest("No registered, enabled shopper has this login_id.")
        usid = self.param("usid") or access_tokens.new_usid()
        agent = {"id": user.pk, "login": user.get_username()}
        document = grants.token_response(customer, site, client.client_id, usid, agent=agent)
        audit.record(
            user=user,
            customer=customer,
            action=audit.OBO_TOKEN,
            via=Via.AGENT_TOKEN,
            site_id=site.site_id,
            client_id=client.client_id,
            method=request.method,
            path=request.path[:512],
            status_code=200,
        )
        return Response(document, headers=NO_STORE)
