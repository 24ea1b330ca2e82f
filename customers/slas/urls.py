"""SLAS routes, relative to ``/shopper/auth/v1/organizations/{organizationId}/oauth2/``."""

from django.urls import path

from customers.slas import views

urlpatterns = [
    path("authorize", views.AuthorizeView.as_view(), name="slas-authorize"),
    path("login", views.LoginView.as_view(), name="slas-login"),
    path("token", views.TokenView.as_view(), name="slas-token"),
    path("logout", views.LogoutView.as_view(), name="slas-logout"),
    path("revoke", views.RevokeView.as_view(), name="slas-revoke"),
    path("introspect", views.IntrospectView.as_view(), name="slas-introspect"),
    path("jwks", views.JwksView.as_view(), name="slas-jwks"),
    path(
        ".well-known/openid-configuration",
        views.OpenIdConfigurationView.as_view(),
        name="slas-openid-configuration",
    ),
    path("password/reset", views.PasswordResetView.as_view(), name="slas-password-reset"),
    path("password/action", views.PasswordActionView.as_view(), name="slas-password-action"),
    path(
        "trusted-system/token",
        views.TrustedSystemTokenView.as_view(),
        name="slas-trusted-system-token",
    ),
]
