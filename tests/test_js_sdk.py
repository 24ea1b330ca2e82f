"""The published `commercecloud-ocapi-client` SDK, unchanged, drives a live shopsite.

`tests/js/sdk_journey.mjs` is a storefront journey (guest, register, login, profile,
address book, payment instrument, a tokenized card, expand, every product list method with
the typed models it returns, orders, password change via method override that keeps the
changing session and ends another device's, logout, a fault) written against
the SDK's own API; `make test` installs the SDK with `npm ci`. Without Node the test is
skipped locally, but never in CI.
"""

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from productlists.models import Product
from shopsite.api.models import ApiClient, Site

JS = Path(__file__).resolve().parent / "js"
NODE = shutil.which("node")
SDK_INSTALLED = (JS / "node_modules" / "commercecloud-ocapi-client").is_dir()

pytestmark = pytest.mark.skipif(
    not (NODE and SDK_INSTALLED) and not os.environ.get("CI"),
    reason="needs node and `npm ci --prefix tests/js`",
)


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("version", ["v20_4", "v19_5"])
def test_storefront_journey_through_the_js_sdk(live_server, version):
    Site.objects.create(site_id="SiteGenesis")
    app = ApiClient.objects.create(name="PWA storefront")
    Product.objects.create(
        product_id="008884303989",
        name="Fitted Shirt",
        price="49.99",
        currency="USD",
        stock_level=7,
        image_urls=["https://cdn.example.com/shirt.jpg"],
    )
    base = f"{live_server.url}/s/SiteGenesis/dw/shop/{version}"

    result = subprocess.run(
        [NODE or "node", str(JS / "sdk_journey.mjs"), base, app.client_id],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )

    assert result.returncode == 0, result.stdout + result.stderr
    assert "ok  delete item and product list" in result.stdout
    assert "ok  tokenized card: ************4444" in result.stdout
    assert "ok  same session after password change" in result.stdout
    assert "ok  other session ended by password change" in result.stdout
    assert "ok  fault document on a wrong password" in result.stdout
