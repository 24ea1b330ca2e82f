"""The four ways ``POST /customers/auth`` obtains a customer, one small object each.

Each authenticator takes the DRF request and returns the ``Customer`` a token is to be
issued for, or raises the documented fault. They never issue the token themselves: the
view does that once, the same way for all four.
"""

import hmac

from customers import sessions, tokens
from customers.models import Customer
from shopsite.accounts.passwords import spend_password_check
from shopsite.api import faults
from shopsite.api.authentication import MalformedCredentials, basic_credentials


class Authenticator:
    """``prepare`` runs before the request's transaction (its writes outlive a fault);
    ``authenticate`` inside it."""

    def prepare(self, request) -> None:
        pass


class GuestAuthenticator(Authenticator):
    """``type: guest``: a new anonymous customer of the site."""

    def authenticate(self, request) -> Customer:
        return Customer.objects.create(site=request.site, is_guest=True, preferred_locale="default")


class CredentialsAuthenticator(Authenticator):
    """``type: credentials``: HTTP Basic ``login:password`` of a registered customer.

    Attempts are counted on the customer before its password is checked
    (``Customer.claim_login_attempt``); reaching ``OCAPI["MAX_FAILED_LOGINS"]`` locks the
    account for ``OCAPI["LOCKOUT_MINUTES"]`` (or until staff unlock it in the admin). The
    count is taken in ``prepare``, outside the request's transaction, so the 401 that
    rolls the request back keeps it. An unknown login, a locked or disabled account and a
    wrong password fail alike and each cost one password hash: neither the response nor
    its timing tells an attacker which logins exist.
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

    def prepare(self, request) -> None:
        login, password = self.credentials(request)
        customer = Customer.objects.by_login(request.site, login).first()
        if customer is not None and not customer.claim_login_attempt():
            customer = None  # locked or disabled: no password check for it
        request.login_attempt = (customer, password)

    def authenticate(self, request) -> Customer:
        customer, password = request.login_attempt
        if customer is None:
            spend_password_check(password)
            raise self.failure()
        if not customer.check_password(password):
            raise self.failure()
        customer.record_successful_login()
        return customer


class RefreshAuthenticator(Authenticator):
    """``type: refresh``: a still-valid Bearer token of this client, exchanged for a new one."""

    def authenticate(self, request) -> Customer:
        raw = tokens.bearer_token(request)
        if raw is None:
            raise faults.InvalidAccessToken()
        customer, _ = tokens.authenticate(raw, request.site, request.api_client.client_id)
        return customer


class SessionAuthenticator(Authenticator):
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
