"""OCAPI's property selection syntax, parsed once for its two uses.

- the ``select=`` query parameter trims an answer for the client that asked
  (``parse_selector``, ``select``; ``shopsite.api.views``);
- a client's settings document (``shopsite.api.client_settings``) restricts what the
  client may read and write with ``read_attributes`` and ``write_attributes``
  (``parse_attributes``, ``Selection.trim``, ``Selection.first_unselected``).

One grammar, one recursive-descent parser (no ``eval``, bounded length and nesting), one
tree, so the two can never come to disagree about what an expression means::

    selection := "(" item ("," item)* ")"
    item      := "**" | "*" | "-" name | ["+"] name [entries] ["." (selection | item)]
    entries   := "[" int "]" | "[" int ":" int "]" | "[" int ("," int)* "]"
    name      := letters, digits, "_", and "*" wildcards (``c_*``)

* ``(**)`` everything, at every level; ``(*)`` the properties of this level that are not
  documents (or lists of documents), OCAPI's "except complex properties".
* ``(name)`` / ``(+name)`` that property, whole; ``c_*`` every custom attribute.
* ``(name.(city,address_id))`` that property, with the inner selection applied to the
  document in it (to each document of a list); ``(name.city)`` is short for
  ``(name.(city))``. An explicit ``name.(...)`` or ``name[...]`` wins over ``*``/``**``.
* ``(-name)`` not that property, whatever else in the selection says so.
* ``(data[0].(**))``, ``(data[0:4].(**))`` (both ends included), ``(data[1,3,5].(**))``
  keep those entries of a list; an index named twice keeps its entry once
  (``data[0,0,0]`` is ``data[0]``), so a selection never holds more than what it trims.
* Array filters (``[?(@.name=='color')]``) are not supported: refused as malformed rather
  than silently ignored.

What a selection keeps is counted as it is built: past ``OCAPI["MAX_SELECTED_VALUES"]``
values (every property and list entry kept) the trim stops with a 400
``BadRequestException`` rather than build the rest (``select``). Which item matches a
property name is looked up once per name, not once per property of the answer, so a
selector of hundreds of names costs no more per value than one of a few.

Errors are one ``SelectionSyntaxError`` saying what and at which character; each caller
gives it its own shape: ``parse_selector`` a 400 ``MalformedSelectorException`` (OCAPI's
global fault for it), the settings document a validation message with its place
(``clients[1].resources[0].read_attributes: ...``) for the admin form and the
``ocapi_settings`` command.
"""

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from fnmatch import fnmatchcase

from shopsite.api.faults import BadRequest, MalformedSelector
from shopsite.api.limits import limit

MAX_DEPTH = 16
#: ``select=`` travels in the query string.
MAX_SELECTOR_LENGTH = 2000
#: A settings document may list a long run of custom attributes (``c_a,c_b,...``).
MAX_ATTRIBUTES_LENGTH = 4000
#: What ``parse_selector`` shows of a malformed selector (message and fault argument).
SHOWN_LENGTH = 200
NAME = re.compile(r"[A-Za-z0-9_*]+")
TOKEN = re.compile(rf"{NAME.pattern}|[(),.+\-\[\]:]")
INDEX_DIGITS = 9
#: Distinct property names a selection remembers the matching item of (a selection of a
#: client's settings lives as long as the process; names in answers are the clients').
MATCH_MEMORY = 1000


class SelectionSyntaxError(ValueError):
    """A malformed expression; the message says what and at which character."""


def meta_everywhere(name: str, top: bool) -> bool:
    """Settings documents: ``_v``, ``_type``, ``_resource_state`` describe a document
    rather than being part of it, at any level. A permission restricts content, never
    that: a trimmed document stays a well-formed OCAPI document, and a request document
    may always carry them (``_resource_state`` is how a client asks for a safe write)."""
    return name.startswith("_")


#: What ``select=`` never removes from an answer (the OpenAPI schema requires only these).
ALWAYS_KEPT = ("_v", "_type")


