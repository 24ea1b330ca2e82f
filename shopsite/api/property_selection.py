"""OCAPI's property selection syntax, as the settings document's ``read_attributes`` and
``write_attributes`` use it: ``(**)``, ``(customer_id,email,c_*)``, ``(count,data.(city))``.

A selection is a parenthesised, comma separated list of items:

- ``**``: every property, at every level below;
- ``*``: every property of this level that is not a document (or a list of documents);
- ``name`` or ``+name``: that property, whole; ``name`` may hold ``*`` wildcards (``c_*``);
- ``name.(...)``: that property, with the inner selection applied to the document(s) in it;
- ``-name``: not that property, whatever else says so (after ``*`` or ``**``).

The array selectors of the ``select`` parameter (``[0:4]``, ``[?(...)]``) pick documents,
not properties, so they mean nothing for attribute permissions and are refused here.

Properties starting with ``_`` (``_v``, ``_type``, ``_resource_state``) describe the
document rather than being part of it: every selection keeps them, so a trimmed document is
still a well-formed OCAPI document.
"""

import re
from dataclasses import dataclass
from fnmatch import fnmatchcase

NAME = re.compile(r"[A-Za-z0-9_*]+")
MAX_DEPTH = 16
MAX_LENGTH = 4000


class SelectionSyntaxError(ValueError):
    """A malformed expression; the message says where."""


@dataclass(frozen=True)
class Selection:
    everything: bool = False  # **
    top_level: bool = False  # *
    includes: tuple[tuple[str, "Selection | None"], ...] = ()
    excludes: tuple[str, ...] = ()

    @property
    def selects_all(self) -> bool:
        return self.everything and not self.excludes

    def rule_for(self, name: str, value) -> "Selection | None":
        """What this selection keeps of property ``name``: ``ALL`` (it whole), a nested
        selection to apply to it, or ``None`` (left out)."""
        if name.startswith("_"):
            return ALL
        if any(fnmatchcase(name, pattern) for pattern in self.excludes):
            return None
        for pattern, inner in self.includes:
            if fnmatchcase(name, pattern):
                return ALL if inner is None else inner
        if self.everything or (self.top_level and not is_document(value)):
            return ALL
        return None

    def trim(self, value):
        """``value`` with only the selected properties (documents in lists too)."""
        if self.selects_all:
            return value
        if isinstance(value, list):
            return [self.trim(item) for item in value]
        if not isinstance(value, dict):
            return value
        trimmed = {}
        for name, item in value.items():
            rule = self.rule_for(name, item)
            if rule is not None:
                trimmed[name] = item if rule is ALL else rule.trim(item)
        return trimmed

    def first_unselected(self, value, path: str = "") -> str | None:
        """The path (``address.city``) of the first property of ``value`` this selection
        leaves out, or ``None`` when it selects all of them."""
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
            item_path = f"{path}.{name}" if path else name
            rule = self.rule_for(name, item)
            if rule is None:
                return item_path
            if rule is not ALL:
                found = rule.first_unselected(item, item_path)
                if found:
                    return found
        return None


ALL = Selection(everything=True)


def is_document(value) -> bool:
    if isinstance(value, dict):
        return True
    return isinstance(value, list) and any(isinstance(item, dict) for item in value)


def parse(expression: str) -> Selection:
    """The ``Selection`` an expression like ``(name,data.(**))`` stands for."""
    if not isinstance(expression, str):
        raise SelectionSyntaxError("a selection is a string like (**)")
    if len(expression) > MAX_LENGTH:
        raise SelectionSyntaxError(f"a selection has at most {MAX_LENGTH} characters")
    parser = _Parser("".join(expression.split()))
    selection = parser.selection(depth=1)
    if parser.position != len(parser.text):
        parser.fail("unexpected text after the closing parenthesis")
    return selection


class _Parser:
    """Recursive descent over the whitespace-free expression."""

    def __init__(self, text: str):
        self.text = text
        self.position = 0

    def fail(self, reason: str):
        raise SelectionSyntaxError(f"{reason} at character {self.position + 1}")

    def peek(self) -> str:
        return self.text[self.position : self.position + 1]

    def expect(self, char: str) -> None:
        if self.peek() != char:
            self.fail(f"'{char}' expected")
        self.position += 1

    def selection(self, depth: int) -> Selection:
        if depth > MAX_DEPTH:
            self.fail(f"selections nest at most {MAX_DEPTH} levels deep")
        self.expect("(")
        everything = top_level = False
        includes, excludes = [], []
        while True:
            if self.text.startswith("**", self.position):
                self.position += 2
                everything = True
            elif self.peek() == "*" and not NAME.match(self.text, self.position + 1):
                self.position += 1
                top_level = True
            elif self.peek() == "-":
                self.position += 1
                excludes.append(self.name())
            else:
                if self.peek() == "+":
                    self.position += 1
                name = self.name()
                inner = None
                if self.peek() == ".":
                    self.position += 1
                    inner = self.selection(depth + 1)
                includes.append((name, inner))
            if self.peek() == ",":
                self.position += 1
                continue
            self.expect(")")
            break
        if excludes and not (everything or top_level):
            self.fail("an exclusion (-name) needs * or ** in the same selection")
        return Selection(everything, top_level, tuple(includes), tuple(excludes))

    def name(self) -> str:
        match = NAME.match(self.text, self.position)
        if not match or match.group() in {"*", "**"}:
            if self.peek() == "[":
                self.fail("array selectors ([...]) are not supported here")
            self.fail("a property name expected")
        self.position = match.end()
        return match.group()
