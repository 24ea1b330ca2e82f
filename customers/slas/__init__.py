"""SLAS, the Shopper Login and API Access Service: the second way shoppers get tokens,
beside OCAPI's ``POST /customers/auth`` (``customers.tokens``), over the same customers,
lockout and passwords (``customers.auth``)."""
