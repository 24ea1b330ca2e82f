"""OCAPI's per-client settings document (Business Manager's "Open Commerce API Settings").

Commerce Cloud configures each client id with a JSON document; shopsite reads the same
shape, so a merchant can paste what they have::

    {"_v": "19.5",
     "clients": [{"client_id": "...",
                  "allowed_origins": ["https://www.example.com"],
                  "response_headers": {"x-foo": "bar"},
                  "resources": [{"resource_id": "/customers/*/addresses",
                                 "methods": ["get", "post"],
                                 "read_attributes": "(**)",
                                 "write_attributes": "(address_id,city,c_*)",
                                 "cache_time": 0,
                                 "version_range": {"from": "19.5"}}]}]}

``parse_settings_document`` validates the whole document (import), ``parse_client_document``
one client's entry (the admin), and both compile it into a ``ClientSettings``: what the
views consult on every request (``shopsite.api.client_access``). Compiling happens once
per cached ``ApiClient`` (``ApiClient.settings``), never per request.

``resource_id`` is the path after ``/dw/shop/v19_5``: ``*`` stands for one path segment,
``**`` for one or more. When several entries match a request, the most specific ones (most
literal segments, then fewest ``**``) decide alone, for every method: a method they do not
list is refused even if a broader entry (``/**``) lists it, since Commerce Cloud grants
nothing that is not granted ("By default, no permission is granted", OCAPI Settings).
Entries equally specific are read together, in order (Business Manager documents split one
``resource_id`` over several entries by method or ``version_range``): the first that grants
the method applies.
"""

import re
from dataclasses import dataclass, field

from shopsite.api import selection
from shopsite.api.selection import Selection, SelectionSyntaxError

METHODS = ("get", "head", "post", "put", "patch", "delete")
MAX_CACHE_TIME = 86400  # Commerce Cloud's maximum: a day
MAX_RESOURCES = 500
MAX_CLIENTS = 1000
MAX_CLIENT_ID_LENGTH = 64
CLIENT_KEYS = {"client_id", "allowed_origins", "resources", "response_headers"}
RESOURCE_KEYS = {
    "resource_id",
    "methods",
    "read_attributes",
    "write_attributes",
    "cache_time",
    "version_range",
    # Commerce Cloud's server-side cache of personalised responses: shopsite has none, so
    # it is accepted (pasted documents carry it) and has no effect.
    "personalized_caching_enabled",
}
ORIGIN = re.compile(r"https?://[A-Za-z0-9.\-\[\]:]+")
HEADER_NAME = re.compile(r"[A-Za-z0-9!#$%&'*+.^_`|~\-]{1,100}")
HEADER_VALUE = re.compile(r"[\x20-\x7e\t]{0,1000}")
# Headers the API itself is responsible for: a settings document must not replace them.
RESERVED_HEADERS = re.compile(
    r"(content-.*|authorization|set-cookie|cache-control|expires|location|www-authenticate"
    r"|access-control-.*|vary|connection|transfer-encoding|keep-alive|upgrade|retry-after"
    r"|x-request-id|x-dw-.*)",
    re.IGNORECASE,
)
SEGMENT = re.compile(r"[A-Za-z0-9_.\-]+")
VERSION = re.compile(r"(\d{1,3})\.(\d{1,3})")


class SettingsDocumentError(ValueError):
    """An invalid settings document: ``errors`` lists every problem, each with its place
    (``clients[0].resources[2].methods``)."""

    def __init__(self, errors: list[str]):
        self.errors = errors
        super().__init__("; ".join(errors))


@dataclass(frozen=True)
class ResourceRule:
    """One entry of ``resources``, compiled."""

    resource_id: str
    pattern: re.Pattern
    methods: frozenset[str]
    read: Selection
    write: Selection
    cache_time: int | None
    version_from: tuple[int, int] | None
    version_until: tuple[int, int] | None
    specificity: tuple[int, int]

    def matches(self, resource_path: str, version: tuple[int, int]) -> bool:
        if self.version_from and version < self.version_from:
            return False
        if self.version_until and version >= self.version_until:
            return False
        return self.pattern.fullmatch(resource_path) is not None


