"""Django permissions that govern what an agent (a staff user) may do to customers, through
the Shop API and in the admin. ``create_order_on_behalf_of`` is OCAPI's
``Create_Order_On_Behalf_Of``: acting as the customer with an on-behalf-of token."""

VIEW_CUSTOMER = "customers.view_customer"
CHANGE_CUSTOMER = "customers.change_customer"
ADD_CUSTOMER = "customers.add_customer"
CREATE_ORDER_ON_BEHALF_OF = "customers.create_order_on_behalf_of"
VIEW_ORDER = "customers.view_order"
ADD_CUSTOMER_NOTE = "customers.add_customernote"
VIEW_SITE = "ocapi.view_site"
