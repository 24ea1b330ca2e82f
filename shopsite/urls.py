"""Root URLconf: the health check, the admin, the OpenAPI schema and its docs (`/api/`),
OAuth (`/dw/oauth2/`), and the OCAPI Shop API under `/s/{site_id}/dw/shop/{version}/`.

Anything else under `/s/` answers with an OCAPI fault document, never an HTML page.
"""

from csp.constants import SELF, UNSAFE_INLINE
from csp.decorators import csp_replace
from django.contrib import admin
from django.urls import include, path, re_path
from django.views.generic import RedirectView
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from agents import slas as agents_slas
from shopsite import health
from shopsite.api import views as api_views
from shopsite.demo import views as demo_views
from shopsite.scapi import views as scapi_views

# Every resource of the Shop API, under ``/s/{site_id}/dw/shop/{version}/``. Wired here,
# at the top, so that the shared layer (shopsite.api) names no domain app.
shop_api_urlpatterns = [
    re_path(r"^", include("customers.urls")),
    re_path(r"^", include("productlists.urls")),
    re_path(r"^.*$", api_views.ResourcePathNotFoundView.as_view()),
]

# The Swagger UI's page: its script a file of its own (the split view), its styles inline
# and its icons data: URLs, so it loosens only those of the site's Content-Security-Policy.
api_docs = csp_replace({"style-src": [SELF, UNSAFE_INLINE], "img-src": [SELF, "data:"]})(
    SpectacularSwaggerSplitView.as_view(url_name="openapi-schema")
)

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
    path("api/docs/", api_docs, name="openapi-docs"),
    path("dw/oauth2/", include("agents.urls")),
    # Where the demo's reset mail leads (OCAPI_PASSWORD_RESET_URL); 404 without demo data.
    path("reset-password", demo_views.reset_password_page, name="demo-reset-password"),
    re_path(
        r"^s/(?P<site_id>[^/]+)/dw/shop/(?P<version>v19_5|v20_4)/",
        include(shop_api_urlpatterns),
    ),
    re_path(r"^s/", api_views.ResourcePathNotFoundView.as_view()),
    # SCAPI beside OCAPI: SLAS (customers.slas) and Shopper Customers (customers.scapi).
    re_path(
        r"^shopper/auth/v1/organizations/(?P<organization_id>[^/]+)/oauth2/trusted-agent/token$",
        agents_slas.TrustedAgentTokenView.as_view(),
        name="slas-trusted-agent-token",
    ),
    re_path(
        r"^shopper/auth/v1/organizations/(?P<organization_id>[^/]+)/oauth2/",
        include("customers.slas.urls"),
    ),
    re_path(
        r"^customer/shopper-customers/v1/organizations/(?P<organization_id>[^/]+)/",
        include("customers.scapi.urls"),
    ),
    re_path(
        r"^customer/shopper-customers/v1/organizations/(?P<organization_id>[^/]+)/",
        include("productlists.scapi.urls"),
    ),
    re_path(r"^customer/shopper-customers/", scapi_views.ScapiPathNotFoundView.as_view()),
]

# The admin's "View site" link: shopsite serves no storefront of its own (storefronts are
# elsewhere and speak to the API), so there is nothing to link to.
admin.site.site_url = None

# SCAPI and SLAS paths answer in their own documents; every other path as OCAPI's do.
handler400 = "shopsite.scapi.handlers.bad_request"
handler403 = "shopsite.scapi.handlers.permission_denied"
handler404 = "shopsite.scapi.handlers.page_not_found"
handler500 = "shopsite.scapi.handlers.server_error"