@dataclass(frozen=True)
class ClientSettings:
    """A client's compiled settings: what it may call and see, and how answers are sent."""

    resources: tuple[ResourceRule, ...] = ()
    allowed_origins: frozenset[str] = frozenset()
    response_headers: tuple[tuple[str, str], ...] = ()
    _by_specificity: tuple[ResourceRule, ...] = field(default=(), repr=False)

    def rule_for(self, resource_path: str, method: str, version: str) -> ResourceRule | None:
        """The entry granting ``method`` on ``resource_path`` in API ``version`` ("19.5"),
        or ``None``. Only the most specific matching entries are consulted: a broader one
        never grants what they leave out. HEAD is granted with GET; OPTIONS with any method
        of the resource."""
        method = method.lower()
        wanted = {method, "get"} if method == "head" else {method}
        numeric = version_tuple(version) or (0, 0)
        deciding = None
        for rule in self._by_specificity:
            if deciding is not None and rule.specificity != deciding:
                break
            if not rule.matches(resource_path, numeric):
                continue
            deciding = rule.specificity
            if method == "options" or rule.methods & wanted:
                return rule
        return None


def version_tuple(text) -> tuple[int, int] | None:
    match = VERSION.fullmatch(text) if isinstance(text, str) else None
    return (int(match[1]), int(match[2])) if match else None


def parse_settings_document(document) -> dict[str, dict]:
    """Validate a whole ``{"_v": ..., "clients": [...]}`` document.

    Returns each client's entry (without ``client_id``) by client id, as ``ApiClient``
    stores it; raises ``SettingsDocumentError`` listing every problem.
    """
    if not isinstance(document, dict):
        raise SettingsDocumentError(['the document must be an object {"clients": [...]}'])
    errors = unknown_properties(document, {"_v", "clients"}, "the document")
    if "_v" in document and not isinstance(document["_v"], str):
        errors.append('"_v" must be a string such as "19.5"')
    clients = document.get("clients")
    if not isinstance(clients, list):
        raise SettingsDocumentError([*errors, '"clients" must be a list'])
    if len(clients) > MAX_CLIENTS:
        raise SettingsDocumentError([*errors, f'"clients" lists at most {MAX_CLIENTS} clients'])
    entries: dict[str, dict] = {}
    for index, client in enumerate(clients):
        place = f"clients[{index}]"
        client_id = client.get("client_id") if isinstance(client, dict) else None
        if not valid_client_id(client_id):
            errors.append(f"{place}.client_id: a client id (1 to 64 characters) is required")
        elif client_id in entries:
            errors.append(f"{place}.client_id: '{client_id}' is listed twice")
        client_errors = client_document_errors(client, place)
        errors.extend(client_errors)
        if valid_client_id(client_id) and not client_errors:
            entries[client_id] = without_client_id(client)
    if errors:
        raise SettingsDocumentError(errors)
    return entries


def parse_client_document(document, *, client_id: str | None = None) -> ClientSettings:
    """Validate and compile one client's entry. A ``client_id`` in it must be this
    client's (``client_id``), when that is known."""
    errors = client_document_errors(document, "")
    named = document.get("client_id", client_id) if isinstance(document, dict) else client_id
    if client_id is not None and named != client_id:
        errors.insert(0, f"client_id: this is client '{client_id}'")
    if errors:
        raise SettingsDocumentError(errors)
    return compile_client(document)


def without_client_id(document: dict) -> dict:
    return {key: value for key, value in document.items() if key != "client_id"}


def unknown_properties(document: dict, known: set[str], place: str) -> list[str]:
    """Refused rather than ignored: a misspelt key ("read_atributes") would otherwise
    silently grant what the merchant meant to restrict."""
    unknown = set(document) - known
    return [f"{place}: unknown properties: {', '.join(sorted(unknown))}"] if unknown else []


def valid_client_id(client_id) -> bool:
    return (
        isinstance(client_id, str)
        and 0 < len(client_id) <= MAX_CLIENT_ID_LENGTH
        and client_id.isprintable()
        and client_id.strip() == client_id
    )


def client_document_errors(document, place: str) -> list[str]:
    at = f"{place}." if place else ""
    if not isinstance(document, dict):
        return [f"{place or 'the client'}: must be an object"]
    errors = unknown_properties(document, CLIENT_KEYS, place or "the client")
    if "client_id" in document and not valid_client_id(document["client_id"]):
        errors.append(f"{at}client_id: a client id (1 to 64 characters) is required")
    origins = document.get("allowed_origins", [])
    if not isinstance(origins, list):
        errors.append(f"{at}allowed_origins: must be a list of origins")
    else:
        for index, origin in enumerate(origins):
            if not isinstance(origin, str) or not ORIGIN.fullmatch(origin.rstrip("/")):
                errors.append(
                    f"{at}allowed_origins[{index}]: {origin!r} is not an origin like "
                    "https://www.example.com"
                )
    errors.extend(response_header_errors(document.get("response_headers", {}), at))
    resources = document.get("resources", [])
    if not isinstance(resources, list):
        errors.append(f"{at}resources: must be a list")
    elif len(resources) > MAX_RESOURCES:
        errors.append(f"{at}resources: at most {MAX_RESOURCES} entries")
    else:
        for index, resource in enumerate(resources):
            errors.extend(resource_errors(resource, f"{at}resources[{index}]"))
    return errors


