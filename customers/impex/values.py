"""Text of the format <-> Python values, one pair of functions per kind of value.

The reader and the writer share these so that what is written reads back as the same
value: dates as ``xsd:date``, instants in UTC with milliseconds (as Business Manager
writes them), booleans as ``true``/``false``, genders as ``1``/``2``.
"""

import re
from datetime import UTC, date, datetime

from django.core.exceptions import ValidationError
from django.core.validators import validate_email

from customers.impex.names import BOOLEAN, DATE, DATETIME, GENDER, TEXT
from shopsite.api.countries import COUNTRY_CODES

_TIMEZONE_SUFFIX = re.compile(r"(Z|[+-]\d\d:\d\d)$")
_BOOLEANS = {"true": True, "1": True, "false": False, "0": False}


def parse_boolean(text: str) -> bool:
    try:
        return _BOOLEANS[text]
    except KeyError:
        raise ValueError(f"'{text}' is not a boolean (true or false)") from None


def parse_date(text: str) -> date:
    # xsd:date may carry a time zone ("1980-04-01Z"); a birthday has none to speak of.
    try:
        return date.fromisoformat(_TIMEZONE_SUFFIX.sub("", text))
    except ValueError:
        raise ValueError(f"'{text}' is not a date (YYYY-MM-DD)") from None


def parse_datetime(text: str) -> datetime:
    try:
        value = datetime.fromisoformat(text)
    except ValueError:
        raise ValueError(f"'{text}' is not a date and time (YYYY-MM-DDThh:mm:ss.sssZ)") from None
    # An instant without a zone is read as UTC, which is what Commerce Cloud writes.
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def parse_gender(text: str) -> int | None:
    if text == "0":  # Commerce Cloud's "not set"
        return None
    if text in ("1", "2"):
        return int(text)
    raise ValueError(f"'{text}' is not a gender (1 male, 2 female)")


_PARSERS = {
    TEXT: str,
    BOOLEAN: parse_boolean,
    DATE: parse_date,
    DATETIME: parse_datetime,
    GENDER: parse_gender,
}


def parse(kind: str, text: str):
    """The value of a non-empty text; ``ValueError`` says what is wrong in words."""
    return _PARSERS[kind](text)


def check_text(field: str, value: str, max_length: int | None) -> str:
    """Refuse what the database would refuse or the API would never have stored."""
    if field == "email":
        try:
            validate_email(value)
        except ValidationError:
            raise ValueError(f"'{value}' is not an email address") from None
    if field == "country_code":
        # The API's rule (shopsite.api.countries): an upper-case ISO 3166-1 alpha-2 code.
        if value not in COUNTRY_CODES:
            raise ValueError(f"'{value}' is not an ISO 3166-1 alpha-2 country code")
        return value
    if max_length is not None and len(value) > max_length:
        raise ValueError(f"is longer than {max_length} characters")
    return value


def format_value(kind: str, value) -> str:
    """The text of a stored value; ``None`` and ``""`` are never written."""
    if kind == DATETIME:
        instant = value.astimezone(UTC)
        return instant.strftime("%Y-%m-%dT%H:%M:%S.") + f"{instant.microsecond // 1000:03d}Z"
    if kind == DATE:
        return value.isoformat()
    if kind == BOOLEAN:
        return "true" if value else "false"
    return str(value)
