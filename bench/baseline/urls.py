"""The baseline's URLs, under ``/bare/`` (nothing of shopsite is routed here)."""

from django.urls import path

from bench.baseline import views

urlpatterns = [
    path("bare/customers/<str:customer_id>", views.CustomerView.as_view()),
    path("bare/customers/<str:customer_id>/expanded", views.CustomerExpandedView.as_view()),
    path("bare/customers/<str:customer_id>/addresses", views.AddressListView.as_view()),
    path("bare/<str:site_id>/auth/guest", views.GuestTokenView.as_view()),
    path("bare/<str:site_id>/auth/guest-rate-limited", views.RateLimitedGuestTokenView.as_view()),
    path("bare/<str:site_id>/auth/credentials", views.CredentialsTokenView.as_view()),
    path("bare/<str:site_id>/auth/refresh", views.RefreshTokenView.as_view()),
]
