"""``GET /products/{id}``: a product of the catalogue, as the Products resource answers it.

shopsite serves the Customers resource; product list items link to their products
(``product_details_link``, a variant's ``master.link``), so the links answer, with what
the catalogue holds (``productlists.models.Product``): name, type and master, ``price``
and ``currency`` with ``expand=prices``, ``image_groups`` with ``images``, ``inventory``
with ``availability``. The other expansions the Products resource documents are accepted
and add nothing (the catalogue has no bundles, options, promotions, variations, sets or
recommendations). Only the client id is needed; the answer does not depend on a customer.
"""

from customers.views.customer import parse_expand
from productlists.models import Product
from productlists.models.product import PRODUCT_ID_MAX_LENGTH
from productlists.serializers.product import CatalogProductSerializer
from shopsite.api import faults
from shopsite.api.views import OcapiGenericViewSet

#: The Products resource's ``expand`` values.
EXPAND_VALUES = frozenset(
    {
        "availability",
        "bundled_products",
        "images",
        "links",
        "options",
        "prices",
        "promotions",
        "recommendations",
        "set_products",
        "variations",
    }
)


class ProductViewSet(OcapiGenericViewSet):
    """An online product by id; an unknown or offline one is 404 ``ProductNotFoundException``
    ("provided the product is online and assigned to site catalog")."""

    hook_prefix = "dw.ocapi.shop.product"
    serializer_class = CatalogProductSerializer
    authentication_classes = []
    permission_classes = []
    path_parameter_limits = {"id": PRODUCT_ID_MAX_LENGTH}

    def get_serializer_context(self):
        context = super().get_serializer_context()
        context["expand"] = parse_expand(self.request, EXPAND_VALUES)
        return context

    def retrieve(self, request, *args, **kwargs):
        product_id = self.kwargs["id"]
        context = self.get_serializer_context()  # an unknown expand value first: 400
        self.call_hook("beforeGET", product_id)
        product = Product.objects.online().filter(product_id=product_id).first()
        if product is None:
            raise faults.ProductNotFound(productId=product_id)
        document = self.get_serializer_class()(product, context=context).data
        return self.document_response(document, hook="modifyGETResponse", hook_args=(product,))
