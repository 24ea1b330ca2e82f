"""Salesforce's commerce-sdk-isomorphic (5.x, pinned in tests/js), unchanged, drives a live
shopsite loaded with the demo data, configured exactly as the README's "SCAPI and SLAS"
tells a storefront: ``proxy`` the server's origin, the demo organizationId, shortCode,
public clientId and siteId, the private (trusted) client with its demo secret.

`tests/js/scapi_journey.mjs` logs in through the SDK's own SLAS helpers (guest, registered,
refresh, logout, private guest), calls every Shopper Customers method shopsite serves and
checks their typed results, and reads an OCAPI write through SCAPI and the reverse.
"""

import os
import shutil
import subprocess
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

from shopsite.demo.management.commands import load_demo_data as demo

JS = Path(__file__).resolve().parent / "js"
NODE = shutil.which("node")
SDK_INSTALLED = (JS / "node_modules" / "commerce-sdk-isomorphic").is_dir()

pytestmark = pytest.mark.skipif(
    not (NODE and SDK_INSTALLED) and not os.environ.get("CI"),
    reason="needs node and `npm ci --prefix tests/js`",
)


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("site_id", ["RefArch", "SiteGenesis"])
def test_storefront_journey_through_commerce_sdk_isomorphic(live_server, site_id):
    call_command("load_demo_data", stdout=StringIO())

    result = subprocess.run(
        [
            NODE or "node",
            str(JS / "scapi_journey.mjs"),
            live_server.url,
            demo.DEMO_CLIENT_ID,
            demo.DEMO_TRUSTED_CLIENT_ID,
            demo.DEMO_TRUSTED_CLIENT_SECRET,
            site_id,
        ],
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )

    assert result.returncode == 0, result.stdout + result.stderr
    for step in (
        "loginGuestUser",
        "registerCustomer",
        "loginRegisteredUserB2C",
        "refreshAccessToken",
        "getJwksUri",
        "addresses",
        "payment instruments",
        "getCustomerOrders and getCustomerBaskets",
        "product lists and items",
        "public product lists",
        "OCAPI write read through SCAPI, and the reverse",
        "updateCustomerPassword",
        "loginGuestUserPrivate",
        "getResetPasswordToken and resetPassword",
        "logout",
    ):
        assert f"ok  {step}" in result.stdout, result.stdout
