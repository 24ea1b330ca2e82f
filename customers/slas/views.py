"""SLAS endpoints under ``/shopper/auth/v1/organizations/{organizationId}/oauth2/``.

What commerce-sdk-isomorphic's helpers send (``helpers.loginGuestUser``,
``loginRegisteredUserB2C``, ``refreshAccessToken``, ``logout``, ``loginGuestUserPrivate``):
``authorize`` (GET, ``redirect: manual``: the code and ``usid`` are read from the
``Location`` of a 303), ``login`` (POST form, HTTP Basic ``login:password``), ``token``
(POST form; a private client's HTTP Basic ``client_id:secret``), ``logout`` (GET, Bearer).

These views only translate: customers, logins, lockout, passwords and reset tokens are the
rules OCAPI uses (``customers.auth``, ``customers.passwords``, ``customers.hooks``);
codes, refresh tokens and access tokens are ``customers.slas``'s. Errors are SLAS's OAuth
error documents (``customers.slas.errors``).
"""

from urllib.parse import urlencode, urlsplit, urlunsplit

from django.db import transaction
from rest_framework.permissions import AllowAny
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from rest_framework.views import APIView

from customers import auth, hooks, tokens
from customers.models import Customer, PasswordResetToken, SlasRefreshToken
from customers.password_reset import default_token_generator
from customers.passwords import reset_password
from customers.slas import access_tokens, authentication, grants, keys
from customers.slas.errors import (
    InvalidClient,
    InvalidGrant,
    InvalidRequest,
    SlasError,
    Unauthorized,
    UnsupportedGrantType,
    slas_exception_handler,
)
from shopsite.api import faults
from shopsite.api.authentication import MalformedCredentials, basic_credentials, bearer_token
from shopsite.api.context import context_cache, resolve_site
from shopsite.api.limits import forbidden_character
from shopsite.api.models import ApiClient
from shopsite.api.parsers import OcapiJSONParser
from shopsite.api.throttling import OcapiScopedRateThrottle
from shopsite.scapi.formats import BoundedFormParser
from shopsite.scapi.schema import ScapiAutoSchema

NO_STORE = {"Cache-Control": "no-store", "Pragma": "no-cache"}


class SlasView(APIView):
    authentication_classes = []
    permission_classes = [AllowAny]
    renderer_classes = [JSONRenderer]
    parser_classes = [BoundedFormParser, OcapiJSONParser]
    throttle_classes = [OcapiScopedRateThrottle]
    throttle_scope = "customer_auth"
    schema = ScapiAutoSchema()

    def get_exception_handler(self):
        return slas_exception_handler

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        if kwargs.get("organization_id") != access_tokens.organization_id():
            raise SlasError("Unknown organizationId.", error="not_found", status=404)

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        for name, value in NO_STORE.items():
            response[name] = value
        return response

    # --- what the views share ---

    def param(self, name: str, *, required: bool = False, source=None) -> str:
        source = source if source is not None else self.request.data
        value = source.get(name) or ""
        if not isinstance(value, str):
            raise InvalidRequest(f"{name} must be a string.")
        problem = forbidden_character(value)
        if problem:
            raise InvalidRequest(f"{name} is malformed: {problem}.")
        if required and not value:
            raise InvalidRequest(f"Required parameter '{name}' is missing.")
        return value

    @staticmethod
    def site(channel_id: str):
        if not channel_id:
            raise InvalidRequest("Required parameter 'channel_id' is missing.")
        return resolve_site(channel_id)

    @staticmethod
    def named_client(client_id: str) -> ApiClient:
        """A client named by id alone (public clients): active, or ``invalid_client``."""
        client = (
            context_cache.get(
                "client", client_id, lambda: ApiClient.objects.filter(client_id=client_id).first()
            )
            if client_id
            else None
        )
        if client is None or not client.is_active:
            raise InvalidClient("Unknown or inactive client_id.")
        return client

    def client(self, client_id: str, *, require_secret: bool = False) -> ApiClient:
        """The calling client: proved by HTTP Basic ``client_id:secret`` when sent (then a
        ``client_id`` parameter must name the same client), else named by ``client_id``.
        A private client must always prove itself."""
        try:
            credentials = basic_credentials(self.request)
        except MalformedCredentials:
            raise InvalidClient("Malformed client credentials.") from None
        if credentials is not None:
            client = ApiClient.authenticated(*credentials)
            if client is None or (client_id and client_id != client.client_id):
                raise InvalidClient("Client authentication failed.")
            return client
        if require_secret:
            raise InvalidClient("Client authentication is required.")
        client = self.named_client(client_id)
        if client.is_slas_private:
            raise InvalidClient("A private client must authenticate with its secret.")
        return client

    @staticmethod
    def check_redirect_uri(client: ApiClient, redirect_uri: str) -> None:
        if not redirect_uri or redirect_uri not in client.listed_redirect_uris:
            raise InvalidRequest("The redirect_uri is not registered for this client.")

    @staticmethod
    def redirect(redirect_uri: str, **params) -> Response:
        scheme, netloc, path, query, fragment = urlsplit(redirect_uri)
        extra = urlencode({name: value for name, value in params.items() if value})
        query = f"{query}&{extra}" if query else extra
        location = urlunsplit((scheme, netloc, path, query, fragment))
        return Response(status=303, headers={"Location": location})

    @staticmethod
    def guest_for_session(site, client: ApiClient, usid: str) -> Customer | None:
        """The guest of a session the client names by ``usid`` (so a returning guest keeps
        its basket), if that session is a guest's of this client and still alive."""
        if not usid or len(usid) > 64:
            return None
        session = (
            SlasRefreshToken.objects.live()
            .filter(
                usid=usid,
                site=site,
                client_id=client.client_id,
                customer__is_guest=True,
                customer__enabled=True,
            )
            .select_related("customer")
            .first()
        )
        return session.customer if session else None


