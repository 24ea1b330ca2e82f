"""OAuth 2.0 of a Commerce Cloud instance: ``/dw/oauth2/...``."""

from django.urls import path

from agents.views import AccessTokenView, RevokeView

urlpatterns = [
    path("access_token", AccessTokenView.as_view(), name="oauth-access-token"),
    path("revoke", RevokeView.as_view(), name="oauth-revoke"),
]
