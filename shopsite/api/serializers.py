"""The base of every OCAPI document serializer.

An OCAPI document differs from a plain DRF representation in five ways, all handled here
so that a resource's serializer only lists its fields:

* it names itself: ``"_type": "customer_address"`` (``document_type``);
* empty properties are left out rather than sent as ``null`` or ``""``;
* properties come in a fixed order: ``_resource_state``, ``_type``, the document's own
  properties alphabetically, then custom attributes;
* custom attributes travel as ``c_<name>`` properties and round-trip through a JSON field;
* input is strict: a number where a string belongs is a fault naming the property, not a
  silent conversion, and an unknown property is refused (``UnknownPropertyException``).
"""

import functools
import hashlib
import json
from datetime import UTC, datetime

from django.core.exceptions import FieldDoesNotExist
from django.core.validators import MaxLengthValidator
from django.db import models
from rest_framework import serializers
from rest_framework.fields import SkipField

from shopsite.api import xml_documents
from shopsite.api.faults import PropertyConstraintViolation, UnknownProperty
from shopsite.api.field_cache import PrototypeFieldsMixin
from shopsite.api.limits import INT32_MAX, INT32_MIN, limit

CUSTOM_PREFIX = "c_"


def format_datetime(value: datetime) -> str:
    """OCAPI timestamps: UTC with milliseconds, ``2015-09-09T15:50:53.142Z``."""
    return value.astimezone(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


class OcapiDateTimeField(serializers.DateTimeField):
    def to_representation(self, value):
        return format_datetime(value) if value else None


class StrictCharField(serializers.CharField):
    """A string, and only a string, no longer than its column (``max_length``) or, for free
    text without one, ``OCAPI["MAX_TEXT_LENGTH"]``.

    With ``null_clears`` (optional text columns, see ``OcapiDocumentSerializer``) ``null``
    clears the property, as OCAPI's PATCH does: it is stored as the empty string, and the
    serializer's ``validate_<name>`` still judges that (a required name stays required).
    """

    null_clears = False

    def validate_empty_values(self, data):
        if data is None and self.null_clears:
            return (True, "")
        return super().validate_empty_values(data)

    def to_internal_value(self, data):
        if not isinstance(data, str):
            self.fail("invalid")
        maximum = limit("MAX_TEXT_LENGTH")
        if self.max_length is None and len(data) > maximum:
            self.fail("max_length", max_length=maximum)
        return super().to_internal_value(data)


class StrictEmailField(serializers.EmailField):
    def to_internal_value(self, data):
        if not isinstance(data, str):
            self.fail("invalid")
        return super().to_internal_value(data)


class StrictIntegerField(serializers.IntegerField):
    """An integer, and only an integer, within the field's bounds or, without any, the
    spec's 32-bit range (a larger one would overflow a column)."""

    def to_internal_value(self, data):
        data = xml_documents.typed(data, int)
        if isinstance(data, bool) or not isinstance(data, int):
            self.fail("invalid")
        if self.max_value is None and data > INT32_MAX:
            self.fail("max_value", max_value=INT32_MAX)
        if self.min_value is None and data < INT32_MIN:
            self.fail("min_value", min_value=INT32_MIN)
        return super().to_internal_value(data)


class StrictBooleanField(serializers.BooleanField):
    def to_internal_value(self, data):
        data = xml_documents.typed(data, bool)
        if not isinstance(data, bool):
            self.fail("invalid")
        return data


class StrictChoiceField(serializers.ChoiceField):
    def to_internal_value(self, data):
        if isinstance(data, bool):
            self.fail("invalid_choice", input=data)
        return super().to_internal_value(data)


def contains_nul(value) -> bool:
    """Whether a JSON value holds a NUL character anywhere (PostgreSQL stores none)."""
    if isinstance(value, str):
        return "\x00" in value
    if isinstance(value, dict):
        return any(contains_nul(key) or contains_nul(item) for key, item in value.items())
    if isinstance(value, list):
        return any(contains_nul(item) for item in value)
    return False


def is_empty(value) -> bool:
    return value is None or value == "" or value == [] or value == {}


def _order_key(name: str):
    if name.startswith("_"):
        return (0, {"_v": 0, "_resource_state": 1, "_type": 2}.get(name, 3), name)
    if name.startswith(CUSTOM_PREFIX):
        return (2, 0, name)
    return (1, 0, name)


@functools.lru_cache(maxsize=4096)
def _document_order(names: tuple[str, ...]) -> tuple[str, ...]:
    """The order of a set of property names; documents of a type have few distinct sets,
    so each is sorted once per process (bounded: custom attribute names are any)."""
    return tuple(sorted(names, key=_order_key))


def order_document(document: dict) -> dict:
    """Underscore properties first, then the document's own, then custom attributes."""
    return {name: document[name] for name in _document_order(tuple(document))}


def resource_state(document: dict) -> str:
    """A fingerprint of the document's content (OCAPI's ``_resource_state``)."""
    canonical = json.dumps(document, sort_keys=True, default=str, separators=(",", ":"))
    return hashlib.sha256(canonical.encode()).hexdigest()


class OcapiDocumentMixin(PrototypeFieldsMixin):
    """Envelope behaviour shared by model and plain document serializers.

    Fields are built once per class (``shopsite.api.field_cache``), not on every request.
    """

    document_type: str = ""
    #: The model field holding ``c_*`` custom attributes (without the prefix), if any.
    custom_attributes_field: str | None = None
    #: Top-level documents carry ``_resource_state``; documents embedded in others do not.
    include_resource_state = True
    #: Properties a client may echo back that are silently ignored on input.
    ignored_input = frozenset()
    #: Properties present only when the request asks for them (``expand``): left out of
    #: the fingerprint, so a document has one state however it was read.
    state_excludes = frozenset()

    def to_representation(self, instance):
        # DRF's Serializer.to_representation, leaving empty properties out as it goes
        # (a property DRF would answer as ``null`` is one of them).
        document = {}
        for field in self._readable_fields:
            try:
                attribute = field.get_attribute(instance)
            except SkipField:
                continue
            if attribute is None:
                continue
            value = field.to_representation(attribute)
            if not is_empty(value):
                document[field.field_name] = value
        if self.custom_attributes_field:
            custom = getattr(instance, self.custom_attributes_field, None) or {}
            for name, value in custom.items():
                if value is not None:
                    document[f"{CUSTOM_PREFIX}{name}"] = value
        if self.document_type:
            document["_type"] = self.document_type
        if self.include_resource_state and not self.context.get("embedded"):
            fingerprinted = {k: v for k, v in document.items() if k not in self.state_excludes}
            document["_resource_state"] = resource_state(fingerprinted)
        return order_document(document)

    def to_internal_value(self, data):
        if not isinstance(data, dict):
            return super().to_internal_value(data)
        custom = {}
        known = set(self.fields)
        for name in data:
            if name.startswith("_") or name in self.ignored_input:
                continue
            if self.custom_attributes_field and name.startswith(CUSTOM_PREFIX) and len(name) > 2:
                # Model fields refuse NUL characters themselves; a JSON field does not.
                if contains_nul(name) or contains_nul(data[name]):
                    raise PropertyConstraintViolation(
                        property=name.replace("\x00", ""), reason="NUL characters are not allowed"
                    )
                custom[name[len(CUSTOM_PREFIX) :]] = data[name]
            elif name not in known:
                raise UnknownProperty(property=name, document=self.document_type or "document")
        # Read-only properties (ids, timestamps) a client echoes back are ignored, not refused.
        writable = {
            name: value
            for name, value in data.items()
            if name in known and not self.fields[name].read_only
        }
        validated = super().to_internal_value(writable)
        if self.custom_attributes_field and custom:
            check_custom_attributes(custom)
            validated[self.custom_attributes_field] = custom
        return validated


def check_custom_attributes(custom: dict) -> None:
    """``c_*`` attributes are stored and returned on every read: bound their number and
    the size of each (``OCAPI["MAX_CUSTOM_ATTRIBUTES"]``, ``["MAX_CUSTOM_ATTRIBUTE_SIZE"]``)."""
    maximum = limit("MAX_CUSTOM_ATTRIBUTES")
    present = [name for name, value in custom.items() if value is not None]
    if len(present) > maximum:
        raise PropertyConstraintViolation(
            property=CUSTOM_PREFIX + "*", reason=f"at most {maximum} custom attributes are allowed"
        )
    size = limit("MAX_CUSTOM_ATTRIBUTE_SIZE")
    for name, value in custom.items():
        if len(CUSTOM_PREFIX + name) > 256:
            raise PropertyConstraintViolation(
                property=CUSTOM_PREFIX + name[:50], reason="the name exceeds 256 characters"
            )
        if len(json.dumps(value, ensure_ascii=False)) > size:
            raise PropertyConstraintViolation(
                property=CUSTOM_PREFIX + name,
                reason=f"the value exceeds {size} characters as JSON",
            )


class OcapiDocumentSerializer(OcapiDocumentMixin, serializers.ModelSerializer):
    """A model-backed OCAPI document."""

    serializer_field_mapping = {
        **serializers.ModelSerializer.serializer_field_mapping,
        models.CharField: StrictCharField,
        models.TextField: StrictCharField,
        models.EmailField: StrictEmailField,
        models.IntegerField: StrictIntegerField,
        models.SmallIntegerField: StrictIntegerField,
        models.PositiveIntegerField: StrictIntegerField,
        models.PositiveSmallIntegerField: StrictIntegerField,
        models.BooleanField: StrictBooleanField,
        models.DateTimeField: OcapiDateTimeField,
    }
    serializer_choice_field = StrictChoiceField

    def get_fields(self):
        """Declared string fields inherit their column's ``max_length`` when they name none:
        a field declared for its own behaviour must still be checked before the database."""
        fields = super().get_fields()
        model = self.Meta.model
        for name, field in fields.items():
            if not isinstance(field, serializers.CharField):
                continue
            try:
                column = model._meta.get_field(field.source or name)
            except FieldDoesNotExist:
                continue
            if isinstance(field, StrictCharField) and column.blank and not column.null:
                field.null_clears = True
            if field.max_length is not None:
                continue
            max_length = getattr(column, "max_length", None)
            if max_length:
                field.max_length = max_length
                field.validators.append(
                    MaxLengthValidator(
                        max_length,
                        message=field.error_messages["max_length"].format(max_length=max_length),
                    )
                )
        return fields

    def update(self, instance, validated_data):
        """Merge custom attributes instead of replacing them (PATCH semantics)."""
        field = self.custom_attributes_field
        if field and field in validated_data:
            merged = dict(getattr(instance, field) or {})
            for name, value in validated_data.pop(field).items():
                if value is None:
                    merged.pop(name, None)
                else:
                    merged[name] = value
            check_custom_attributes(merged)
            validated_data[field] = merged
        return super().update(instance, validated_data)


class OcapiRequestSerializer(OcapiDocumentMixin, serializers.Serializer):
    """A request-only document (``auth_request``, ``password_reset``...)."""

    include_resource_state = False
