"""``POST /customers/auth/trustedsystem``: a customer JWT on a trusted system's word.

For customers whose credentials live in another system (an identity provider, a call
centre tool): that system has authenticated the customer and asks for a token for the
login. Only an active API client marked trusted, proving it with its secret, may ask; the
token is issued to the public ``client_id`` named in the body (the storefront's), which
is the client that will then use it.
"""

from customers.auth import trusted_login
from customers.serializers.customer import CustomerSerializer
from customers.serializers.password import TrustedSystemAuthRequestSerializer, required
from customers.views.auth import token_header
from shopsite.api import faults
from shopsite.api.authentication import TrustedClientMixin
from shopsite.api.models import ApiClient
from shopsite.api.views import OcapiGenericViewSet

CREDENTIAL_TYPE = "trusted system"


class TrustedSystemAuthViewSet(TrustedClientMixin, OcapiGenericViewSet):
    """Answers like ``POST /customers/auth``: the customer document, the token in the
    ``Authorization: Bearer`` header. A disabled or locked customer, or an unknown login,
    is ``AuthenticationFailedException`` (401), as a failed credentials login is. It counts
    as a login: the profile's last login and visit times move."""

    serializer_class = CustomerSerializer

    def create(self, request, *args, **kwargs):
        auth_request = TrustedSystemAuthRequestSerializer(data=request.data)
        auth_request.is_valid(raise_exception=True)
        data = auth_request.validated_data
        login = required(data.get("login"), faults.MissingLogin())
        client_id = required(
            data.get("client_id"),
            faults.PropertyConstraintViolation(property="client_id", reason="it is required"),
        )
        if not ApiClient.objects.filter(client_id=client_id, is_active=True).exists():
            raise faults.InvalidClientId(
                f"The client id '{client_id}' is not an active API client.", clientId=client_id
            )
        customer = trusted_login(request.site, login)
        if customer is None:
            raise faults.AuthenticationFailed(credentialType=CREDENTIAL_TYPE)
        document = self.get_serializer(customer).data
        return self.document_response(
            document, headers=token_header(customer, request, client_id=client_id)
        )
