"""Routes of the Customers resource, relative to ``/s/{site_id}/dw/shop/{version}/``.

Fixed paths (``customers/auth``, ``customers/password_reset`` ...) come before
``customers/<customer_id>`` so that they are never taken for a customer id.
"""

from django.urls import path

from customers.views.auth import CustomerAuthViewSet
from customers.views.customer import CustomerViewSet
from customers.views.sessions import SessionView

urlpatterns = [
    path("customers", CustomerViewSet.as_view({"post": "create"}), name="customers"),
    path(
        "customers/auth",
        CustomerAuthViewSet.as_view({"post": "create", "delete": "destroy"}),
        name="customers-auth",
    ),
    path(
        "customers/<str:customer_id>",
        CustomerViewSet.as_view({"get": "retrieve", "patch": "partial_update"}),
        name="customer",
    ),
    path("sessions", SessionView.as_view(), name="sessions"),
]
