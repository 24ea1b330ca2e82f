"""Public product lists in Shopper Customers: ``getPublicProductListsBySearchTerm``,
``getPublicProductList``, ``getPublicProductListItems`` and ``getProductListItem``, for any
shopper token (a guest's too), over ``productlists.public``."""

from drf_spectacular.utils import OpenApiParameter, extend_schema

from customers.scapi.base import ShopperViewMixin
from productlists import public
from productlists.models.lists import DOCUMENT_ID_MAX_LENGTH
from productlists.serializers.public import (
    PublicProductListItemSerializer,
    PublicProductListLinkSerializer,
    PublicProductListSerializer,
)
from shopsite.api.paging import unpaged_document
from shopsite.api.permissions import IsCustomer
from shopsite.api.schema import result_document
from shopsite.api.views import OcapiGenericViewSet

SEARCH_PARAMETERS = [
    OpenApiParameter(name, str, OpenApiParameter.QUERY, required=False)
    for name in ("email", "first_name", "last_name")
]


class ShopperPublicProductListViewSet(ShopperViewMixin, OcapiGenericViewSet):
    permission_classes = [IsCustomer]
    serializer_class = PublicProductListSerializer
    pagination_class = None
    path_parameter_limits = {"list_id": DOCUMENT_ID_MAX_LENGTH, "item_id": DOCUMENT_ID_MAX_LENGTH}
    operation_ids = {
        "list": "getPublicProductListsBySearchTerm",
        "retrieve": "getPublicProductList",
        "items": "getPublicProductListItems",
        "item": "getProductListItem",
    }

    def product_list(self):
        return public.public_list(self.request.site, self.kwargs["list_id"])

    @extend_schema(
        summary="Search the public product lists of a customer (email, or first and last name)",
        parameters=SEARCH_PARAMETERS,
        responses={200: result_document("product_list_result", PublicProductListLinkSerializer)},
    )
    def list(self, request, *args, **kwargs):
        params = request.query_params
        lists = public.search(
            request.site,
            email=params.get("email", ""),
            first_name=params.get("first_name", ""),
            last_name=params.get("last_name", ""),
        )
        found = PublicProductListLinkSerializer(
            lists[: public.SEARCH_LIMIT], many=True, context=self.get_serializer_context()
        ).data
        document = unpaged_document("product_list_result", found)
        document["total"] = lists.count() if len(found) == public.SEARCH_LIMIT else len(found)
        return self.document_response(document)

    @extend_schema(
        summary="Get a public product list", responses={200: PublicProductListSerializer}
    )
    def retrieve(self, request, *args, **kwargs):
        return self.document_response(self.get_serializer(self.product_list()).data)

    @extend_schema(
        summary="Get the public items of a public product list",
        responses={
            200: result_document("product_list_item_result", PublicProductListItemSerializer)
        },
    )
    def items(self, request, *args, **kwargs):
        items = self.product_list().items.all()
        data = PublicProductListItemSerializer(
            items, many=True, context=self.get_serializer_context()
        ).data
        return self.document_response(unpaged_document("product_list_item_result", data))

    @extend_schema(
        summary="Get a public item of a public product list",
        responses={200: PublicProductListItemSerializer},
    )
    def item(self, request, *args, **kwargs):
        found = public.public_item(self.product_list(), self.kwargs["item_id"])
        context = self.get_serializer_context()
        return self.document_response(PublicProductListItemSerializer(found, context=context).data)
