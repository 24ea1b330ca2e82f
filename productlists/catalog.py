"""Loading a catalogue from a CSV or JSON file (``manage.py import_products``, the demo).

A file is read and every record checked before anything is written: a bad record stops
the import with its row number and nothing is stored, so a catalogue is never half
imported. Records are matched by ``product_id``: importing the same file again updates
the products and changes nothing else.

CSV: a header row naming the columns, one product per row; booleans are ``true``/``false``
(also ``1``/``0``, ``yes``/``no``), ``image_urls`` are separated by ``|``. JSON: a list of
objects (or ``{"products": [...]}``) with the same keys and JSON types.
"""

import csv
import json
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import transaction

from productlists.models import Product

COLUMNS = (
    "product_id",
    "name",
    "short_description",
    "online",
    "orderable",
    "price",
    "currency",
    "image_urls",
    "stock_level",
    "master_id",
)
REQUIRED = ("product_id", "name")
_TRUE = frozenset({"true", "1", "yes"})
_FALSE = frozenset({"false", "0", "no"})


class CatalogError(Exception):
    """A file that cannot be imported; the message says where and why."""


@dataclass
class ImportResult:
    created: int = 0
    updated: int = 0


def read_records(path: Path) -> list[dict]:
    """The product records of a ``.csv`` or ``.json`` file."""
    suffix = path.suffix.lower()
    if suffix not in {".csv", ".json"}:
        raise CatalogError(f"{path}: the file must be .csv or .json")
    try:
        text = path.read_text(encoding="utf-8-sig")
    except OSError as exc:
        raise CatalogError(f"{path}: {exc.strerror or exc}") from exc
    except UnicodeDecodeError as exc:
        raise CatalogError(f"{path}: not UTF-8 ({exc.reason})") from exc
    if suffix == ".json":
        return _json_records(path, text)
    return _csv_records(path, text)


def _json_records(path: Path, text: str) -> list[dict]:
    try:
        data = json.loads(text)
    except ValueError as exc:
        raise CatalogError(f"{path}: invalid JSON ({exc})") from exc
    if isinstance(data, dict) and set(data) == {"products"}:
        data = data["products"]
    if not isinstance(data, list):
        raise CatalogError(f"{path}: expected a list of products")
    return data


def _csv_records(path: Path, text: str) -> list[dict]:
    try:
        rows = list(csv.DictReader(text.splitlines()))
    except csv.Error as exc:
        raise CatalogError(f"{path}: invalid CSV ({exc})") from exc
    records = []
    for row in rows:
        # Empty cells mean "not given", so the model's defaults apply.
        record = {key: value for key, value in row.items() if value not in (None, "")}
        if None in record:
            record["row has more cells than the header"] = record.pop(None)
        records.append(_from_csv_text(record))
    return records


def _from_csv_text(record: dict) -> dict:
    """CSV cells are text: booleans and image lists are spelt out."""
    converted = dict(record)
    for name in ("online", "orderable"):
        if name in converted:
            value = converted[name].strip().lower()
            converted[name] = True if value in _TRUE else False if value in _FALSE else value
    if "image_urls" in converted:
        converted["image_urls"] = [u.strip() for u in converted["image_urls"].split("|") if u]
    return converted


def _check_types(record: dict) -> None:
    unknown = sorted(set(record) - set(COLUMNS))
    if unknown:
        raise ValidationError(f"unknown column(s) {', '.join(unknown)}")
    for name in REQUIRED:
        if not isinstance(record.get(name), str) or not record[name].strip():
            raise ValidationError(f"{name} is required")
    for name, value in record.items():
        if isinstance(value, str) and "\x00" in value:
            raise ValidationError(f"{name} contains a NUL character")
    for name in ("online", "orderable"):
        if name in record and not isinstance(record[name], bool):
            raise ValidationError(f"{name} must be true or false, not {record[name]!r}")
    urls = record.get("image_urls", [])
    if not isinstance(urls, list) or not all(isinstance(url, str) for url in urls):
        raise ValidationError("image_urls must be a list of URLs")
    for url in urls:
        URLValidator(message=f"image_urls: {url!r} is not a URL")(url)


def _coerce(record: dict) -> dict:
    fields = dict(record)
    if "price" in fields:
        price = fields["price"]
        if isinstance(price, bool) or not isinstance(price, str | int | float):
            raise ValidationError(f"price must be a number, not {price!r}")
        try:
            fields["price"] = Decimal(str(price))
        except InvalidOperation:
            raise ValidationError(f"price must be a number, not {price!r}") from None
        if not fields["price"].is_finite():
            raise ValidationError(f"price must be a number, not {price!r}")
    if "stock_level" in fields:
        stock = fields["stock_level"]
        if isinstance(stock, bool) or not isinstance(stock, str | int):
            raise ValidationError(f"stock_level must be a whole number, not {stock!r}")
        try:
            fields["stock_level"] = int(stock)
        except ValueError:
            raise ValidationError(f"stock_level must be a whole number, not {stock!r}") from None
    return fields


def _validation_message(error: ValidationError) -> str:
    if hasattr(error, "error_dict"):
        return "; ".join(
            f"{name}: {' '.join(messages)}" for name, messages in error.message_dict.items()
        )
    return " ".join(error.messages)


def build_products(records: list) -> tuple[list[Product], list[Product]]:
    """Checked ``Product`` objects for ``records``: (new ones, changed existing ones).

    Raises ``CatalogError`` naming the row (1 = the first product) of the first bad one.
    """
    ids = [r.get("product_id") for r in records if isinstance(r, dict)]
    existing = {
        product.product_id: product
        for product in Product.objects.filter(product_id__in=[i for i in ids if isinstance(i, str)])
    }
    new, changed, seen = [], [], set()
    for number, record in enumerate(records, start=1):
        try:
            if not isinstance(record, dict):
                raise ValidationError("a product must be an object")
            _check_types(record)
            fields = _coerce(record)
            product_id = fields.pop("product_id").strip()
            if product_id in seen:
                raise ValidationError(f"product_id {product_id!r} appears twice in the file")
            seen.add(product_id)
            product = existing.get(product_id) or Product(product_id=product_id)
            for name, value in fields.items():
                setattr(product, name, value)
            product.full_clean(validate_unique=False)
        except ValidationError as exc:
            raise CatalogError(f"row {number}: {_validation_message(exc)}") from None
        (changed if product.pk else new).append(product)
    return new, changed


def import_products(records: list) -> ImportResult:
    """Create or update the products of ``records``, all or none."""
    new, changed = build_products(records)
    with transaction.atomic():
        Product.objects.bulk_create(new)
        for product in changed:
            product.save()
    return ImportResult(created=len(new), updated=len(changed))
