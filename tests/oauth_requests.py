"""OAuth requests as an agent tool sends them (form-encoded, HTTP Basic)."""

import base64
from urllib.parse import urlencode

from rest_framework.test import APIClient

STAFF_PASSWORD = "Ag3nt!Passw0rd"
BM_GRANT = "urn:demandware:params:oauth:grant-type:client-id:dwsid:dwsecuretoken"
TOKEN_URL = "/dw/oauth2/access_token"


def basic_of(*parts: str) -> str:
    return "Basic " + base64.b64encode(":".join(parts).encode()).decode()


def form_post(path: str, data: dict, **extra):
    return APIClient().post(
        path, urlencode(data), content_type="application/x-www-form-urlencoded", **extra
    )


def request_user_grant(agent_app, login, password=STAFF_PASSWORD, secret=None, **extra):
    return form_post(
        f"{TOKEN_URL}?client_id={agent_app.client_id}",
        {"grant_type": BM_GRANT},
        HTTP_AUTHORIZATION=basic_of(
            login, password, agent_app.secret if secret is None else secret
        ),
        **extra,
    )