class AuthorizeView(SlasView):
    """``GET authorize``: with ``hint=guest``, a guest session at once (shopsite has no login
    page of its own: registered shoppers use ``login``)."""

    def get(self, request, *args, **kwargs):
        query = request.query_params
        client = self.named_client(self.param("client_id", source=query))
        redirect_uri = self.param("redirect_uri", source=query)
        self.check_redirect_uri(client, redirect_uri)
        if self.param("response_type", source=query) != "code":
            raise InvalidRequest("response_type must be 'code'.")
        if self.param("hint", source=query) != "guest":
            raise InvalidRequest("Only hint=guest is served; registered shoppers use /login.")
        code_challenge = self.param("code_challenge", source=query)
        if not code_challenge and not client.is_slas_private:
            raise InvalidRequest("A public client must send a PKCE code_challenge.")
        site = self.site(self.param("channel_id", source=query))
        usid = self.param("usid", source=query)
        customer = self.guest_for_session(site, client, usid)
        if customer is None:
            customer, usid = Customer.objects.create_guest(site), access_tokens.new_usid()
        code = grants.issue_code(customer, client.client_id, redirect_uri, code_challenge, usid)
        return self.redirect(
            redirect_uri, code=code, usid=usid, state=self.param("state", source=query)
        )


class LoginView(SlasView):
    """``POST login``: a registered shopper's HTTP Basic ``login:password``, checked, counted
    and locked out exactly as OCAPI's credentials login (``customers.auth``)."""

    def post(self, request, *args, **kwargs):
        client = self.named_client(self.param("client_id"))
        redirect_uri = self.param("redirect_uri")
        self.check_redirect_uri(client, redirect_uri)
        code_challenge = self.param("code_challenge")
        if not code_challenge and not client.is_slas_private:
            raise InvalidRequest("A public client must send a PKCE code_challenge.")
        site = self.site(self.param("channel_id"))
        try:
            credentials = basic_credentials(request)
        except MalformedCredentials:
            credentials = None
        if credentials is None:
            raise Unauthorized("Shopper credentials (HTTP Basic) are required.")
        login, password = credentials
        # Counted outside any transaction: the failure's count must outlive the 401.
        customer = auth.finish_login(auth.claim_login(site, login), password)
        if customer is None:
            raise Unauthorized("Customer credentials are not valid.")
        usid = self.param("usid") or access_tokens.new_usid()
        code = grants.issue_code(customer, client.client_id, redirect_uri, code_challenge, usid)
        return self.redirect(redirect_uri, code=code, usid=usid)


