"""Routes of the Customers resource, relative to ``/s/{site_id}/dw/shop/{version}/``.

Fixed paths (``customers/auth``, ``customers/password_reset`` ...) come before
``customers/<customer_id>`` so that they are never taken for a customer id.
"""

from django.urls import path

from customers.views.addresses import CustomerAddressViewSet
from customers.views.auth import CustomerAuthViewSet
from customers.views.customer import CustomerViewSet
from customers.views.on_behalf import CustomerOnBehalfAuthViewSet
from customers.views.orders import CustomerBasketsViewSet, CustomerOrdersViewSet
from customers.views.password import PasswordViewSet
from customers.views.password_actions import CreateResetTokenViewSet, ResetPasswordViewSet
from customers.views.password_reset import CustomerPasswordResetViewSet, PasswordResetViewSet
from customers.views.payment_instruments import CustomerPaymentInstrumentViewSet
from customers.views.sessions import SessionView
from customers.views.trusted_system import TrustedSystemAuthViewSet

urlpatterns = [
    path("customers", CustomerViewSet.as_view({"post": "create"}), name="customers"),
    path(
        "customers/auth",
        CustomerAuthViewSet.as_view({"post": "create", "delete": "destroy"}),
        name="customers-auth",
    ),
    path(
        "customers/auth/trustedsystem",
        TrustedSystemAuthViewSet.as_view({"post": "create"}),
        name="customers-auth-trustedsystem",
    ),
    path(
        "customers/password_reset",
        PasswordResetViewSet.as_view({"post": "create"}),
        name="customers-password-reset",
    ),
    path(
        "customers/password/actions/create_reset_token",
        CreateResetTokenViewSet.as_view({"post": "create"}),
        name="customers-password-create-reset-token",
    ),
    path(
        "customers/password/actions/reset",
        ResetPasswordViewSet.as_view({"post": "create"}),
        name="customers-password-reset-action",
    ),
    path(
        "customers/<str:customer_id>",
        CustomerViewSet.as_view({"get": "retrieve", "patch": "partial_update"}),
        name="customer",
    ),
    path(
        "customers/<str:customer_id>/auth",
        CustomerOnBehalfAuthViewSet.as_view({"post": "create"}),
        name="customer-auth",
    ),
    path(
        "customers/<str:customer_id>/addresses",
        CustomerAddressViewSet.as_view({"get": "list", "post": "create"}),
        name="customer-addresses",
    ),
    path(
        "customers/<str:customer_id>/addresses/<str:address_name>",
        CustomerAddressViewSet.as_view(
            {"get": "retrieve", "patch": "partial_update", "delete": "destroy"}
        ),
        name="customer-address",
    ),
    path(
        "customers/<str:customer_id>/payment_instruments",
        CustomerPaymentInstrumentViewSet.as_view({"get": "list", "post": "create"}),
        name="customer-payment-instruments",
    ),
    path(
        "customers/<str:customer_id>/payment_instruments/<str:payment_instrument_id>",
        CustomerPaymentInstrumentViewSet.as_view({"get": "retrieve", "delete": "destroy"}),
        name="customer-payment-instrument",
    ),
    path(
        "customers/<str:customer_id>/baskets",
        CustomerBasketsViewSet.as_view({"get": "list"}),
        name="customer-baskets",
    ),
    path(
        "customers/<str:customer_id>/orders",
        CustomerOrdersViewSet.as_view({"get": "list"}),
        name="customer-orders",
    ),
    path(
        "customers/<str:customer_id>/password",
        PasswordViewSet.as_view({"put": "update"}),
        name="customer-password",
    ),
    path(
        "customers/<str:customer_id>/password_reset",
        CustomerPasswordResetViewSet.as_view({"post": "create"}),
        name="customer-password-reset",
    ),
    path("sessions", SessionView.as_view(), name="sessions"),
]
