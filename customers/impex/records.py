"""What one ``<customer>`` element says, as plain data, and what can be wrong with it.

The reader turns XML into these records and the importer turns records into rows; neither
needs the other's details. A record carries the line of its ``<customer>`` element so that
every problem found later (a login taken by another customer, a database refusal) can
still be reported where the merchant will look for it.
"""

from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class PlainPassword:
    """``encrypted="false"``: a password in clear text, hashed with Django's hasher."""

    value: str = field(repr=False)


@dataclass(frozen=True, slots=True)
class ForeignHash:
    """``encrypted="true"``: a hash in Commerce Cloud's own scheme.

    Nothing here can verify it, and storing it where Django expects its own hashes would
    at best never match and at worst be mistaken for one; so only the scheme's name is
    kept (for reports) and the hash itself is dropped while reading.
    """

    scheme: str


@dataclass(slots=True)
class AddressRecord:
    address_id: str
    line: int
    #: ``True``/``False`` as the ``preferred`` attribute says, ``None`` when absent.
    preferred: bool | None
    values: dict = field(default_factory=dict)
    custom: dict = field(default_factory=dict)


@dataclass(slots=True)
class CustomerRecord:
    """A customer as the file describes it.

    ``values`` holds model field -> value for the elements that carry a value: an absent
    or empty element is simply not there (the format says both mean "no value"), and the
    import mode decides what that means for a stored customer. A record without a
    ``<credentials>`` element is a guest, identified by its customer id.
    """

    customer_no: str
    line: int
    is_guest: bool = False
    login: str | None = None
    password: PlainPassword | ForeignHash | None = None
    values: dict = field(default_factory=dict)
    custom: dict = field(default_factory=dict)
    addresses: list[AddressRecord] = field(default_factory=list)

    @property
    def keys(self) -> tuple:
        """What identifies the customer in a batch: its number, and its login."""
        keys = [("no", self.customer_no)]
        if self.login:
            keys.append(("login", self.login.lower()))
        return tuple(keys)


@dataclass(frozen=True, slots=True)
class Problem:
    """A customer that is not imported, and why: what the merchant needs to fix it."""

    customer_no: str
    line: int
    message: str

    def __str__(self):
        return f"line {self.line}: customer {self.customer_no or '(no number)'}: {self.message}"


class BadCustomer(Exception):
    """Raised while reading or importing one customer; the import goes on without it."""

    def __init__(self, message: str, line: int | None = None):
        super().__init__(message)
        self.message = message
        self.line = line


class UnreadableFile(Exception):
    """The file as a whole cannot be read (not XML, not this format, or unsafe XML)."""
