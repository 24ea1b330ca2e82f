"""The SCAPI (B2C Commerce API) surface, beside ``shopsite.api`` (OCAPI): what every
SCAPI view shares. A SCAPI resource is its OCAPI view with ``ScapiViewMixin`` in front:
the same queries, rules, hooks and resource states, answered in SCAPI's names (camelCase),
paging (``offset``/``limit``/``total``) and errors (RFC 7807 problem details)."""

#: Where SCAPI's Shopper Customers and SLAS are served (shopsite/urls.py).
SCAPI_PREFIX = "/customer/shopper-customers/"
SLAS_PREFIX = "/shopper/auth/"
