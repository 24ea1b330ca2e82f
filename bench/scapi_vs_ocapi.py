"""SLAS and Shopper Customers beside their OCAPI equivalents, in one run.

Same in-process stack and throw-away database as ``bench/api_throughput.py`` (SQLite in
memory, or DATABASE_URL), one line per operation, the two surfaces side by side:

* a guest login: SLAS ``authorize`` (hint=guest, PKCE) + ``token`` (two requests, an ES256
  signature) against OCAPI ``POST /customers/auth {"type": "guest"}`` (one, HS256);
* a token refresh: SLAS ``refresh_token`` (a stored, rotated refresh token) against OCAPI
  ``type: refresh``;
* a customer read: Shopper Customers ``getCustomer`` (addresses and payment instruments
  always embedded) against OCAPI ``GET /customers/{id}`` and its ``expand`` equivalent.

    python bench/scapi_vs_ocapi.py [--requests 300]
"""

import argparse
import base64
import hashlib
import json
import os
import sys
from pathlib import Path
from urllib.parse import parse_qs, urlencode, urlsplit

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "shopsite.settings")
os.environ.setdefault("SECURE_SSL_REDIRECT", "0")
os.environ.setdefault("THROTTLE_CUSTOMER_AUTH", "1000000/minute")

import django

django.setup()

from django.db import connection  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402
from rest_framework.test import APIClient  # noqa: E402

from bench.api_throughput import measure  # noqa: E402

ORG = "f_ecom_zzzz_001"
SLAS = f"/shopper/auth/v1/organizations/{ORG}/oauth2"
SCAPI = f"/customer/shopper-customers/v1/organizations/{ORG}"
OCAPI = "/s/SiteGenesis/dw/shop/v19_5"
REDIRECT_URI = "http://localhost:3000/callback"
VERIFIER = "bench-verifier-" + "x" * 40
CHALLENGE = (
    base64.urlsafe_b64encode(hashlib.sha256(VERIFIER.encode()).digest()).decode().rstrip("=")
)


class Response:
    """The last response of a two-request operation, for ``measure``'s status check."""

    def __init__(self, response):
        self.status_code = response.status_code
        self.content = response.content


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=300, help="requests per operation")
    args = parser.parse_args()

    setup_test_environment()
    old_name = connection.creation.create_test_db(verbosity=0)
    try:
        from customers.models import Customer
        from shopsite.api.models import ApiClient, Site

        Site.objects.create(site_id="SiteGenesis")
        app = ApiClient.objects.create(name="bench", redirect_uris=REDIRECT_URI)
        customer = Customer.objects.create_registered(
            Site.objects.get(), "Bench!Passw0rd", login="bench", email="b@example.com"
        )
        http = APIClient()
        ocapi_headers = {"HTTP_X_DW_CLIENT_ID": app.client_id}

        def slas_guest_login():
            authorize = http.get(
                f"{SLAS}/authorize",
                {
                    "client_id": app.client_id,
                    "redirect_uri": REDIRECT_URI,
                    "response_type": "code",
                    "hint": "guest",
                    "channel_id": "SiteGenesis",
                    "code_challenge": CHALLENGE,
                },
            )
            params = parse_qs(urlsplit(authorize["Location"]).query)
            return Response(
                slas_token(
                    grant_type="authorization_code_pkce",
                    code=params["code"][0],
                    code_verifier=VERIFIER,
                    client_id=app.client_id,
                    redirect_uri=REDIRECT_URI,
                )
            )

        def slas_token(**body):
            return http.post(
                f"{SLAS}/token", urlencode(body), content_type="application/x-www-form-urlencoded"
            )

        def ocapi_post(path, body, **headers):
            return http.post(
                OCAPI + path,
                json.dumps(body),
                content_type="application/json",
                **ocapi_headers,
                **headers,
            )

        ocapi_login = ocapi_post(
            "/customers/auth",
            {"type": "credentials"},
            HTTP_AUTHORIZATION="Basic " + base64.b64encode(b"bench:Bench!Passw0rd").decode(),
        )
        ocapi_token = ocapi_login["Authorization"]
        verifier_login = http.post(
            f"{SLAS}/login",
            urlencode(
                {
                    "client_id": app.client_id,
                    "redirect_uri": REDIRECT_URI,
                    "channel_id": "SiteGenesis",
                    "code_challenge": CHALLENGE,
                }
            ),
            content_type="application/x-www-form-urlencoded",
            HTTP_AUTHORIZATION="Basic " + base64.b64encode(b"bench:Bench!Passw0rd").decode(),
        )
        code = parse_qs(urlsplit(verifier_login["Location"]).query)["code"][0]
        slas = slas_token(
            grant_type="authorization_code_pkce",
            code=code,
            code_verifier=VERIFIER,
            client_id=app.client_id,
            redirect_uri=REDIRECT_URI,
        ).json()
        shopper = f"Bearer {slas['access_token']}"
        refresh = {"token": slas["refresh_token"]}

        def slas_refresh():
            response = slas_token(
                grant_type="refresh_token", refresh_token=refresh["token"], client_id=app.client_id
            )
            refresh["token"] = response.json()["refresh_token"]
            return response

        print(f"database: {connection.vendor}, {args.requests} requests per operation")
        requests = args.requests
        measure("SLAS guest (authorize+token)", requests, slas_guest_login)
        measure(
            "OCAPI guest (customers/auth)",
            requests,
            lambda: ocapi_post("/customers/auth", {"type": "guest"}),
        )
        measure("SLAS refresh_token", requests, slas_refresh)
        measure(
            "OCAPI refresh (customers/auth)",
            requests,
            lambda: ocapi_post(
                "/customers/auth", {"type": "refresh"}, HTTP_AUTHORIZATION=ocapi_token
            ),
        )
        scapi_path = f"{SCAPI}/customers/{customer.customer_id}?siteId=SiteGenesis"
        ocapi_path = f"{OCAPI}/customers/{customer.customer_id}"
        measure(
            "SCAPI getCustomer",
            requests,
            lambda: http.get(scapi_path, HTTP_AUTHORIZATION=shopper),
        )
        measure(
            "OCAPI GET customer (expand)",
            requests,
            lambda: http.get(
                ocapi_path + "?expand=addresses,paymentinstruments",
                HTTP_AUTHORIZATION=ocapi_token,
                **ocapi_headers,
            ),
        )
        measure(
            "OCAPI GET customer, SLAS token",
            requests,
            lambda: http.get(ocapi_path, HTTP_AUTHORIZATION=shopper, **ocapi_headers),
        )
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()
