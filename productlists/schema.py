"""Product lists in the OpenAPI schema: ``expand``, and the unpaged results the views
build by hand (see ``shopsite.api.schema``)."""

from drf_spectacular.utils import extend_schema

from productlists.serializers.lists import CustomerProductListSerializer
from productlists.serializers.product import CatalogProductSerializer
from productlists.serializers.purchases import CustomerProductListItemPurchaseSerializer
from productlists.views.base import EXPAND_VALUES
from productlists.views.products import EXPAND_VALUES as PRODUCT_EXPAND_VALUES
from shopsite.api.schema import annotate_view, expand_parameter, result_document

VIEWS = "productlists.views"
EXPAND = expand_parameter(*sorted(EXPAND_VALUES))

annotate_view(
    f"{VIEWS}.lists.CustomerProductListViewSet",
    attributes={"pagination_class": None},
    list=extend_schema(
        summary="Get the customer's product lists",
        parameters=[EXPAND],
        responses={
            200: result_document("customer_product_list_result", CustomerProductListSerializer)
        },
    ),
    create=extend_schema(summary="Create a product list"),
    retrieve=extend_schema(summary="Get a product list", parameters=[EXPAND]),
    partial_update=extend_schema(summary="Update a product list"),
    destroy=extend_schema(summary="Delete a product list with its items"),
)

annotate_view(
    f"{VIEWS}.items.CustomerProductListItemViewSet",
    list=extend_schema(summary="Get the items of a product list", parameters=[EXPAND]),
    create=extend_schema(summary="Add an item to a product list"),
    retrieve=extend_schema(summary="Get a product list item", parameters=[EXPAND]),
    partial_update=extend_schema(summary="Update a product list item"),
    destroy=extend_schema(summary="Delete a product list item"),
)

annotate_view(
    f"{VIEWS}.purchases.CustomerProductListItemPurchaseViewSet",
    attributes={"pagination_class": None},
    list=extend_schema(
        summary="Get the purchases of a product list item",
        responses={
            200: result_document(
                "customer_product_list_item_purchase_result",
                CustomerProductListItemPurchaseSerializer,
            )
        },
    ),
    create=extend_schema(summary="Record a purchase of a product list item"),
    retrieve=extend_schema(summary="Get a purchase"),
    partial_update=extend_schema(summary="Update a purchase"),
)

annotate_view(
    f"{VIEWS}.products.ProductViewSet",
    retrieve=extend_schema(
        summary="Get a product of the catalogue",
        parameters=[expand_parameter(*sorted(PRODUCT_EXPAND_VALUES))],
        responses={200: CatalogProductSerializer},
    ),
)
