"""What the product list documents share."""


class ChangeableFieldsMixin:
    """A PATCH serializer that changes only the properties the documentation lists.

    The other properties of the document may be sent back (a client that read the
    document, changed one property and sends it all) and are ignored, as read-only
    properties are everywhere in shopsite; ``c_*`` attributes are always changeable.
    """

    changeable: frozenset[str] = frozenset()

    def get_fields(self):
        fields = super().get_fields()
        for name, field in fields.items():
            if name not in self.changeable:
                field.read_only = True
        return fields
