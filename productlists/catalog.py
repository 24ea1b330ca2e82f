"""Loading a catalogue from a CSV or JSON file (``manage.py import_products``, the demo).

A file is read and every record checked before anything is written: a bad record stops
the import, named where the user finds it, and nothing is stored, so a catalogue is never
half imported. A CSV record is named by its line in the file, as an editor or a
spreadsheet numbers it (``line 1`` is the header, ``line 2`` the first product); a JSON
record by its place in the list (``product 1`` is the first). Records are matched by
``product_id``: importing the same file again changes nothing (a product whose values are
all the same is not written, so its ``last_modified`` stays).

CSV: a header row naming the columns, one product per row; booleans are ``true``/``false``
(also ``1``/``0``, ``yes``/``no``), ``image_urls`` are separated by ``|``. JSON: a list of
objects (or ``{"products": [...]}``) with the same keys and JSON types.
"""

import csv
import json
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path
from urllib.parse import urlsplit

from django.core.exceptions import ValidationError
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
    unchanged: int = 0

    @property
    def total(self) -> int:
        return self.created + self.updated + self.unchanged


#: A record and where it is in its file (``line 3``, ``product 2``), for messages.
Located = tuple[str, object]


class Unreadable(str):
    """In place of a record the reader could not make sense of: why."""


def read_records(path: Path) -> list[Located]:
    """The product records of a ``.csv`` or ``.json`` file, each with where it is."""
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


def _json_records(path: Path, text: str) -> list[Located]:
    try:
        data = json.loads(text)
    except ValueError as exc:
        raise CatalogError(f"{path}: invalid JSON ({exc})") from exc
    if isinstance(data, dict) and set(data) == {"products"}:
        data = data["products"]
    if not isinstance(data, list):
        raise CatalogError(f"{path}: expected a list of products")
    return [(f"product {number}", record) for number, record in enumerate(data, start=1)]


def _csv_records(path: Path, text: str) -> list[Located]:
    reader = csv.DictReader(text.splitlines())
    records, line = [], 2  # the line the next record starts on; line 1 is the header
    try:
        header = reader.fieldnames or []
        unknown = [name for name in header if name not in COLUMNS]
        missing = [name for name in REQUIRED if name not in header]
        if unknown or missing:
            problems = [f"unknown column(s) {', '.join(unknown)}"] if unknown else []
            problems += [f"missing column(s) {', '.join(missing)}"] if missing else []
            raise CatalogError(f"line 1 (header): {'; '.join(problems)}")
        for row in reader:
            where, line = f"line {line}", reader.line_num + 1
            if None in row:
                records.append((where, Unreadable("it has more cells than the header has columns")))
                continue
            # Empty cells mean "not given", so the model's defaults apply.
            record = {key: value for key, value in row.items() if value not in (None, "")}
            records.append((where, _from_csv_text(record)))
    except csv.Error as exc:
        raise CatalogError(f"{path}: invalid CSV ({exc})") from exc
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
        if not _is_image_url(url):
            raise ValidationError(f"image_urls: {url!r} is not an http(s) URL")


def _is_image_url(url: str) -> bool:
    """An absolute ``http``/``https`` URL with a host: any host a storefront can reach
    (``https://img/a.jpg`` on an intranet, ``http://localhost:8080/x.png``), not only a
    public domain name as Django's ``URLValidator`` requires."""
    if not url or any(c.isspace() or ord(c) < 32 for c in url):
        return False
    try:
        parts = urlsplit(url)
        return parts.scheme in {"http", "https"} and bool(parts.hostname) and parts.port != 0
    except ValueError:  # a malformed port or IPv6 literal
        return False


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


#: The product fields a record may set (all its columns but the id).
FIELDS = tuple(name for name in COLUMNS if name != "product_id")


def build_products(records: list[Located]) -> tuple[list[Product], list[Product], int]:
    """Checked ``Product`` objects for ``records``: (new ones, changed existing ones, the
    number of existing ones the file leaves as they are).

    Raises ``CatalogError`` naming where the first bad record is.
    """
    ids = [r.get("product_id") for _, r in records if isinstance(r, dict)]
    existing = {
        product.product_id: product
        for product in Product.objects.filter(product_id__in=[i for i in ids if isinstance(i, str)])
    }
    new, changed, unchanged, seen = [], [], 0, set()
    for where, record in records:
        try:
            if isinstance(record, Unreadable):
                raise ValidationError(str(record))
            if not isinstance(record, dict):
                raise ValidationError("a product must be an object")
            _check_types(record)
            fields = _coerce(record)
            product_id = fields.pop("product_id").strip()
            if product_id in seen:
                raise ValidationError(f"product_id {product_id!r} appears twice in the file")
            seen.add(product_id)
            product = existing.get(product_id) or Product(product_id=product_id)
            before = {name: getattr(product, name) for name in FIELDS}
            for name, value in fields.items():
                setattr(product, name, value)
            product.full_clean(validate_unique=False)
        except ValidationError as exc:
            raise CatalogError(f"{where}: {_validation_message(exc)}") from None
        if not product.pk:
            new.append(product)
        elif any(getattr(product, name) != before[name] for name in FIELDS):
            changed.append(product)
        else:
            unchanged += 1
    return new, changed, unchanged


def import_products(records: list[Located]) -> ImportResult:
    """Create or update the products of ``records``, all or none."""
    new, changed, unchanged = build_products(records)
    with transaction.atomic():
        Product.objects.bulk_create(new)
        for product in changed:
            product.save()
    return ImportResult(created=len(new), updated=len(changed), unchanged=unchanged)