def response_header_errors(headers, at: str) -> list[str]:
    if not isinstance(headers, dict):
        return [f"{at}response_headers: must be an object of header names and values"]
    errors = []
    for name, value in headers.items():
        if not HEADER_NAME.fullmatch(name):
            errors.append(f"{at}response_headers: {name!r} is not a header name")
        elif RESERVED_HEADERS.fullmatch(name):
            errors.append(f"{at}response_headers: {name!r} is set by the API itself")
        elif not isinstance(value, str) or not HEADER_VALUE.fullmatch(value):
            errors.append(f"{at}response_headers.{name}: must be printable text")
    return errors


def resource_errors(resource, place: str) -> list[str]:
    if not isinstance(resource, dict):
        return [f"{place}: must be an object"]
    errors = unknown_properties(resource, RESOURCE_KEYS, place)
    resource_id = resource.get("resource_id")
    if not isinstance(resource_id, str) or not resource_id_segments(resource_id):
        errors.append(
            f"{place}.resource_id: {resource_id!r} is not a resource path like "
            "/customers/*/addresses (segments of letters, digits, _ . -, or * and **)"
        )
    methods = resource.get("methods")
    if (
        not isinstance(methods, list)
        or not methods
        or not all(isinstance(method, str) and method.lower() in METHODS for method in methods)
    ):
        errors.append(f"{place}.methods: a non-empty list of {', '.join(METHODS)}")
    for key in ("read_attributes", "write_attributes"):
        if key in resource:
            try:
                selection.parse_attributes(resource[key])
            except SelectionSyntaxError as error:
                errors.append(f"{place}.{key}: {error}")
    cache_time = resource.get("cache_time", 0)
    if (
        not isinstance(cache_time, int)
        or isinstance(cache_time, bool)
        or not 0 <= cache_time <= MAX_CACHE_TIME
    ):
        errors.append(f"{place}.cache_time: seconds, 0 to {MAX_CACHE_TIME}")
    if not isinstance(resource.get("personalized_caching_enabled", False), bool):
        errors.append(f"{place}.personalized_caching_enabled: true or false")
    errors.extend(version_range_errors(resource.get("version_range", {}), place))
    return errors


def version_range_errors(version_range, place: str) -> list[str]:
    if not isinstance(version_range, dict) or set(version_range) - {"from", "until"}:
        return [f'{place}.version_range: an object {{"from": "19.5", "until": "20.4"}}']
    return [
        f'{place}.version_range.{key}: a version such as "19.5"'
        for key, value in version_range.items()
        if version_tuple(value) is None
    ]


def resource_id_segments(resource_id: str) -> list[str] | None:
    if not resource_id.startswith("/") or len(resource_id) > 1000:
        return None
    segments = resource_id[1:].split("/")
    if all(segment in {"*", "**"} or SEGMENT.fullmatch(segment) for segment in segments):
        return segments
    return None


def resource_pattern(segments: list[str]) -> re.Pattern:
    parts = []
    for segment in segments:
        if segment == "**":
            parts.append(r"[^/]+(?:/[^/]+)*")
        elif segment == "*":
            parts.append(r"[^/]+")
        else:
            parts.append(re.escape(segment))
    return re.compile("/" + "/".join(parts))


def compile_client(document: dict) -> ClientSettings:
    """A validated client entry as the objects the request path consults."""
    rules = []
    for resource in document.get("resources", []):
        segments = resource_id_segments(resource["resource_id"])
        version_range = resource.get("version_range", {})
        literal = sum(segment not in {"*", "**"} for segment in segments)
        rules.append(
            ResourceRule(
                resource_id=resource["resource_id"],
                pattern=resource_pattern(segments),
                methods=frozenset(method.lower() for method in resource["methods"]),
                # Left out, an attribute list restricts nothing (as "(**)").
                read=selection.parse_attributes(resource.get("read_attributes", "(**)")),
                write=selection.parse_attributes(resource.get("write_attributes", "(**)")),
                cache_time=resource.get("cache_time") or None,
                version_from=version_tuple(version_range.get("from")),
                version_until=version_tuple(version_range.get("until")),
                specificity=(literal, -segments.count("**")),
            )
        )
    ordered = sorted(rules, key=lambda rule: rule.specificity, reverse=True)  # stable
    return ClientSettings(
        resources=tuple(rules),
        allowed_origins=frozenset(
            origin.rstrip("/") for origin in document.get("allowed_origins", [])
        ),
        response_headers=tuple(document.get("response_headers", {}).items()),
        _by_specificity=tuple(ordered),
    )
