"""Field types of the product list documents that the shared layer does not have."""

import math
from datetime import UTC, datetime
from decimal import Decimal

from django.utils.dateparse import parse_date, parse_datetime
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from productlists.models.lists import QUANTITY_DECIMALS, QUANTITY_DIGITS
from shopsite.api import xml_documents
from shopsite.api.serializers import format_datetime

MAX_QUANTITY = Decimal(10 ** (QUANTITY_DIGITS - QUANTITY_DECIMALS)) - Decimal("0.01")


def number_document(value: Decimal | None):
    """A quantity as the samples show it: ``2`` for whole numbers, ``1.5`` otherwise."""
    if value is None:
        return None
    return int(value) if value == value.to_integral_value() else float(value)


@extend_schema_field({"type": "number", "minimum": 0, "maximum": float(MAX_QUANTITY)})
class QuantityField(serializers.Field):
    """A JSON number from 0 to 9,999,999,999.99 with at most two decimals.

    Strict like the rest of the layer: ``"2"`` or ``true`` is not a quantity. Stored as a
    decimal so that a sum of purchases is exact.
    """

    default_error_messages = {
        "invalid": "A number is required.",
        "range": f"It must be between 0 and {MAX_QUANTITY}.",
        "precision": f"It may have at most {QUANTITY_DECIMALS} decimals.",
    }

    def to_internal_value(self, data):
        data = xml_documents.typed(data, float)
        if isinstance(data, bool) or not isinstance(data, int | float):
            self.fail("invalid")
        if isinstance(data, float) and not math.isfinite(data):
            self.fail("invalid")
        if not 0 <= data <= MAX_QUANTITY:
            self.fail("range")
        value = Decimal(str(data))
        if value != value.quantize(Decimal(1).scaleb(-QUANTITY_DECIMALS)):
            self.fail("precision")
        return value

    def to_representation(self, value):
        return number_document(value)


def format_event_date(value: datetime) -> str:
    """``2015-07-30T00:00Z`` as in the documentation's samples; seconds only when set."""
    value = value.astimezone(UTC)
    if value.second == 0 and value.microsecond == 0:
        return value.strftime("%Y-%m-%dT%H:%MZ")
    return format_datetime(value)


@extend_schema_field({"type": "string", "description": "ISO 8601 date or date-time"})
class EventDateField(serializers.Field):
    """An ISO 8601 date or date-time (``2015-07-30``, ``2015-07-30T00:00Z``); no zone
    means UTC."""

    default_error_messages = {"invalid": "An ISO 8601 date or date-time is required."}

    def to_internal_value(self, data):
        if not isinstance(data, str) or len(data) > 64:
            self.fail("invalid")
        try:
            parsed = parse_datetime(data)
            if parsed is None:
                day = parse_date(data)
                parsed = datetime(day.year, day.month, day.day) if day else None
        except ValueError:
            parsed = None
        if parsed is None:
            self.fail("invalid")
        return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)

    def to_representation(self, value):
        return format_event_date(value) if value else None