def identity_at_top(name: str, top: bool) -> bool:
    """``select=``: the client asked for exactly these properties, so everything else
    goes, except the top-level ``_v`` and ``_type``: the client (and the XML root
    element, named for ``_type``) still knows what it got."""
    return top and name in ALWAYS_KEPT


#: Which properties a trim always keeps: ``(name, at the top level) -> bool``.
KeptMeta = Callable[[str, bool], bool]


@dataclass(frozen=True)
class Include:
    """One ``name``/``+name`` item: the property (or glob) it keeps, which entries of a
    list (``[i]``, ``[a:b]``, ``[i,j]``), and what of the document(s) in it."""

    pattern: str
    inner: "Selection | None" = None
    indexes: tuple[int, ...] | None = None
    #: (first, last) of an ``[a:b]`` index, both included.
    span: tuple[int, int] | None = None

    @property
    def whole(self) -> bool:
        return self.inner is None and self.indexes is None and self.span is None

    @property
    def picks_entries(self) -> bool:
        return self.indexes is not None or self.span is not None

    def picks(self, index: int) -> bool:
        if self.indexes is not None:
            return index in self.indexes
        if self.span is not None:
            return self.span[0] <= index <= self.span[1]
        return True

    def entries(self, value: list) -> list:
        # ``indexes`` holds each index once (``_Parser.entries``).
        if self.indexes is not None:
            return [value[index] for index in self.indexes if index < len(value)]
        if self.span is not None:
            return value[self.span[0] : self.span[1] + 1]
        return value

    def apply(self, value, kept_meta: KeptMeta, budget: "Budget"):
        if isinstance(value, list):
            value = self.entries(value)
            budget.spend(len(value))
        if self.inner is None:
            return value
        return self.inner.trimmed(value, kept_meta, budget, top=False)

    def first_unselected(self, value, path: str) -> str | None:
        if isinstance(value, list) and self.picks_entries:
            for index in range(len(value)):
                if not self.picks(index):
                    return f"{path}[{index}]"
        if self.inner is None:
            return None
        return self.inner.first_unselected(value, path)


#: What ``*`` and ``**`` keep of a property: all of it.
WHOLE = Include(pattern="**")


class Budget:
    """How many more values a trim may keep (``None``: no limit)."""

    __slots__ = ("left",)

    def __init__(self, left: int | None):
        self.left = left

    def spend(self, count: int) -> None:
        if self.left is None:
            return
        self.left -= count
        if self.left < 0:
            maximum = limit("MAX_SELECTED_VALUES")
            raise BadRequest(
                reason=f"the property selection would keep more than {maximum} values; "
                "select fewer (a narrower select= or a smaller page)"
            )


#: What ``include_for`` remembers of a name: excluded, or the first matching include.
_EXCLUDED = object()


