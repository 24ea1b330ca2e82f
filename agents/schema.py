"""OAuth 2.0 (``/dw/oauth2/``) in the OpenAPI schema: form parameters in, RFC 6749 and
RFC 7009 documents out (see ``shopsite.api.schema``)."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    inline_serializer,
)
from rest_framework import serializers

from agents.oauth import BM_USER_GRANT, CLIENT_CREDENTIALS_GRANT
from shopsite.api.schema import annotate_view

annotate_view(
    "agents.views.AccessTokenView",
    post=extend_schema(
        summary="Obtain an OAuth token: an agent's (Basic login:password:client_secret, "
        "client_id in the query) or a client's (client_credentials, Basic id:secret)",
        parameters=[
            OpenApiParameter(
                "client_id",
                OpenApiTypes.STR,
                description="The API client of an agent's token (Business Manager grant).",
            )
        ],
        request={
            "application/x-www-form-urlencoded": inline_serializer(
                "access_token_request",
                {"grant_type": serializers.ChoiceField([BM_USER_GRANT, CLIENT_CREDENTIALS_GRANT])},
            )
        },
        responses={
            200: inline_serializer(
                "access_token",
                {
                    "access_token": serializers.CharField(),
                    "token_type": serializers.ChoiceField(["Bearer"]),
                    "expires_in": serializers.IntegerField(),
                    "scope": serializers.CharField(),
                },
            )
        },
    ),
)

annotate_view(
    "agents.views.RevokeView",
    post=extend_schema(
        summary="Revoke an OAuth token (RFC 7009; Basic client_id:secret of its client)",
        request={
            "application/x-www-form-urlencoded": inline_serializer(
                "revoke_request", {"token": serializers.CharField()}
            )
        },
        responses={200: OpenApiResponse(description="Revoked, or was not valid.")},
    ),
)
