"""shopsite's URLs plus ``/bare/...``: the baseline the benchmark compares against."""

from django.urls import include, path

from bench.loadsite import bare

urlpatterns = [
    path("bare/customers/<str:customer_id>", bare.CustomerView.as_view()),
    path("bare/customers/<str:customer_id>/expanded", bare.CustomerExpandedView.as_view()),
    path("bare/customers/<str:customer_id>/addresses", bare.AddressListView.as_view()),
    path("", include("shopsite.urls")),
]
