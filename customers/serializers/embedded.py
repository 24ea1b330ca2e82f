"""Documents nested in other documents (``payment_card``, ``customer_info``...)."""

from rest_framework import serializers

from shopsite.api.serializers import OcapiDocumentMixin


class EmbeddedDocumentSerializer(OcapiDocumentMixin, serializers.Serializer):
    """A read-only document nested in another: ``_type``, empty properties left out, and
    no ``_resource_state`` (the enclosing document's covers it)."""

    include_resource_state = False
