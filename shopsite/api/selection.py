"""OCAPI property selection: ``select=(customer_id,email)`` trims the response document.

The grammar (OCAPI "Property Selection"), read by a small recursive-descent parser, with
no ``eval`` and bounded nesting::

    selector := "(" item ("," item)* ")"
    item     := "**" | "*" | ["+" | "-"] name [index] ["." (selector | item)]
    index    := "[" int "]" | "[" int ":" int "]" | "[" int ("," int)* "]"
    name     := letters, digits, "_" (``c_*`` custom attributes included)

* ``(**)`` keeps everything; ``(*)`` the top level's simple properties (no objects or
  lists); ``(name)`` / ``(+name)`` one property, whole; ``(-name)`` drops one that
  ``*``/``**`` kept.
* ``(data.(address_id,city))`` keeps ``data`` and, in it (in each entry of a list), only
  what the inner selector keeps; ``(data.city)`` is short for ``(data.(city))``.
* ``(data[0].(**))``, ``(data[0:4].(**))`` (both ends included), ``(data[1,3,5].(**))``
  keep those entries of a list.
* Array filters (``[?(@.name=='color')]``) are not supported: such a selector is refused
  as malformed rather than silently ignored.

A property the document does not have is simply not there; ``_v`` and the document's
``_type`` always stay, so a client (and the XML root element) still knows what it got.
A malformed selector is a 400 ``MalformedSelectorException`` with the ``selector``
argument, OCAPI's global fault for it.
"""

import re
from dataclasses import dataclass, field

from shopsite.api.faults import MalformedSelector

MAX_SELECTOR_LENGTH = 2000
MAX_NESTING = 16
ALWAYS_KEPT = ("_v", "_type")
TOKEN = re.compile(r"\*\*|[()\[\],.:*+\-]|\d+|[A-Za-z0-9_]+")


@dataclass
class Rule:
    name: str
    exclude: bool = False
    indexes: tuple[int, ...] | None = None
    #: (start, end) of an ``[a:b]`` index, both included.
    span: tuple[int, int] | None = None
    inner: "Selector | None" = None

    def apply(self, value):
        if isinstance(value, list):
            if self.indexes is not None:
                value = [value[index] for index in self.indexes if index < len(value)]
            elif self.span is not None:
                value = value[self.span[0] : self.span[1] + 1]
            if self.inner is not None:
                inner = self.inner
                value = [
                    inner.apply(entry) if isinstance(entry, dict) else entry for entry in value
                ]
            return value
        if isinstance(value, dict) and self.inner is not None:
            return self.inner.apply(value)
        return value


@dataclass
class Selector:
    everything: bool = False  # **
    simple: bool = False  # *
    rules: list[Rule] = field(default_factory=list)

    def apply(self, document: dict, *, top: bool = False) -> dict:
        excluded = {rule.name for rule in self.rules if rule.exclude}
        included = {rule.name: rule for rule in self.rules if not rule.exclude}
        kept = {}
        for name, value in document.items():
            if top and name in ALWAYS_KEPT:
                kept[name] = value
            elif name in included:
                kept[name] = included[name].apply(value)
            elif name in excluded:
                continue
            elif self.everything or (self.simple and not isinstance(value, dict | list)):
                kept[name] = value
        return kept


def malformed(text: str, reason: str) -> MalformedSelector:
    shown = text[:200]
    return MalformedSelector(
        f"The property selector '{shown}' is malformed: {reason}.", selector=shown
    )


class _Parser:
    def __init__(self, text: str):
        self.text = text
        self.tokens = self._tokenize(text)
        self.position = 0

    def fail(self, reason: str):
        raise malformed(self.text, reason)

    def _tokenize(self, text: str) -> list[str]:
        tokens, position = [], 0
        while position < len(text):
            if text[position].isspace():
                position += 1
                continue
            match = TOKEN.match(text, position)
            if text[position] == "?":
                self.fail("array filters ([?(...)]) are not supported")
            if match is None:
                self.fail(f"unexpected character at position {position + 1}")
            tokens.append(match.group())
            position = match.end()
        return tokens

    def peek(self) -> str | None:
        return self.tokens[self.position] if self.position < len(self.tokens) else None

    def take(self, expected: str | None = None) -> str:
        token = self.peek()
        if token is None:
            self.fail(f"it ends where {expected or 'more'} is expected")
        if expected is not None and token != expected:
            self.fail(f"'{expected}' expected, found '{token}'")
        self.position += 1
        return token

    def selector(self, depth: int) -> Selector:
        if depth > MAX_NESTING:
            self.fail(f"nested deeper than {MAX_NESTING} levels")
        self.take("(")
        selector = Selector()
        while True:
            self.item(selector, depth)
            if self.peek() == ",":
                self.take(",")
                continue
            self.take(")")
            return selector

    def item(self, selector: Selector, depth: int) -> None:
        symbol = self.peek()
        if symbol == "**":
            self.take()
            selector.everything = True
            return
        if symbol == "*":
            self.take()
            selector.simple = True
            return
        exclude = False
        if symbol in ("+", "-"):
            exclude = self.take() == "-"
        selector.rules.append(self.rule(exclude, depth))

    def rule(self, exclude: bool, depth: int) -> Rule:
        name = self.take()
        if not re.fullmatch(r"[A-Za-z0-9_]+", name):
            self.fail(f"a property name expected, found '{name}'")
        rule = Rule(name=name, exclude=exclude)
        if self.peek() == "[":
            self.index(rule)
        if self.peek() == ".":
            if exclude:
                self.fail(f"an excluded property ('-{name}') has no sub-selector")
            self.take(".")
            if self.peek() == "(":
                rule.inner = self.selector(depth + 1)
            else:
                rule.inner = Selector()
                self.item(rule.inner, depth + 1)
        return rule

    def index(self, rule: Rule) -> None:
        self.take("[")
        first = self.number()
        if self.peek() == ":":
            self.take(":")
            last = self.number()
            if last < first:
                self.fail(f"the range [{first}:{last}] is empty")
            rule.span = (first, last)
        else:
            indexes = [first]
            while self.peek() == ",":
                self.take(",")
                indexes.append(self.number())
            rule.indexes = tuple(indexes)
        self.take("]")

    def number(self) -> int:
        token = self.take()
        if not token.isdigit() or len(token) > 9:
            self.fail(f"an index expected, found '{token[:20]}'")
        return int(token)


def parse_selector(text: str) -> Selector:
    """The selector ``text`` holds (``(customer_id,email)``), or ``MalformedSelector``."""
    if len(text) > MAX_SELECTOR_LENGTH:
        raise malformed(text, f"longer than {MAX_SELECTOR_LENGTH} characters")
    parser = _Parser(text)
    if not parser.tokens:
        parser.fail("it is empty")
    selector = parser.selector(1)
    if parser.peek() is not None:
        parser.fail(f"unexpected '{parser.peek()}' after the closing parenthesis")
    return selector


def select(document, selector: Selector | None):
    """``document`` trimmed by ``selector`` (unchanged without one, or if not an object)."""
    if selector is None or not isinstance(document, dict):
        return document
    return selector.apply(document, top=True)
