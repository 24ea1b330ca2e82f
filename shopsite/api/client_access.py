"""Enforcing a client's settings document on a request, for every API view alike.

``OcapiViewMixin`` calls these three at fixed points, so no resource can forget them:

- ``check_resource_access`` once the client is known, before authentication (OCAPI checks
  the client's permissions first): a resource or method the document does not grant is
  403 ``ClientAccessForbiddenException``.
- ``check_write_attributes`` once the request document is parsed: a property outside the
  entry's ``write_attributes`` is refused whole, nothing is written. The fault is
  ``ClientAccessForbiddenException`` too: OCAPI documents no property-level fault, and this
  is the settings document refusing this client, not a malformed value (a 400 would tell
  the storefront to fix its input, when only the merchant's settings can allow it).
- ``shape_response`` on the way out: trims the document to ``read_attributes`` (never
  ``_v``/``_type``, never a fault), sets ``Cache-Control: max-age`` from ``cache_time`` for
  successful reads, adds the document's ``response_headers``.

A client without a document keeps every permission, and its responses are untouched.
"""

import re

from shopsite.api import faults, selection
from shopsite.api.renderers import version_number

RESOURCE_PATH = re.compile(r"^/s/[^/]+/dw/shop/v\d+_\d+(/.*)$")
READ_METHODS = frozenset({"GET", "HEAD"})


def resource_path(request) -> str:
    """The path OCAPI's ``resource_id`` patterns are matched against: after the version."""
    match = RESOURCE_PATH.match(request.path_info)
    return match[1].rstrip("/") if match else request.path_info


def check_resource_access(request) -> None:
    """Find the entry granting this call (``request.client_rule``) or refuse it."""
    client = request.api_client
    settings = client.settings
    request.client_rule = None
    if settings is None:
        return
    path = resource_path(request)
    rule = settings.rule_for(path, request.method, version_number(request.version))
    if rule is None:
        raise faults.ClientAccessForbidden(
            f"The client id '{client.client_id}' may not {request.method} '{path}': its "
            "settings do not allow it.",
            clientId=client.client_id,
        )
    request.client_rule = rule


def check_write_attributes(request) -> None:
    rule = getattr(request, "client_rule", None)
    if rule is None or rule.write.selects_all:
        return
    refused = rule.write.first_unselected(request.data)
    if refused:
        client_id = request.api_client.client_id
        raise faults.ClientAccessForbidden(
            f"The client id '{client_id}' may not write the property '{refused}' here: it is "
            "outside the write_attributes of its settings.",
            clientId=client_id,
        )


def shape_response(request, response) -> None:
    settings = getattr(getattr(request, "api_client", None), "settings", None)
    if settings is None:
        return
    for name, value in settings.response_headers:
        response[name] = value
    rule = getattr(request, "client_rule", None)
    if rule is None or not 200 <= response.status_code < 300:
        return
    data = getattr(response, "data", None)
    if isinstance(data, dict) and data.get("_type") != "fault":
        response.data = rule.read.trim(data, kept_meta=selection.meta_everywhere)
    if rule.cache_time and request.method in READ_METHODS:
        # "private": these are a customer's documents, fetched with the customer's token;
        # a shared cache must never hand them to anyone else.
        response["Cache-Control"] = f"max-age={rule.cache_time}, private"
        del response["Expires"]
