"""What the views over a customer's own documents share (address book, payment
instruments, baskets, orders): finding one document among the customer's, the not-found
fault, and the extension point names, which Commerce Cloud varies by action."""

from customers.views.base import CustomerScopedViewSet
from shopsite.api import faults
from shopsite.api.paging import unpaged_document


class CustomerOwnedViewSet(CustomerScopedViewSet):
    """Base of ``/customers/{customer_id}/<documents>[/<id>]`` views.

    Every query starts from ``get_customer()`` (``related_name`` on ``Customer``), so the
    customer checks of ``CustomerScopedViewSet`` come first and no view can reach another
    customer's documents. ``get_object()`` looks one document up by ``lookup_field`` from
    the URL's ``lookup_url_kwarg`` and raises ``not_found()``, the resource's own fault.
    """

    #: ``Customer`` relation holding the documents, e.g. ``"addresses"``.
    related_name = ""
    #: Model field and URL keyword naming one document.
    lookup_field = ""
    lookup_url_kwarg = ""
    #: Extension point prefixes of the actions whose prefix differs from ``hook_prefix``
    #: (the collection's GET is ``...payment_instruments.beforeGET``, its POST
    #: ``...payment_instrument.beforePOST``).
    hook_prefix_by_action: dict[str, str] = {}

    def get_hook_prefix(self) -> str:
        return self.hook_prefix_by_action.get(self.action, self.hook_prefix)

    def get_queryset(self):
        return getattr(self.get_customer(), self.related_name).all()

    def lookup_value(self) -> str:
        return self.kwargs[self.lookup_url_kwarg]

    def not_found(self) -> faults.OcapiFault:
        raise NotImplementedError("a subclass names its not-found fault")

    def get_object(self, *, for_update: bool = False):
        queryset = self.get_queryset()
        if for_update:
            queryset = queryset.select_for_update()
        document = queryset.filter(**{self.lookup_field: self.lookup_value()}).first()
        if document is None:
            raise self.not_found()
        return document

    def object_response(self, instance, *, hook: str, **kwargs):
        """``instance`` as its document, after ``hook(customer, instance, document)``."""
        document = self.get_serializer(instance).data
        return self.document_response(
            document, hook=hook, hook_args=(self.get_customer(), instance), **kwargs
        )

    def list_response(self, queryset, *, hook: str):
        """An unpaged ``{count, data, total}`` list, after ``hook(customer, document)``."""
        document = unpaged_document(self.result_type, self.get_serializer(queryset, many=True).data)
        return self.document_response(document, hook=hook, hook_args=(self.get_customer(),))
