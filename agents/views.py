"""``POST /dw/oauth2/access_token`` and ``POST /dw/oauth2/revoke``: OAuth 2.0 as a Commerce
Cloud instance serves it, outside the ``/s/{site}/`` prefix (a token is not per site).

These answer OAuth documents (RFC 6749, RFC 7009), not OCAPI ones: agent tools expect
``{"error": ..., "error_description": ...}`` here.
"""

from rest_framework import exceptions, status
from rest_framework.parsers import FormParser
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from rest_framework.views import APIView

from agents import oauth, tokens
from shopsite.api import faults
from shopsite.api.throttling import OcapiScopedRateThrottle

NO_STORE_HEADERS = {"Cache-Control": "no-store", "Pragma": "no-cache"}


class OAuthView(APIView):
    authentication_classes = []
    permission_classes = []
    parser_classes = [FormParser]
    renderer_classes = [JSONRenderer]
    throttle_classes = [OcapiScopedRateThrottle]  # atomic, as on the Shop API
    throttle_scope = "oauth"

    def handle_exception(self, exc):
        if isinstance(exc, oauth.OAuthError):
            error = exc
        elif isinstance(exc, exceptions.Throttled):
            error = oauth.OAuthError("slow_down", "Too many requests.", 429)
        elif isinstance(exc, exceptions.MethodNotAllowed):
            error = oauth.OAuthError("invalid_request", "Use POST.", 405)
        elif isinstance(exc, exceptions.UnsupportedMediaType):
            error = oauth.invalid_request("Send application/x-www-form-urlencoded parameters.")
        elif isinstance(exc, exceptions.ParseError):
            error = oauth.invalid_request("The request body could not be parsed.")
        else:
            return super().handle_exception(exc)
        response = Response(error.as_document(), status=error.status)
        if error.status == status.HTTP_401_UNAUTHORIZED:
            response["WWW-Authenticate"] = 'Basic realm="oauth"'
        if isinstance(exc, exceptions.Throttled) and exc.wait:
            response["Retry-After"] = str(int(exc.wait))
        return response

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        for name, value in NO_STORE_HEADERS.items():
            response[name] = value
        return response

    def form_value(self, name: str) -> str:
        value = self.request.data.get(name, "")
        return oauth.clean(value if isinstance(value, str) else "")


class AccessTokenView(OAuthView):
    def post(self, request):
        grant = oauth.grant_for(self.form_value("grant_type"))
        token = grant.token(request)
        return Response(
            {
                "access_token": str(token),
                "token_type": "Bearer",
                "expires_in": token.expires_in,
                "scope": token["scope"],
            }
        )


class RevokeView(OAuthView):
    """RFC 7009: the client that a token was issued to revokes it (Basic ``id:secret``).
    Unknown or already invalid tokens answer 200 too, as the RFC asks."""

    def post(self, request):
        client_id, secret = oauth.basic_header(request)
        client = oauth.authenticated_client(client_id, secret)
        raw = self.form_value("token")
        if not raw:
            raise oauth.invalid_request("The token parameter is required.")
        try:
            token = tokens.verify(raw)
        except faults.OcapiFault:
            return Response(status=status.HTTP_200_OK)
        if token.client_id != client.client_id:
            raise invalid_client_for_token()
        tokens.revoke(token)
        return Response(status=status.HTTP_200_OK)


def invalid_client_for_token() -> oauth.OAuthError:
    return oauth.OAuthError("invalid_client", "The token was issued to another client.", 401)
