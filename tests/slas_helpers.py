"""SLAS over HTTP as commerce-sdk-isomorphic's helpers send it: authorize or login (PKCE,
303 with ``code`` and ``usid`` in ``Location``), then token (form-encoded)."""

import base64
import hashlib
import secrets
from urllib.parse import parse_qs, urlencode, urlsplit

ORG = "f_ecom_zzzz_001"
SLAS = f"/shopper/auth/v1/organizations/{ORG}/oauth2"
SCAPI = f"/customer/shopper-customers/v1/organizations/{ORG}"
REDIRECT_URI = "http://localhost:3000/callback"
PRIVATE_SECRET = "private-client-secret"


def pkce() -> tuple[str, str]:
    verifier = secrets.token_urlsafe(64)[:96]
    challenge = base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest())
    return verifier, challenge.decode().rstrip("=")


def basic(name: str, secret: str) -> str:
    return "Basic " + base64.b64encode(f"{name}:{secret}".encode()).decode()


def location_params(response) -> dict:
    assert response.status_code == 303, response.content
    return {k: v[0] for k, v in parse_qs(urlsplit(response["Location"]).query).items()}


def form(http, path: str, body: dict, **extra):
    """A form-encoded POST, as the SDK sends SLAS requests."""
    return http.post(
        path, urlencode(body), content_type="application/x-www-form-urlencoded", **extra
    )


def authorize(http, client_id, challenge, *, site="SiteGenesis", **extra):
    params = {
        "client_id": client_id,
        "redirect_uri": REDIRECT_URI,
        "response_type": "code",
        "hint": "guest",
        "channel_id": site,
        "code_challenge": challenge,
        **extra,
    }
    return http.get(f"{SLAS}/authorize", params)


def token(http, body: dict, **headers):
    return form(http, f"{SLAS}/token", body, **headers)


def exchange(http, client_id, params: dict, verifier: str, site: str) -> dict:
    """The token request the SDK's helpers send after authorize or login."""
    response = token(
        http,
        {
            "grant_type": "authorization_code_pkce",
            "code": params["code"],
            "code_verifier": verifier,
            "client_id": client_id,
            "redirect_uri": REDIRECT_URI,
            "channel_id": site,
            "usid": params["usid"],
        },
    )
    assert response.status_code == 200, response.content
    return response.json()


def guest_login(http, client_id, *, site="SiteGenesis") -> dict:
    verifier, challenge = pkce()
    params = location_params(authorize(http, client_id, challenge, site=site))
    return exchange(http, client_id, params, verifier, site)


def login_request(http, client_id, login, password, challenge, *, site="SiteGenesis"):
    return form(
        http,
        f"{SLAS}/login",
        {
            "client_id": client_id,
            "redirect_uri": REDIRECT_URI,
            "code_challenge": challenge,
            "channel_id": site,
        },
        HTTP_AUTHORIZATION=basic(login, password),
    )


def registered_login(http, client_id, login, password, *, site="SiteGenesis") -> dict:
    verifier, challenge = pkce()
    params = location_params(login_request(http, client_id, login, password, challenge, site=site))
    return exchange(http, client_id, params, verifier, site)
