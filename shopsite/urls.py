"""Root URLconf: the health check, the admin, the OpenAPI schema and its docs (`/api/`),
OAuth (`/dw/oauth2/`), and the OCAPI Shop API under `/s/{site_id}/dw/shop/{version}/`.

Anything else under `/s/` answers with an OCAPI fault document, never an HTML page.
"""

from django.contrib import admin
from django.urls import include, path, re_path
from django.views.generic import RedirectView
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView

from shopsite import health
from shopsite.api import views as api_views

# Every resource of the Shop API, under ``/s/{site_id}/dw/shop/{version}/``. Wired here,
# at the top, so that the shared layer (shopsite.api) names no domain app.
shop_api_urlpatterns = [
    re_path(r"^", include("customers.urls")),
    re_path(r"^", include("productlists.urls")),
    re_path(r"^.*$", api_views.ResourcePathNotFoundView.as_view()),
]

urlpatterns = [
    path("healthz", health.healthz, name="healthz"),
    # The agent audit log moved from the agents app to shopsite.accounts (one table, kept):
    # its old admin addresses still lead to it.
    re_path(
        r"^admin/agents/agentauditentry/(?P<rest>.*)$",
        RedirectView.as_view(
            url="/admin/accounts/agentauditentry/%(rest)s", permanent=True, query_string=True
        ),
    ),
    path("admin/", admin.site.urls),
    # shopsite's OpenAPI 3 schema and its docs (shopsite.api.schema); public, no client id.
    path("api/schema/", SpectacularAPIView.as_view(), name="openapi-schema"),
    path(
        "api/docs/", SpectacularSwaggerView.as_view(url_name="openapi-schema"), name="openapi-docs"
    ),
    path("dw/oauth2/", include("agents.urls")),
    re_path(
        r"^s/(?P<site_id>[^/]+)/dw/shop/(?P<version>v19_5|v20_4)/",
        include(shop_api_urlpatterns),
    ),
    re_path(r"^s/", api_views.ResourcePathNotFoundView.as_view()),
]

# The admin's "View site" link: shopsite serves no storefront of its own (storefronts are
# elsewhere and speak to the API), so there is nothing to link to.
admin.site.site_url = None

handler400 = "shopsite.api.views.bad_request"
handler403 = "shopsite.api.views.permission_denied"
handler404 = "shopsite.api.views.page_not_found"
handler500 = "shopsite.api.views.server_error"