class TokenView(SlasView):
    """``POST token``: the grants ``authorization_code_pkce``, ``authorization_code``
    (private clients), ``refresh_token`` and ``client_credentials`` (private clients: a
    guest)."""

    def post(self, request, *args, **kwargs):
        grant_type = self.param("grant_type", required=True)
        handler = {
            "authorization_code_pkce": self.authorization_code_pkce,
            "authorization_code": self.authorization_code,
            "refresh_token": self.refresh_token,
            "client_credentials": self.client_credentials,
        }.get(grant_type)
        if handler is None:
            raise UnsupportedGrantType(f"Unsupported grant_type '{grant_type}'.")
        return Response(handler(), headers=NO_STORE)

    def from_code(self, client: ApiClient, code_verifier: str | None) -> dict:
        code = grants.redeem_code(
            self.param("code", required=True),
            client.client_id,
            self.param("redirect_uri", required=True),
            code_verifier,
        )
        customer = code.customer
        channel_id = self.param("channel_id")
        if channel_id and channel_id != customer.site.site_id:
            raise InvalidGrant("The authorization code was issued for another channel.")
        if not customer.enabled:
            raise InvalidGrant("Invalid authorization code.")
        return grants.token_response(customer, customer.site, client.client_id, code.usid)

    def authorization_code_pkce(self) -> dict:
        client = self.client(self.param("client_id"))
        return self.from_code(client, self.param("code_verifier", required=True))

    def authorization_code(self) -> dict:
        client = self.client(self.param("client_id"), require_secret=True)
        return self.from_code(client, None)

    def refresh_token(self) -> dict:
        client = self.client(self.param("client_id"))
        token = grants.redeem_refresh_token(
            self.param("refresh_token", required=True), client.client_id
        )
        return grants.token_response(
            token.customer,
            token.site,
            client.client_id,
            token.usid,
            family=token.family,
            agent=token.agent,
        )

    def client_credentials(self) -> dict:
        client = self.client(self.param("client_id"), require_secret=True)
        if not client.is_slas_private:
            raise InvalidClient("client_credentials is for private clients.")
        site = self.site(self.param("channel_id"))
        usid = self.param("usid")
        customer = self.guest_for_session(site, client, usid)
        if customer is None:
            customer, usid = Customer.objects.create_guest(site), access_tokens.new_usid()
        return grants.token_response(customer, site, client.client_id, usid)


class LogoutView(SlasView):
    """``GET logout``: ends the session (its refresh tokens) and the access token presented;
    ``hint=all-sessions`` ends every session of the shopper with this client."""

    def get(self, request, *args, **kwargs):
        query = request.query_params
        client = self.named_client(self.param("client_id", source=query))
        raw = bearer_token(request)
        if raw is None:
            raise Unauthorized("The shopper's access token (Bearer) is required.")
        try:
            token = access_tokens.decode(raw)
        except access_tokens.InvalidSlasToken:
            raise Unauthorized("Invalid access token.") from None
        if token.client_id != client.client_id:
            raise Unauthorized("The access token was issued to another client.")
        refresh_token = self.param("refresh_token", required=True, source=query)
        hint = self.param("hint", source=query)
        if hint not in ("", "all-sessions"):
            raise InvalidRequest("hint must be 'all-sessions'.")
        grants.revoke_refresh_token(refresh_token, client.client_id)
        if hint == "all-sessions":
            grants.revoke_sessions_of(token.customer_id, client.client_id)
        tokens.revoke(token)
        return Response({}, headers=NO_STORE)


class RevokeView(SlasView):
    """``POST revoke`` (RFC 7009): a refresh token's session, or an access token."""

    def post(self, request, *args, **kwargs):
        client = self.client(self.param("client_id"))
        raw = self.param("token", required=True)
        if not grants.revoke_refresh_token(raw, client.client_id):
            try:
                token = access_tokens.decode(raw)
            except access_tokens.InvalidSlasToken:
                token = None
            if token is not None and token.client_id == client.client_id:
                tokens.revoke(token)
        # RFC 7009: an unknown token is not an error.
        return Response({}, headers=NO_STORE)


class IntrospectView(SlasView):
    """``POST introspect`` (RFC 7662), for private clients proving their secret."""

    def post(self, request, *args, **kwargs):
        client = self.client(self.param("client_id"), require_secret=True)
        raw = self.param("token", required=True)
        inactive = Response({"active": False}, headers=NO_STORE)
        if access_tokens.looks_like_slas(raw):
            try:
                token = access_tokens.decode(raw)
                site = resolve_site(token.site_id)
                customer, token = authentication.authenticate(raw, site)
            except (access_tokens.InvalidSlasToken, faults.OcapiFault):
                return inactive
            return Response(
                {
                    "active": True,
                    "client_id": token.client_id,
                    "token_type": "Bearer",
                    "sub": token["sub"],
                    "exp": token["exp"],
                    "iat": token["iat"],
                    "iss": token["iss"],
                    "scope": token.payload.get("scp", ""),
                    "username": customer.login or "Guest",
                },
                headers=NO_STORE,
            )
        session = (
            SlasRefreshToken.objects.live()
            .filter(token_digest=grants.digest(raw), client_id=client.client_id)
            .select_related("customer")
            .first()
            if len(raw) <= grants.MAX_SECRET_LENGTH
            else None
        )
        if session is None:
            return inactive
        return Response(
            {
                "active": True,
                "client_id": session.client_id,
                "token_type": "refresh_token",
                "exp": int(session.expires_at.timestamp()),
                "username": session.customer.login or "Guest",
            },
            headers=NO_STORE,
        )


