"""What the views over a customer's own documents share (address book, payment
instruments, baskets, orders, product lists and what they hold): finding one document
among the customer's, the not-found fault, and the extension point names, which Commerce
Cloud varies by action."""

from collections.abc import Callable
from dataclasses import dataclass

from customers.views.base import CustomerScopedViewSet
from shopsite.api import faults, resource_state
from shopsite.api.paging import unpaged_document


@dataclass(frozen=True)
class Parent:
    """A document between the customer and a view's documents, found by a URL keyword.

    ``/customers/{customer_id}/product_lists/{list_id}/items/{item_id}/purchases`` has two:
    the list (``related_name="product_lists"`` on the customer) and the item
    (``related_name="items"`` on the list). Each is looked up within the one above, so
    nothing below a customer is reachable from another customer's URL.
    """

    related_name: str
    lookup_field: str
    url_kwarg: str
    #: The fault for an unknown value, e.g. ``lambda value: ProductListNotFound(...)``.
    not_found: Callable[[str], faults.OcapiFault]
    #: The documented ``maxLength`` of the URL keyword (``None``: none documented); a
    #: longer value is refused before any lookup (``check_path_parameters``).
    max_length: int | None = None


def find_owned(queryset, lookup_field: str, value: str):
    """The document ``lookup_field == value`` in ``queryset``, or ``None``.

    A value holding a NUL byte (which PostgreSQL refuses in a query) is not found without
    asking the database.
    """
    if "\x00" in value:
        return None
    return queryset.filter(**{lookup_field: value}).first()


class CustomerOwnedViewSet(CustomerScopedViewSet):
    """Base of ``/customers/{customer_id}/[<parent>/{id}/...]<documents>[/<id>]`` views.

    Every query starts from ``get_customer()`` (``related_name`` on ``Customer``), so the
    customer checks of ``CustomerScopedViewSet`` come first and no view can reach another
    customer's documents. Documents nested deeper name the documents above them in
    ``parents``; ``get_owner()`` walks down to the one whose ``related_name`` holds the
    view's documents. ``get_object()`` looks one document up by ``lookup_field`` from the
    URL's ``lookup_url_kwarg`` and raises ``not_found()``, the resource's own fault.
    """

    #: Relation holding the documents on their owner (the customer, or the last parent).
    related_name = ""
    #: Model field and URL keyword naming one document.
    lookup_field = ""
    lookup_url_kwarg = ""
    #: The documented ``maxLength`` of ``lookup_url_kwarg`` (``None``: none documented).
    lookup_max_length: int | None = None
    #: The documents between the customer and this view's, outermost first.
    parents: tuple[Parent, ...] = ()
    #: Extension point prefixes of the actions whose prefix differs from ``hook_prefix``
    #: (the collection's GET is ``...payment_instruments.beforeGET``, its POST
    #: ``...payment_instrument.beforePOST``).
    hook_prefix_by_action: dict[str, str] = {}

    def get_hook_prefix(self) -> str:
        return self.hook_prefix_by_action.get(self.action, self.hook_prefix)

    def get_path_parameter_limits(self) -> dict[str, int]:
        limits = {parent.url_kwarg: parent.max_length for parent in self.parents}
        limits[self.lookup_url_kwarg] = self.lookup_max_length
        return {name: limit for name, limit in limits.items() if name and limit is not None}

    def get_owner(self, *, for_update: bool = False):
        """The customer, or the innermost of ``parents``.

        ``for_update`` locks every parent, outermost first, so that none can be deleted
        while documents are added below it: a deletion locks the document it deletes
        (``get_object(for_update=True)``) and so waits, then sees the new documents.
        """
        owner = self.get_customer()
        self._parents = {}
        for parent in self.parents:
            queryset = getattr(owner, parent.related_name).all()
            if for_update:
                queryset = queryset.select_for_update()
            value = self.kwargs[parent.url_kwarg]
            owner = find_owned(queryset, parent.lookup_field, value)
            if owner is None:
                raise parent.not_found(value)
            self._parents[parent.url_kwarg] = owner
        self._owner = owner
        return owner

    def get_parent(self, url_kwarg: str):
        """One of ``parents``, as found by ``get_owner()`` (which runs first if need be)."""
        if getattr(self, "_owner", None) is None:
            self.get_owner()
        return self._parents[url_kwarg]

    def get_queryset(self):
        owner = self._owner if getattr(self, "_owner", None) is not None else self.get_owner()
        return getattr(owner, self.related_name).all()

    def lookup_value(self) -> str:
        return self.kwargs[self.lookup_url_kwarg]

    def not_found(self) -> faults.OcapiFault:
        raise NotImplementedError("a subclass names its not-found fault")

    def get_object(self, *, for_update: bool = False):
        """The document the URL names. A PATCH, PUT or DELETE always locks it and checks
        the client's resource state (``check_resource_state``) before the view writes."""
        writing = self.request.method in resource_state.CHECKED_METHODS
        for_update = for_update or writing
        queryset = self.get_queryset()
        if for_update:
            # Only the document's own row: a joined nullable relation cannot be locked.
            queryset = queryset.select_for_update(of=("self",))
        document = find_owned(queryset, self.lookup_field, self.lookup_value())
        if document is None:
            raise self.not_found()
        return self.check_resource_state(document) if writing else document

    def object_response(self, instance, *, hook: str, **kwargs):
        """``instance`` as its document, after ``hook(customer, instance, document)``."""
        document = self.get_serializer(instance).data
        return self.document_response(
            document, hook=hook, hook_args=(self.get_customer(), instance), **kwargs
        )

    def list_response(self, queryset, *, hook: str, hook_args: tuple = ()):
        """An unpaged ``{count, data, total}`` list, after
        ``hook(customer, *hook_args, document)``."""
        document = unpaged_document(self.result_type, self.get_serializer(queryset, many=True).data)
        return self.document_response(
            document, hook=hook, hook_args=(self.get_customer(), *hook_args)
        )
