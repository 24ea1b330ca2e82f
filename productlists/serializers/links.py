"""Absolute links between documents (``items_link``, ``product_details_link``, address
links), built from the request so that they name the host, site and version it used."""

from urllib.parse import quote


def shop_url(request, *segments: str) -> str:
    """``https://host/s/{site}/dw/shop/{version}/segment/...``, each segment URL-quoted."""
    path = "/".join(quote(segment, safe="") for segment in segments)
    return request.build_absolute_uri(f"/s/{request.site.site_id}/dw/shop/{request.version}/{path}")


def customer_url(request, customer, *segments: str) -> str:
    return shop_url(request, "customers", customer.customer_id, *segments)