class JwksView(SlasView):
    throttle_scope = None

    def get(self, request, *args, **kwargs):
        keys.signing_key()  # the first request of a fresh install creates one
        return Response({"keys": keys.published()})


class OpenIdConfigurationView(SlasView):
    throttle_scope = None

    def get(self, request, *args, **kwargs):
        base = request.build_absolute_uri(request.path).removesuffix(
            ".well-known/openid-configuration"
        )
        return Response(
            {
                "issuer": access_tokens.issuer(),
                "authorization_endpoint": f"{base}authorize",
                "token_endpoint": f"{base}token",
                "jwks_uri": f"{base}jwks",
                "revocation_endpoint": f"{base}revoke",
                "introspection_endpoint": f"{base}introspect",
                "end_session_endpoint": f"{base}logout",
                "response_types_supported": ["code"],
                "grant_types_supported": [
                    "authorization_code",
                    "authorization_code_pkce",
                    "refresh_token",
                    "client_credentials",
                ],
                "code_challenge_methods_supported": ["S256"],
                "token_endpoint_auth_methods_supported": ["client_secret_basic", "none"],
                "id_token_signing_alg_values_supported": [keys.ALGORITHM],
                "subject_types_supported": ["public"],
            }
        )


class PasswordResetView(SlasView):
    """``POST password/reset``: the reset token OCAPI issues, mailed the way OCAPI mails it
    (``customers.hooks.send_reset_link``). Unknown logins answer the same (no oracle)."""

    throttle_scope = "password_reset"

    def post(self, request, *args, **kwargs):
        self.client(self.param("client_id"))
        site = self.site(self.param("channel_id"))
        user_id = self.param("user_id", required=True)
        mode = self.param("mode") or "email"
        if mode != "email":
            raise InvalidRequest("Only mode=email is served.")
        customer = Customer.objects.by_login(site, user_id).filter(enabled=True).first()
        if customer is None:
            default_token_generator.make_decoy()
        else:
            with transaction.atomic():
                hooks.send_reset_link(customer)
        return Response(status=200)


class PasswordActionView(SlasView):
    """``POST password/action``: a new password with a reset token (``pwd_action_token``),
    the same tokens and rules as OCAPI's ``password/actions/reset``."""

    throttle_scope = "password_reset"

    def post(self, request, *args, **kwargs):
        self.client(self.param("client_id"))
        site = self.site(self.param("channel_id"))
        token = self.param("pwd_action_token", required=True)
        user_id = self.param("user_id")
        row = (
            PasswordResetToken.objects.filter(
                token_hash=PasswordResetToken.digest(token), customer__site=site
            )
            .select_related("customer")
            .first()
            if len(token) <= grants.MAX_SECRET_LENGTH
            else None
        )
        customer = row.customer if row else None
        if customer is not None and user_id and customer.login.lower() != user_id.lower():
            customer = None
        try:
            reset_password(customer, token, self.param("new_password"))
        except (faults.InvalidResetToken, faults.ExpiredResetToken):
            raise InvalidGrant("Invalid or expired password action token.") from None
        except (faults.MissingPassword, faults.InvalidPassword) as error:
            raise InvalidRequest(error.message) from None
        return Response(status=200)


class TrustedSystemTokenView(SlasView):
    """``POST trusted-system/token``: a private client (its secret) logs a registered shopper
    in on its own word: OCAPI's trusted-system rule (``customers.auth.trusted_login``)."""

    def post(self, request, *args, **kwargs):
        client = self.client(self.param("client_id"), require_secret=True)
        if not (client.is_slas_private and client.is_trusted):
            raise InvalidClient("Only a trusted private client may act for shoppers.")
        if self.param("hint") != "ts_ext_on_behalf_of":
            raise InvalidRequest("hint must be 'ts_ext_on_behalf_of'.")
        site = self.site(self.param("channel_id"))
        customer = auth.trusted_login(site, self.param("login_id", required=True))
        if customer is None:
            raise Unauthorized("Customer credentials are not valid.")
        usid = self.param("usid") or access_tokens.new_usid()
        return Response(
            grants.token_response(customer, site, client.client_id, usid, trusted_system=True),
            headers=NO_STORE,
        )