@dataclass(frozen=True)
class Selection:
    everything: bool = False  # **
    simple: bool = False  # *
    includes: tuple[Include, ...] = ()
    excludes: tuple[str, ...] = ()
    #: name -> _EXCLUDED, the first include matching it, or None (see ``include_for``).
    matches: dict = field(default_factory=dict, compare=False, hash=False, repr=False)

    @property
    def selects_all(self) -> bool:
        """``(**)`` and nothing narrowing it: callers skip the walk."""
        return (
            self.everything
            and not self.excludes
            and all(include.whole for include in self.includes)
        )

    def include_for(self, name: str, value) -> Include | None:
        """What this selection keeps of property ``name``: an ``Include`` (``WHOLE`` for
        all of it), or ``None``. Exclusions win, then the first matching item, then
        ``**``/``*``."""
        if any(fnmatchcase(name, pattern) for pattern in self.excludes):
            return None
        for include in self.includes:
            if fnmatchcase(name, include.pattern):
                return include
        if self.everything or (self.simple and not is_document(value)):
            return WHOLE
        return None

    def trim(self, value, *, kept_meta: KeptMeta, max_values: int | None = None):
        """``value`` with only the selected properties (documents in lists too);
        ``kept_meta`` says which properties stay whatever the selection says. Past
        ``max_values`` kept values (properties and list entries, as they are kept; a
        whole property kept counts one) a 400 ``BadRequestException``."""
        return self.trimmed(value, kept_meta, Budget(max_values), top=True)

    def trimmed(self, value, kept_meta: KeptMeta, budget: Budget, *, top: bool):
        if self.selects_all:
            return value
        if isinstance(value, list):
            return [self.trimmed(item, kept_meta, budget, top=top) for item in value]
        if not isinstance(value, dict):
            return value
        kept = {}
        for name, item in value.items():
            if kept_meta(name, top):
                kept[name] = item
                continue
            include = self.include_for(name, item)
            if include is not None:
                budget.spend(1)
                kept[name] = include.apply(item, kept_meta, budget)
        return kept

    def first_unselected(self, value, path: str = "") -> str | None:
        """The path (``address.city``, ``data[2]``) of the first property of a request
        document this selection leaves out, or ``None`` when it selects all of them.
        Meta properties (``_v``, ``_type``, ``_resource_state``) are never left out."""
        if self.selects_all:
            return None
        if isinstance(value, list):
            for item in value:
                found = self.first_unselected(item, path)
                if found:
                    return found
            return None
        if not isinstance(value, dict):
            return None
        for name, item in value.items():
            if meta_everywhere(name, top=not path):
                continue
            item_path = f"{path}.{name}" if path else name
            include = self.include_for(name, item)
            if include is None:
                return item_path
            found = include.first_unselected(item, item_path)
            if found:
                return found
        return None


def is_document(value) -> bool:
    """A "complex" property in OCAPI's sense: a document or a list of documents. A list
    of strings (a set-of-string custom attribute) is a simple value."""
    if isinstance(value, dict):
        return True
    return isinstance(value, list) and any(isinstance(item, dict) for item in value)


def parse(expression, *, permissions: bool = False, max_length: int) -> Selection:
    """The ``Selection`` an expression like ``(name,data.(**))`` stands for, or
    ``SelectionSyntaxError``.

    ``permissions=True`` is the stricter form a settings document takes: no array
    selectors (they pick documents, not properties, so they mean nothing for what a
    client may read or write), and an exclusion only next to ``*``/``**`` (a bare
    ``(-name)`` would keep nothing, when the merchant surely meant "all but name").
    """
    if not isinstance(expression, str):
        raise SelectionSyntaxError("a selection is a string like (**)")
    if len(expression) > max_length:
        raise SelectionSyntaxError(f"a selection has at most {max_length} characters")
    parser = _Parser(expression, permissions=permissions)
    selection = parser.selection(depth=1)
    if parser.peek() is not None:
        parser.fail(f"unexpected '{parser.peek()}' after the closing parenthesis")
    return selection


def parse_selector(text: str) -> Selection:
    """The ``select=`` query parameter, or a 400 ``MalformedSelector`` whose ``selector``
    argument shows (the start of) what was sent."""
    try:
        return parse(text, max_length=MAX_SELECTOR_LENGTH)
    except SelectionSyntaxError as error:
        shown = text[:SHOWN_LENGTH]
        raise MalformedSelector(
            f"The property selector '{shown}' is malformed: {error}.", selector=shown
        ) from None


def parse_attributes(expression) -> Selection:
    """A settings document's ``read_attributes`` or ``write_attributes``; the caller adds
    the place to the ``SelectionSyntaxError``."""
    return parse(expression, permissions=True, max_length=MAX_ATTRIBUTES_LENGTH)


def select(document, selector: Selection | None):
    """``document`` trimmed by a ``select=`` selector (unchanged without one, or if it is
    not an object)."""
    if selector is None or not isinstance(document, dict):
        return document
    return selector.trim(
        document, kept_meta=identity_at_top, max_values=limit("MAX_SELECTED_VALUES")
    )


