"""``POST /customers/password/actions/create_reset_token`` and ``.../actions/reset``.

The hook-free reset of later OCAPI versions, for storefronts that send their own mail:
a trusted system asks for a token and delivers it however it likes, the storefront's
reset page sends it back with the new password. As documented, neither runs hooks.
"""

from rest_framework.response import Response

from customers.models import Customer
from customers.password_reset import default_token_generator
from customers.passwords import reset_password
from customers.serializers.password import (
    ResetPasswordRequestSerializer,
    ResetPasswordTokenRequestSerializer,
    ResetPasswordTokenResultSerializer,
    required,
)
from shopsite.api import faults
from shopsite.api.authentication import TrustedClientMixin
from shopsite.api.views import OcapiGenericViewSet


class CreateResetTokenViewSet(TrustedClientMixin, OcapiGenericViewSet):
    """Answers the token itself, so only a trusted API client may ask (its secret in HTTP
    Basic): with a public client id anyone could take over any account. Being trusted, it
    learns whether a login exists (``LoginNotFoundException``)."""

    token_generator = default_token_generator

    def create(self, request, *args, **kwargs):
        token_request = ResetPasswordTokenRequestSerializer(data=request.data)
        token_request.is_valid(raise_exception=True)
        login = required(token_request.validated_data.get("login"), faults.MissingLogin())
        customer = Customer.objects.by_login(request.site, login).first()
        if customer is None:
            raise faults.LoginNotFound(login=login)
        issued = self.token_generator.make_token(customer)
        result = ResetPasswordTokenResultSerializer({"customer": customer, "issued": issued})
        return Response(result.data)


class ResetPasswordViewSet(OcapiGenericViewSet):
    """The token is the credential here, so the client id is enough (a storefront's reset
    page calls this). A wrong login fails exactly like a wrong token, so the endpoint
    does not reveal which logins exist; throttled like the other reset requests."""

    authentication_classes = []
    permission_classes = []
    throttle_scope = "password_reset"

    def create(self, request, *args, **kwargs):
        reset = ResetPasswordRequestSerializer(data=request.data)
        reset.is_valid(raise_exception=True)
        data = reset.validated_data
        login = required(data.get("login"), faults.MissingLogin())
        token = required(
            data.get("reset_token"),
            faults.InvalidResetToken("The password reset token is missing."),
        )
        new_password = required(data.get("new_password"), faults.MissingPassword())
        customer = Customer.objects.by_login(request.site, login).first()
        reset_password(customer, token, new_password)
        return self.no_content()
