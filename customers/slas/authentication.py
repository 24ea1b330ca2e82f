"""Whether a SLAS access token still stands for a shopper: the one check SCAPI and OCAPI
both use, so a SLAS token is honoured the same everywhere, and by the same rules as an
OCAPI customer token (``customers.tokens``): the customer exists on the site and is
enabled, the token was not revoked (logout), and no password change has ended it.
"""

from customers import tokens
from customers.models import Customer
from customers.slas import access_tokens
from customers.slas.access_tokens import InvalidSlasToken, SlasAccessToken


def authenticate(raw: str, site) -> tuple[Customer, SlasAccessToken]:
    """The enabled customer of ``site`` the token names; ``InvalidSlasToken`` otherwise."""
    token = access_tokens.decode(raw)
    if token.site_id != site.site_id:
        raise InvalidSlasToken("token of another site")
    customer = tokens.denylist().token_customer(site, token.customer_id, token["jti"])
    if customer is None or customer.token_revoked or not tokens.is_current(token, customer):
        raise InvalidSlasToken("token no longer honoured")
    return customer, token