class _Parser:
    """Recursive descent over the tokens; whitespace may separate tokens, never split a
    name."""

    def __init__(self, text: str, *, permissions: bool):
        self.text = text
        self.permissions = permissions
        self.tokens: list[tuple[str, int]] = []  # (token, its offset in text)
        self.position = 0
        self.tokenize()

    def fail(self, reason: str, offset: int | None = None):
        if offset is None:
            offset = self.tokens[self.position][1] if self.peek() else len(self.text)
        raise SelectionSyntaxError(f"{reason} at character {offset + 1}")

    def tokenize(self) -> None:
        offset = 0
        while offset < len(self.text):
            char = self.text[offset]
            if char.isspace():
                offset += 1
                continue
            if char == "?":
                self.fail("array filters ([?(...)]) are not supported", offset)
            match = TOKEN.match(self.text, offset)
            if match is None:
                self.fail(f"unexpected character {char!r}", offset)
            self.tokens.append((match.group(), offset))
            offset = match.end()

    def peek(self) -> str | None:
        return self.tokens[self.position][0] if self.position < len(self.tokens) else None

    def take(self, expected: str | None = None) -> str:
        token = self.peek()
        if token is None:
            wanted = f"'{expected}'" if expected else "more"
            self.fail(f"it ends where {wanted} is expected")
        if expected is not None and token != expected:
            self.fail(f"'{expected}' expected, found '{token}'")
        self.position += 1
        return token

    def check_depth(self, depth: int) -> None:
        if depth > MAX_DEPTH:
            self.fail(f"selections nest at most {MAX_DEPTH} levels deep")

    def selection(self, depth: int) -> Selection:
        self.check_depth(depth)
        self.take("(")
        items = _Items()
        while True:
            self.item(items, depth)
            if self.peek() == ",":
                self.take(",")
                continue
            self.take(")")
            break
        return self.built(items)

    def built(self, items: "_Items") -> Selection:
        if self.permissions and items.excludes and not (items.everything or items.simple):
            self.fail("an exclusion (-name) needs * or ** in the same selection")
        return Selection(
            items.everything, items.simple, tuple(items.includes), tuple(items.excludes)
        )

    def item(self, items: "_Items", depth: int) -> None:
        symbol = self.peek()
        if symbol == "**":
            self.take()
            items.everything = True
        elif symbol == "*":
            self.take()
            items.simple = True
        elif symbol == "-":
            self.take()
            items.excludes.append(self.name())
            if self.peek() in (".", "["):
                self.fail("an excluded property (-name) takes no sub-selection")
        else:
            if symbol == "+":
                self.take()
            items.includes.append(self.include(depth))

    def include(self, depth: int) -> Include:
        pattern = self.name()
        indexes = span = inner = None
        if self.peek() == "[":
            if self.permissions:
                self.fail("array selectors ([...]) are not supported here")
            indexes, span = self.entries()
        if self.peek() == ".":
            self.take(".")
            if self.peek() == "(":
                inner = self.selection(depth + 1)
            else:  # name.sub is short for name.(sub): one level deeper all the same
                self.check_depth(depth + 1)
                nested = _Items()
                self.item(nested, depth + 1)
                inner = self.built(nested)
        return Include(pattern, inner, indexes, span)

    def name(self) -> str:
        token = self.peek()
        if token is None or token in ("*", "**") or not NAME.fullmatch(token):
            self.fail("a property name expected")
        return self.take()

    def entries(self) -> tuple[tuple[int, ...] | None, tuple[int, int] | None]:
        self.take("[")
        first = self.number()
        if self.peek() == ":":
            self.take(":")
            last = self.number()
            if last < first:
                self.fail(f"the range [{first}:{last}] is empty")
            self.take("]")
            return None, (first, last)
        indexes = [first]
        while self.peek() == ",":
            self.take(",")
            indexes.append(self.number())
        self.take("]")
        return tuple(dict.fromkeys(indexes)), None  # each once, in the order first named

    def number(self) -> int:
        token = self.peek()
        if token is None or not token.isdigit() or len(token) > INDEX_DIGITS:
            self.fail("an index expected")
        return int(self.take())


@dataclass
class _Items:
    """A selection's items while it is being read."""

    everything: bool = False
    simple: bool = False
    includes: list[Include] = field(default_factory=list)
    excludes: list[str] = field(default_factory=list)
