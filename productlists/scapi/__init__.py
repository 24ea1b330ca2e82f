"""A customer's product lists and their items in Shopper Customers (SCAPI): the OCAPI views
(``productlists.views``) behind ``customers.scapi.base.ShopperViewMixin``."""
