"""Shopper Customers (SCAPI) over the customers domain: each view is the OCAPI view of the
same resource with ``ShopperViewMixin`` in front (``shopsite.scapi``), so validation,
ownership, hooks, resource states, lockout and card encryption are the same code."""
