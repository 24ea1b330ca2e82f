"""What the product list views share: where lists and items sit below a customer, the
``expand`` values, and the write the documentation frames with hooks."""

from customers.views.customer import parse_expand
from customers.views.owned import CustomerOwnedViewSet, Parent
from productlists.models.lists import DOCUMENT_ID_MAX_LENGTH
from shopsite.api import faults
from shopsite.api.permissions import IsRegisteredCustomer

PRODUCT_LIST = Parent(
    related_name="product_lists",
    lookup_field="list_id",
    url_kwarg="list_id",
    not_found=lambda list_id: faults.ProductListNotFound(productListId=list_id),
    max_length=DOCUMENT_ID_MAX_LENGTH,
)
PRODUCT_LIST_ITEM = Parent(
    related_name="items",
    lookup_field="item_id",
    url_kwarg="item_id",
    not_found=lambda item_id: faults.ProductListItemNotFound(itemId=item_id),
    max_length=DOCUMENT_ID_MAX_LENGTH,
)
#: "For images and availability the product has to be expanded as well."
EXPAND_VALUES = frozenset({"product", "images", "availability"})


class ProductListOwnedViewSet(CustomerOwnedViewSet):
    """Base of the list, item and purchase views.

    Product lists belong to registered customers, like the address book: a guest token
    is refused (403), another customer's id is ``InvalidCustomerException``.
    """

    permission_classes = [IsRegisteredCustomer]
    lookup_max_length = DOCUMENT_ID_MAX_LENGTH
    #: Serializer of PATCH, which changes fewer properties than POST sets.
    update_serializer_class = None
    #: Whether the documents in this view's result carry ``_resource_state`` (the
    #: documentation's samples: items do, lists and purchases do not).
    result_resource_state = False

    def get_serializer_class(self):
        if self.action == "partial_update":
            return self.update_serializer_class
        return self.serializer_class

    def get_serializer_context(self):
        context = super().get_serializer_context()
        context["customer"] = self.get_customer()
        reading = self.request.method == "GET"
        context["expand"] = parse_expand(self.request, EXPAND_VALUES) if reading else set()
        context["embedded"] = self.action == "list" and not self.result_resource_state
        return context

    def save_document(self, serializer, method: str, *owners, **save_kwargs):
        """Validate, ``before<METHOD>``, save, ``after<METHOD>``.

        The hooks receive ``(customer, *owners, request document)``, the arguments every
        product list ``before``/``after`` point of a POST or PATCH documents. They run in
        the action's transaction: an error status rolls the save back.
        """
        serializer.is_valid(raise_exception=True)
        args = (self.get_customer(), *owners, self.request.data)
        self.call_hook(f"before{method}", *args)
        instance = serializer.save(**save_kwargs)
        self.call_hook(f"after{method}", *args)
        return instance
