"""Shopper Customers routes, relative to
``/customer/shopper-customers/v1/organizations/{organizationId}/``. URL keywords carry
the OCAPI views' names (``customer_id``, ``address_name``...): the views are OCAPI's."""

from django.urls import path

from customers.scapi import views

urlpatterns = [
    path("customers", views.ShopperCustomerViewSet.as_view({"post": "create"})),
    path(
        "customers/password/actions/create-reset-token",
        views.ShopperCreateResetTokenViewSet.as_view({"post": "create"}),
    ),
    path(
        "customers/password/actions/reset",
        views.ShopperResetPasswordViewSet.as_view({"post": "create"}),
    ),
    path(
        "customers/<str:customer_id>",
        views.ShopperCustomerViewSet.as_view({"get": "retrieve", "patch": "partial_update"}),
        name="scapi-customer",
    ),
    path(
        "customers/<str:customer_id>/addresses",
        views.ShopperCustomerAddressViewSet.as_view({"post": "create"}),
    ),
    path(
        "customers/<str:customer_id>/addresses/<str:address_name>",
        views.ShopperCustomerAddressViewSet.as_view(
            {"get": "retrieve", "patch": "partial_update", "delete": "destroy"}
        ),
    ),
    path(
        "customers/<str:customer_id>/payment-instruments",
        views.ShopperCustomerPaymentInstrumentViewSet.as_view({"post": "create"}),
    ),
    path(
        "customers/<str:customer_id>/payment-instruments/<str:payment_instrument_id>",
        views.ShopperCustomerPaymentInstrumentViewSet.as_view(
            {"get": "retrieve", "patch": "partial_update", "delete": "destroy"}
        ),
    ),
    path(
        "customers/<str:customer_id>/baskets",
        views.ShopperCustomerBasketsViewSet.as_view({"get": "list"}),
    ),
    path(
        "customers/<str:customer_id>/orders",
        views.ShopperCustomerOrdersViewSet.as_view({"get": "list"}),
    ),
    path(
        "customers/<str:customer_id>/password",
        views.ShopperPasswordViewSet.as_view({"put": "update"}),
    ),
]
