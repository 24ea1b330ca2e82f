"""``POST /customers/auth`` (obtain a token) and ``DELETE /customers/auth`` (revoke it)."""

from rest_framework.permissions import AllowAny

from customers import tokens
from customers.auth import AUTHENTICATORS
from customers.serializers.auth import AuthRequestSerializer
from customers.serializers.customer import CustomerSerializer
from shopsite.api.permissions import IsCustomer
from shopsite.api.views import OcapiGenericViewSet


def token_header(customer, request, *, client_id: str | None = None) -> dict:
    """The ``Authorization: Bearer`` response header with a new token for ``customer``,
    issued to the request's client unless another (public) ``client_id`` is named."""
    client_id = client_id or request.api_client.client_id
    return {"Authorization": f"Bearer {tokens.issue(customer, client_id)}"}


class CustomerAuthViewSet(OcapiGenericViewSet):
    """Runs outside the request transaction so that a failed login's count (taken by the
    authenticator's ``prepare``) is kept although the request answers 401; hooks and the
    authentication itself are one transaction when a hook is implemented. Without hooks
    there is nothing to roll back together: a guest login is one INSERT, a login's record
    one UPDATE."""

    atomic_requests = False
    hook_prefix = "dw.ocapi.shop.auth"
    serializer_class = CustomerSerializer
    throttle_scope = "customer_auth"

    def get_permissions(self):
        return [IsCustomer()] if self.action == "destroy" else [AllowAny()]

    def get_throttles(self):
        return super().get_throttles() if self.action == "create" else []

    def perform_authentication(self, request):
        # POST reads its own Authorization header (Basic or Bearer, per type); only
        # DELETE authenticates the usual way.
        if self.action == "create":
            self.resolve_request_context(request)
        else:
            super().perform_authentication(request)

    def create(self, request, *args, **kwargs):
        auth_request = AuthRequestSerializer(data=request.data)
        auth_request.is_valid(raise_exception=True)
        auth_type = auth_request.validated_data["type"]
        authenticator = AUTHENTICATORS[auth_type]
        authenticator.prepare(request)
        with self.hooks_transaction("POST"):
            self.call_hook("beforePOST", request.headers.get("Authorization", ""), auth_type)
            customer = authenticator.authenticate(request)
            self.call_hook("afterPOST", customer, auth_type)
            document = self.get_serializer(customer).data
            self.call_hook("modifyPOSTResponse", customer, document, auth_type)
        return self.document_response(document, headers=token_header(customer, request))

    def destroy(self, request, *args, **kwargs):
        tokens.revoke(request.auth)
        return self.no_content()
