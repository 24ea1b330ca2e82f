"""``PUT /customers/{customer_id}/password``: a registered customer changes its password."""

from customers.hooks import PUT_PASSWORD
from customers.serializers.password import PasswordChangeRequestSerializer
from customers.views.base import CustomerScopedViewSet
from shopsite.api import hooks
from shopsite.api.permissions import IsRegisteredCustomer


class PasswordViewSet(CustomerScopedViewSet):
    """The change itself is the ``dw.ocapi.shop.customer.putPassword`` extension point.

    Its default implementation (``customers.hooks.change_password``) checks the current
    password and Django's validators and answers failures as hook statuses, exactly as the
    documentation's sample shows; a project may replace it. Whatever implementation ran,
    the view then ends every other session of the customer: tokens issued under the old
    password stop working, except the one of this request.

    That token keeps working rather than being replaced by a new one in ``Authorization``:
    the JS SDK (``commercecloud-ocapi-client``) takes a token from response headers only on
    ``POST /customers/auth``, so a storefront built on it would keep sending the old token
    and be signed out right after a successful change. A second change, a password reset
    or an import of a new password ends it too (``Customer.end_all_sessions``).
    """

    hook_prefix = "dw.ocapi.shop.customer.password"
    permission_classes = [IsRegisteredCustomer]
    agent_permissions = None  # the documentation lists customer JWTs only
    # Wrong current passwords do not lock the account (the caller holds a valid token), but
    # guessing it is throttled per customer (``THROTTLE_PASSWORD_CHANGE``).
    throttle_scope = "password_change"
    throttle_per_customer = True

    def update(self, request, *args, **kwargs):
        change = PasswordChangeRequestSerializer(data=request.data)
        change.is_valid(raise_exception=True)
        password_change_request = dict(change.validated_data)
        self.call_hook("beforePUT", self.kwargs[self.customer_url_kwarg], password_change_request)
        customer = self.get_customer(for_update=True)
        hooks.call_hook(PUT_PASSWORD, customer, password_change_request)
        customer.end_all_sessions(keep_jti=request.auth["jti"])
        self.call_hook("afterPUT", customer, password_change_request)
        return self.no_content()
