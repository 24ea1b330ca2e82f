"""Every resource of the Shop API, under ``/s/{site_id}/dw/shop/{version}/``."""

from django.urls import include, re_path

from shopsite.api.views import ResourcePathNotFoundView

urlpatterns = [
    re_path(r"^", include("customers.urls")),
    re_path(r"^", include("productlists.urls")),
    re_path(r"^.*$", ResourcePathNotFoundView.as_view()),
]
