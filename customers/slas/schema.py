"""SLAS in the OpenAPI schema: the form documents its endpoints read and what they answer
(``customers.slas.views`` reads parameters by hand). Imported by ``customers.schema``."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    inline_serializer,
)
from rest_framework import serializers

from shopsite.api.schema import BASIC, annotate_view

VIEWS = "customers.slas.views"
TEXT = serializers.CharField


def form(name: str, *required: str, **optional) -> serializers.Serializer:
    fields = {field: TEXT() for field in required}
    fields.update({field: TEXT(required=False) for field in optional.get("optional", ())})
    return inline_serializer(name, fields)


def query(*names: str, required=()) -> list[OpenApiParameter]:
    return [
        OpenApiParameter(name, OpenApiTypes.STR, OpenApiParameter.QUERY, required=name in required)
        for name in names
    ]


TOKEN_RESPONSE = inline_serializer(
    "SlasTokenResponse",
    {
        "access_token": TEXT(),
        "id_token": TEXT(),
        "refresh_token": TEXT(),
        "expires_in": serializers.IntegerField(),
        "refresh_token_expires_in": serializers.IntegerField(),
        "token_type": TEXT(),
        "usid": TEXT(),
        "customer_id": TEXT(),
        "enc_user_id": TEXT(),
        "idp_access_token": TEXT(),
    },
)
EMPTY = inline_serializer("SlasEmptyResponse", {})
REDIRECT = OpenApiResponse(
    description="303 to the redirect_uri with code and usid (and state) in its query.",
    response=None,
)
LOCATION = OpenApiParameter("Location", OpenApiTypes.URI, OpenApiParameter.HEADER, response=[303])
JWK = inline_serializer(
    "SlasJwk",
    {name: TEXT() for name in ("kty", "crv", "x", "y", "kid", "use", "alg")},
)
JWKS = inline_serializer("SlasJwks", {"keys": serializers.ListField(child=JWK)})
INTROSPECTION = inline_serializer(
    "SlasIntrospection",
    {
        "active": serializers.BooleanField(),
        "client_id": TEXT(required=False),
        "token_type": TEXT(required=False),
        "sub": TEXT(required=False),
        "exp": serializers.IntegerField(required=False),
        "iat": serializers.IntegerField(required=False),
        "iss": TEXT(required=False),
        "scope": TEXT(required=False),
        "username": TEXT(required=False),
    },
)
OPENID = inline_serializer(
    "SlasOpenIdConfiguration",
    {
        "issuer": TEXT(),
        "authorization_endpoint": TEXT(),
        "token_endpoint": TEXT(),
        "jwks_uri": TEXT(),
        "revocation_endpoint": TEXT(),
        "introspection_endpoint": TEXT(),
        "end_session_endpoint": TEXT(),
        "response_types_supported": serializers.ListField(child=TEXT()),
        "grant_types_supported": serializers.ListField(child=TEXT()),
        "code_challenge_methods_supported": serializers.ListField(child=TEXT()),
        "token_endpoint_auth_methods_supported": serializers.ListField(child=TEXT()),
        "id_token_signing_alg_values_supported": serializers.ListField(child=TEXT()),
        "subject_types_supported": serializers.ListField(child=TEXT()),
    },
)
OPEN = {"slas_security": [{}]}
BASIC_OPTIONAL = {"slas_security": [{BASIC: []}, {}]}
BASIC_REQUIRED = {"slas_security": [{BASIC: []}]}

annotate_view(
    f"{VIEWS}.AuthorizeView",
    attributes={**OPEN, "operation_ids": {"get": "authorizeCustomer"}},
    get=extend_schema(
        summary="Authorize a guest shopper (PKCE): 303 to the redirect URI with code and usid",
        parameters=[
            *query(
                "client_id",
                "redirect_uri",
                "response_type",
                "hint",
                "channel_id",
                "code_challenge",
                "usid",
                "state",
                required=("client_id", "redirect_uri", "response_type"),
            ),
            LOCATION,
        ],
        responses={303: REDIRECT},
    ),
)
annotate_view(
    f"{VIEWS}.LoginView",
    attributes={**BASIC_REQUIRED, "operation_ids": {"post": "authenticateCustomer"}},
    post=extend_schema(
        summary="Log a registered shopper in (HTTP Basic, PKCE): 303 with code and usid",
        request=form(
            "SlasLoginRequest",
            "client_id",
            "redirect_uri",
            "channel_id",
            optional=("code_challenge", "usid"),
        ),
        parameters=[LOCATION],
        responses={303: REDIRECT},
    ),
)
annotate_view(
    f"{VIEWS}.TokenView",
    attributes={**BASIC_OPTIONAL, "operation_ids": {"post": "getAccessToken"}},
    post=extend_schema(
        summary="Get a shopper's access and refresh tokens",
        request=form(
            "SlasTokenRequest",
            "grant_type",
            optional=(
                "client_id",
                "code",
                "code_verifier",
                "redirect_uri",
                "refresh_token",
                "channel_id",
                "usid",
                "dnt",
            ),
        ),
        responses={200: TOKEN_RESPONSE},
    ),
)
annotate_view(
    f"{VIEWS}.LogoutView",
    attributes={
        "slas_security": [{"ShopperToken": []}],
        "operation_ids": {"get": "logoutCustomer"},
    },
    get=extend_schema(
        summary="Log the shopper out: end the session and the access token",
        parameters=query(
            "client_id",
            "refresh_token",
            "channel_id",
            "hint",
            required=("client_id", "refresh_token"),
        ),
        responses={200: EMPTY},
    ),
)
annotate_view(
    f"{VIEWS}.RevokeView",
    attributes={**BASIC_OPTIONAL, "operation_ids": {"post": "revokeToken"}},
    post=extend_schema(
        summary="Revoke a refresh or access token (RFC 7009)",
        request=form("SlasRevokeRequest", "token", optional=("token_type_hint", "client_id")),
        responses={200: EMPTY},
    ),
)
annotate_view(
    f"{VIEWS}.IntrospectView",
    attributes={**BASIC_REQUIRED, "operation_ids": {"post": "introspectToken"}},
    post=extend_schema(
        summary="Introspect a token (RFC 7662)",
        request=form("SlasIntrospectRequest", "token", optional=("token_type_hint",)),
        responses={200: INTROSPECTION},
    ),
)
annotate_view(
    f"{VIEWS}.JwksView",
    attributes={**OPEN, "operation_ids": {"get": "getJwksUri"}},
    get=extend_schema(summary="The public keys verifying access tokens", responses={200: JWKS}),
)
annotate_view(
    f"{VIEWS}.OpenIdConfigurationView",
    attributes={**OPEN, "operation_ids": {"get": "getWellknownOpenidConfiguration"}},
    get=extend_schema(
        summary="The OpenID configuration: endpoints and methods", responses={200: OPENID}
    ),
)
annotate_view(
    f"{VIEWS}.PasswordResetView",
    attributes={**OPEN, "operation_ids": {"post": "getPasswordResetToken"}},
    post=extend_schema(
        summary="Mail a shopper a password reset token",
        request=form(
            "SlasPasswordResetRequest",
            "user_id",
            "channel_id",
            optional=("mode", "client_id", "locale", "code_challenge", "hint"),
        ),
        responses={200: OpenApiResponse(description="The reset mail is on its way.")},
    ),
)
annotate_view(
    f"{VIEWS}.PasswordActionView",
    attributes={**OPEN, "operation_ids": {"post": "shopperLoginResetPassword"}},
    post=extend_schema(
        summary="Set a new password with a reset token",
        request=form(
            "SlasPasswordActionRequest",
            "pwd_action_token",
            "new_password",
            "channel_id",
            optional=("client_id", "code_verifier", "user_id", "hint"),
        ),
        responses={200: OpenApiResponse(description="The password is changed.")},
    ),
)
annotate_view(
    f"{VIEWS}.TrustedSystemTokenView",
    attributes={**BASIC_REQUIRED, "operation_ids": {"post": "getTrustedSystemAccessToken"}},
    post=extend_schema(
        summary="A shopper's tokens on a trusted system's word",
        request=form(
            "SlasTrustedSystemRequest",
            "login_id",
            "channel_id",
            "hint",
            optional=("grant_type", "idp_origin", "client_id", "usid", "dnt"),
        ),
        responses={200: TOKEN_RESPONSE},
    ),
)
annotate_view(
    "agents.slas.TrustedAgentTokenView",
    attributes={
        "slas_security": [{"agentOAuth": []}],
        "operation_ids": {"post": "getTrustedAgentAccessToken"},
    },
    post=extend_schema(
        summary="A shopper's tokens for an agent acting on their behalf",
        request=form(
            "SlasTrustedAgentRequest",
            "client_id",
            "channel_id",
            "login_id",
            optional=("grant_type", "usid", "agent_id", "dnt"),
        ),
        responses={200: TOKEN_RESPONSE},
    ),
)
