"""Customer rows -> the format's XML text.

Written by hand rather than through a tree: each customer is a few string joins, the
output is byte-for-byte stable (what makes export -> import -> export comparable), and
nothing but the customer being written is held. Elements come in the schema's order;
empty values are left out (the format reads absent and empty alike); custom attributes
are sorted by id, since the database does not keep their order.
"""

import json
import re

from customers.impex.names import (
    ADDRESS_FIELDS,
    BOOLEAN,
    CREDENTIAL_FIELDS,
    DEFAULT_LANG,
    NAMESPACE,
    PROFILE_FIELDS,
    TEXT,
)
from customers.impex.values import format_value

HEADER = f'<?xml version="1.0" encoding="UTF-8"?>\n<customers xmlns="{NAMESPACE}">\n'
FOOTER = "</customers>\n"

# Characters XML 1.0 cannot carry at all become U+FFFD; those a parser would normalise
# away (\r, and tabs/newlines in attributes) become character references.
_INVALID = "\x00\x01\x02\x03\x04\x05\x06\x07\x08\x0b\x0c\x0e\x0f\x10\x11\x12\x13\x14\x15"
_INVALID += "\x16\x17\x18\x19\x1a\x1b\x1c\x1d\x1e\x1f\ufffe\uffff"
_TEXT_ESCAPES = {"&": "&amp;", "<": "&lt;", ">": "&gt;", "\r": "&#13;"}
_TEXT_ESCAPES |= dict.fromkeys(_INVALID, "\ufffd")
_ATTRIBUTE_ESCAPES = _TEXT_ESCAPES | {'"': "&quot;", "\n": "&#10;", "\t": "&#9;"}
_TEXT_TABLE = str.maketrans(_TEXT_ESCAPES)
_ATTRIBUTE_TABLE = str.maketrans(_ATTRIBUTE_ESCAPES)
_NEEDS_TEXT_ESCAPE = re.compile("[" + re.escape("".join(_TEXT_ESCAPES)) + "]")
_NEEDS_ATTRIBUTE_ESCAPE = re.compile("[" + re.escape("".join(_ATTRIBUTE_ESCAPES)) + "]")


def text(value: str) -> str:
    return value.translate(_TEXT_TABLE) if _NEEDS_TEXT_ESCAPE.search(value) else value


def attribute(value: str) -> str:
    return value.translate(_ATTRIBUTE_TABLE) if _NEEDS_ATTRIBUTE_ESCAPE.search(value) else value


def _layout(fields: dict, indent: str) -> list[tuple]:
    """(field, kind, opening tag, closing tag) per element: tags are built once, not per
    customer, as the writer runs for every element of millions of customers."""
    return [
        (field, kind, f"{indent}<{element}>", f"</{element}>\n")
        for element, (field, kind) in fields.items()
    ]


PROFILE_LAYOUT = _layout(PROFILE_FIELDS, "      ")
LOGIN_LAYOUT = _layout({"login": CREDENTIAL_FIELDS["login"]}, "      ")
ADDRESS_LAYOUT = _layout(ADDRESS_FIELDS, "        ")


def _elements(row: dict, layout: list[tuple]) -> list[str]:
    lines = []
    for field, kind, opening, closing in layout:
        value = row[field]
        if value is None or value == "":
            continue
        if kind != TEXT:
            value = format_value(kind, value)
        lines.append(f"{opening}{text(value)}{closing}")
    return lines


def _scalar(value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dict | list):
        return json.dumps(value, sort_keys=True, ensure_ascii=False)
    return str(value)


def _custom_attributes(custom: dict, indent: str) -> list[str]:
    """Custom attributes as the reader reads them back: a list is multi-value, a dict of
    languages is localized (``xml:lang``), anything else one value."""
    lines = []
    for attribute_id in sorted(custom):
        value = custom[attribute_id]
        if (
            isinstance(value, dict)
            and value
            and not any(isinstance(v, dict) for v in value.values())
        ):
            languages = sorted(value, key=lambda lang: (lang != DEFAULT_LANG, lang))
            localized = [(lang, value[lang]) for lang in languages]
        else:
            localized = [(DEFAULT_LANG, value)]
        for lang, item in localized:
            if item is None or item == [] or item == "":
                continue
            opening = f'{indent}  <custom-attribute attribute-id="{attribute(attribute_id)}"'
            if lang != DEFAULT_LANG:
                opening += f' xml:lang="{attribute(lang)}"'
            if isinstance(item, list):
                lines.append(opening + ">\n")
                lines.extend(f"{indent}    <value>{text(_scalar(v))}</value>\n" for v in item)
                lines.append(f"{indent}  </custom-attribute>\n")
            else:
                lines.append(f"{opening}>{text(_scalar(item))}</custom-attribute>\n")
    if lines:
        return [f"{indent}<custom-attributes>\n", *lines, f"{indent}</custom-attributes>\n"]
    return lines


def _address(row: dict) -> str:
    preferred = ' preferred="true"' if row["preferred"] else ""
    lines = [f'      <address address-id="{attribute(row["address_id"])}"{preferred}>\n']
    lines += _elements(row, ADDRESS_LAYOUT)
    lines += _custom_attributes(row["custom"] or {}, "        ")
    lines.append("      </address>\n")
    return "".join(lines)


def customer_xml(row: dict, addresses=()) -> str:
    """One ``<customer>`` element. ``row`` maps model field names to values (as
    ``QuerySet.values()`` gives them); ``addresses`` are such rows too, in book order.
    Guests have no number nor login: they are written with their customer id and no
    credentials. Passwords are never written."""
    if row["is_guest"]:
        lines = [f'  <customer customer-no="{attribute(row["customer_id"])}">\n']
    else:
        lines = [f'  <customer customer-no="{attribute(row["customer_no"] or "")}">\n']
        lines.append("    <credentials>\n")
        lines += _elements(row, LOGIN_LAYOUT)
        lines.append(
            f"      <enabled-flag>{format_value(BOOLEAN, row['enabled'])}</enabled-flag>\n"
        )
        lines.append("    </credentials>\n")
    profile = _elements(row, PROFILE_LAYOUT)
    profile += _custom_attributes(row["custom"] or {}, "      ")
    if profile:
        lines += ["    <profile>\n", *profile, "    </profile>\n"]
    if addresses:
        lines += ["    <addresses>\n", *map(_address, addresses), "    </addresses>\n"]
    lines.append("  </customer>\n")
    return "".join(lines)
