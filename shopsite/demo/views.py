"""The demo's password reset page: where the demo's reset mail leads.

A storefront owns its reset page; the demo has no storefront, so without this page the
link in the reset mail (``OCAPI_PASSWORD_RESET_URL``, ``http://localhost:8000/reset-password``
by default) would be a 404. The page does what a storefront's page does: its form sends
the login, the token from the link and the new password to the Shop API's
``POST /customers/password/actions/reset`` with the demo's public client id
(``static/demo/reset_password.js``). It is served only while the demo client exists, i.e.
on a database loaded with the demo data.
"""

from django.http import Http404
from django.shortcuts import render
from django.views.decorators.http import require_safe

from shopsite.api.models import ApiClient, Site
from shopsite.demo.credentials import DEMO_CLIENT_ID

#: The API path the page's form posts to, for a site id.
RESET_PATH = "/s/{site_id}/dw/shop/v19_5/customers/password/actions/reset"


@require_safe
def reset_password_page(request):
    if not ApiClient.objects.filter(client_id=DEMO_CLIENT_ID, is_active=True).exists():
        raise Http404("the demo data is not loaded")
    sites = list(Site.objects.filter(is_online=True).values_list("site_id", flat=True))
    wanted = request.GET.get("site", "")
    return render(
        request,
        "demo/reset_password.html",
        {
            "login": request.GET.get("login", ""),
            "token": request.GET.get("token", ""),
            "sites": sites,
            "site": wanted if wanted in sites else (sites[0] if sites else ""),
            "client_id": DEMO_CLIENT_ID,
            "reset_path": RESET_PATH.format(site_id="{site_id}"),
        },
    )
