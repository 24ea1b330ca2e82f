"""The four ways ``POST /customers/auth`` obtains a customer, one small object each.

Each authenticator takes the DRF request and returns the ``Customer`` a token is to be
issued for, or raises the documented fault. They never issue the token themselves: the
view does that once, the same way for all four.
"""

import hmac

from django.contrib.auth.hashers import make_password

from customers import sessions, tokens
from customers.models import Customer
from shopsite.api import faults
from shopsite.api.authentication import MalformedCredentials, basic_credentials


class GuestAuthenticator:
    """``type: guest``: a new anonymous customer of the site."""

    def authenticate(self, request) -> Customer:
        return Customer.objects.create(site=request.site, is_guest=True, preferred_locale="default")


class FailedLogin(faults.AuthenticationFailed):
    """A wrong password for an existing customer: the view counts it once the
    authentication transaction has rolled back (a count inside it would be undone)."""

    def __init__(self, customer: Customer, credential_type: str):
        super().__init__(credentialType=credential_type)
        self.customer = customer


class CredentialsAuthenticator:
    """``type: credentials``: HTTP Basic ``login:password`` of a registered customer.

    Failed attempts are counted on the customer; reaching ``OCAPI["MAX_FAILED_LOGINS"]``
    locks the account for ``OCAPI["LOCKOUT_MINUTES"]`` (or until staff unlock it in the
    admin). A locked or disabled account fails exactly like a wrong password, so the
    response tells an attacker nothing. The count lives in the database, shared by every
    app server; wrong passwords raise ``FailedLogin`` so the view records the failure
    outside the transaction that the 401 rolls back.
    """

    credential_type = "Authorization:Basic header"

    def credentials(self, request) -> tuple[str, str]:
        try:
            credentials = basic_credentials(request)
        except MalformedCredentials:
            raise self.failure() from None
        if credentials is None:
            raise faults.AuthorizationBasicMissing()
        return credentials

    def failure(self) -> faults.OcapiFault:
        return faults.AuthenticationFailed(credentialType=self.credential_type)

    def authenticate(self, request) -> Customer:
        login, password = self.credentials(request)
        customer = Customer.objects.by_login(request.site, login).first()
        if customer is None:
            make_password(password)  # spend the same time as a real check
            raise self.failure()
        if customer.is_locked() or not customer.enabled:
            raise self.failure()
        if not customer.check_password(password):
            raise FailedLogin(customer, self.credential_type)
        customer.record_successful_login()
        return customer


class RefreshAuthenticator:
    """``type: refresh``: a still-valid Bearer token of this client, exchanged for a new one."""

    def authenticate(self, request) -> Customer:
        raw = tokens.bearer_token(request)
        if raw is None:
            raise faults.InvalidAccessToken()
        customer, _ = tokens.authenticate(raw, request.site, request.api_client.client_id)
        return customer


class SessionAuthenticator:
    """``type: session``: the storefront session cookies ``dwsid`` and ``dwsecuretoken_*``.

    Not a real login: profile timestamps are left alone. Every call returns a new token.
    """

    def failure(self) -> faults.OcapiFault:
        return faults.AuthenticationFailed(
            "Customer authentication based on session failed.", credentialType="session"
        )

    def authenticate(self, request) -> Customer:
        session = sessions.load(request)
        if session is None:
            raise self.failure()
        expected = session.get(sessions.SECURE_TOKEN_KEY, "")
        presented = request.COOKIES.get(sessions.secure_cookie_name(request.site), "")
        if not expected or not hmac.compare_digest(expected, presented):
            raise self.failure()
        customer = (
            Customer.objects.for_site(request.site)
            .filter(customer_id=session.get(sessions.CUSTOMER_KEY), enabled=True)
            .first()
        )
        if customer is None or customer.is_locked():
            raise self.failure()
        return customer


AUTHENTICATORS = {
    "guest": GuestAuthenticator(),
    "credentials": CredentialsAuthenticator(),
    "refresh": RefreshAuthenticator(),
    "session": SessionAuthenticator(),
}
