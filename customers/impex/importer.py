"""Records -> database, in batches, each batch one transaction.

A batch is planned first (a few queries find the customers and addresses it touches,
then every change is worked out in Python) and written second with bulk statements, so
importing a thousand customers costs a handful of queries, not thousands. A customer
that cannot be imported is reported with its number and line and skipped; with
``strict`` the first one stops the import and nothing of its batch is written.

Matching follows Commerce Cloud: by customer number, then by login within the site.
Writing only what changed makes a re-import of the same file change nothing.

Passwords: a plain-text password is hashed with Django's hasher (and a re-import of the
same password keeps the stored hash). A Commerce Cloud hash can be checked by nothing
here, so it is never stored: a new customer gets an unusable password and sets one with
the reset flow; a stored customer keeps the password it has.
"""

import secrets
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime

from django.contrib.auth.hashers import (
    UNUSABLE_PASSWORD_PREFIX,
    check_password,
    is_password_usable,
    make_password,
)
from django.db import DatabaseError, transaction
from django.db.models import F
from django.db.models.functions import Lower
from django.utils import timezone

from customers.impex.bulk import insert_as_is
from customers.impex.names import ADDRESS_MODEL_FIELDS, CUSTOMER_FIELDS, EMPTY
from customers.impex.numbers import own_number_key, reserve_customer_numbers
from customers.impex.records import (
    BadCustomer,
    CustomerRecord,
    ForeignHash,
    PlainPassword,
    Problem,
)
from customers.models import Customer, CustomerAddress
from customers.models.ids import random_id

MERGE, REPLACE = "merge", "replace"
CREATED, UPDATED, UNCHANGED = "created", "updated", "unchanged"
#: Fields an absent element never clears, even in replace mode.
KEPT_WHEN_ABSENT = frozenset({"creation_date"})
#: bulk_update writes one CASE with a WHEN per row, which the database evaluates for
#: every row: cost grows with the square of the batch. Small statements stay linear.
UPDATE_BATCH = 100


@dataclass
class ImportResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    skipped: int = 0
    #: Time spent hashing plain-text passwords (deliberately slow), within ``seconds``.
    hashing_seconds: float = 0.0
    hashed: int = 0
    #: Customers created with a Commerce Cloud hash, hence without a usable password.
    foreign_hashes: int = 0
    seconds: float = 0.0
    #: ``strict`` met a bad customer and stopped.
    stopped: bool = False

    @property
    def imported(self) -> int:
        return self.created + self.updated + self.unchanged

    @property
    def complete(self) -> bool:
        return not self.skipped and not self.stopped


class _Stop(Exception):
    """Strict mode met a bad customer: leave the batch's transaction, writing nothing."""


@dataclass
class _Plan:
    """What importing one record does to the database."""

    record: CustomerRecord
    customer: Customer
    action: str
    customer_fields: set = field(default_factory=set)
    new_addresses: list = field(default_factory=list)
    changed_addresses: list = field(default_factory=list)
    address_fields: set = field(default_factory=set)
    deleted_addresses: list = field(default_factory=list)
    unpreferred_addresses: list = field(default_factory=list)


class CustomerImporter:
    def __init__(
        self,
        site,
        *,
        mode: str = MERGE,
        dry_run: bool = False,
        strict: bool = False,
        batch_size: int = 1000,
        report: Callable[[Problem], None] = lambda problem: None,
        progress: Callable[[int], None] = lambda count: None,
    ):
        if mode not in (MERGE, REPLACE):
            raise ValueError(f"mode must be {MERGE} or {REPLACE}")
        if batch_size < 1:
            raise ValueError("batch_size must be at least 1")
        self.site = site
        self.mode = mode
        self.dry_run = dry_run
        self.strict = strict
        self.batch_size = batch_size
        self.report = report
        self.progress = progress
        self.result = ImportResult()

    # --- batching ------------------------------------------------------------------------

    def run(self, items: Iterable[CustomerRecord | Problem]) -> ImportResult:
        started = time.perf_counter()
        batch: list[CustomerRecord] = []
        keys: set = set()
        try:
            for item in items:
                if isinstance(item, Problem):
                    self._skip(item)
                    continue
                # A customer met twice in one batch is written in the next one, so a later
                # record updates an earlier one whatever the batch boundaries.
                if keys.intersection(item.keys):
                    self._flush(batch)
                    batch, keys = [], set()
                batch.append(item)
                keys.update(item.keys)
                if len(batch) >= self.batch_size:
                    self._flush(batch)
                    batch, keys = [], set()
            self._flush(batch)
        except _Stop:
            self.result.stopped = True
        self.result.seconds = time.perf_counter() - started
        return self.result

    def _skip(self, problem: Problem) -> None:
        self.report(problem)
        self.result.skipped += 1
        self.progress(1)
        if self.strict:
            raise _Stop

    def _flush(self, batch: list[CustomerRecord]) -> None:
        if not batch:
            return
        plans = []
        existing = self._existing(batch)
        addresses = self._addresses_of([c for c in existing.values() if isinstance(c, Customer)])
        for record in batch:
            try:
                plans.append(self._plan(record, existing, addresses))
            except BadCustomer as exc:
                self._skip(Problem(record.customer_no, exc.line or record.line, exc.message))
        try:
            self._write_batch(plans)
        except DatabaseError:
            # Something only the database could see (a concurrent writer, say): find the
            # customers it refuses one by one. Strict mode stops at the first, and the
            # savepoint around the search leaves nothing of the batch written.
            plans = self._write_one_by_one(plans)
        for plan in plans:
            setattr(self.result, plan.action, getattr(self.result, plan.action) + 1)
            if plan.action == CREATED and isinstance(plan.record.password, ForeignHash):
                self.result.foreign_hashes += 1
        self.progress(len(plans))

    def _write_batch(self, plans: list[_Plan]) -> None:
        with transaction.atomic():
            self._write(plans)
            if self.dry_run:
                transaction.set_rollback(True)

    def _write_one_by_one(self, plans: list[_Plan]) -> list[_Plan]:
        written = []
        with transaction.atomic():
            for plan in plans:
                _forget_rolled_back_inserts(plan)
                try:
                    self._write_batch([plan])
                except DatabaseError as exc:
                    record = plan.record
                    message = f"refused by the database: {exc}".strip()
                    self._skip(Problem(record.customer_no, record.line, message))
                else:
                    written.append(plan)
        return written

    # --- planning ------------------------------------------------------------------------

    def _existing(self, batch: list[CustomerRecord]) -> dict:
        """The stored customer each record names (or ``None``), by record identity."""
        registered = [r for r in batch if not r.is_guest]
        guests = [r for r in batch if r.is_guest]
        customers = Customer.objects
        by_no = {
            c.customer_no: c
            for c in customers.filter(customer_no__in=[r.customer_no for r in registered])
        }
        by_login = {
            c.login.lower(): c
            for c in customers.for_site(self.site)
            .registered()
            .annotate(login_lower=Lower("login"))
            .filter(login_lower__in=[r.login.lower() for r in registered])
        }
        by_id = {
            c.customer_id: c
            for c in customers.filter(customer_id__in=[r.customer_no for r in guests])
        }
        found, claimed = {}, {}
        for record in batch:
            try:
                customer = self._match(record, by_no, by_login, by_id)
                # Two records of a batch may name one stored customer in two ways (one by
                # number, the other by login): only the first gets it.
                if customer is not None:
                    first = claimed.setdefault(customer.pk, record)
                    if first is not record:
                        raise BadCustomer(
                            f"matches the customer that customer {first.customer_no} "
                            f"(line {first.line}) already matched"
                        )
                found[id(record)] = customer
            except BadCustomer as exc:
                found[id(record)] = exc
        return found

    def _match(self, record, by_no, by_login, by_id) -> Customer | None:
        if record.is_guest:
            customer = by_id.get(record.customer_no)
            if customer is not None and (not customer.is_guest or customer.site_id != self.site.pk):
                raise BadCustomer(f"customer id {record.customer_no} is not a guest of this site")
            return customer
        customer = by_no.get(record.customer_no)
        holder = by_login.get(record.login.lower())
        if customer is None:
            return holder
        if customer.site_id != self.site.pk:
            raise BadCustomer("the customer number belongs to a customer of another site")
        if holder is not None and holder.pk != customer.pk:
            raise BadCustomer(
                f"login '{record.login}' belongs to customer {holder.customer_no} already"
            )
        return customer

    def _addresses_of(self, customers: list) -> dict:
        book: dict[int, dict[str, CustomerAddress]] = {c.pk: {} for c in customers if c.pk}
        if book:
            for address in CustomerAddress.objects.filter(customer_id__in=list(book)):
                book[address.customer_id][address.address_id] = address
        return book

    def _plan(self, record: CustomerRecord, existing: dict, book: dict) -> _Plan:
        customer = existing[id(record)]
        if isinstance(customer, BadCustomer):
            raise customer
        if customer is None:
            plan = _Plan(record, self._new_customer(record), CREATED)
            for address in record.addresses:
                plan.new_addresses.append(self._new_address(address))
            return plan
        plan = _Plan(record, customer, UNCHANGED)
        self._update_customer(plan)
        self._update_addresses(plan, book.get(customer.pk, {}))
        changes = (plan.customer_fields, plan.new_addresses, plan.changed_addresses)
        if any(changes) or plan.deleted_addresses or plan.unpreferred_addresses:
            plan.action = UPDATED
        return plan

    def _new_customer(self, record: CustomerRecord) -> Customer:
        if record.is_guest:
            return Customer(
                site=self.site, is_guest=True, customer_id=record.customer_no,
                custom=record.custom, **record.values,
            )  # fmt: skip
        customer = Customer(
            site=self.site, is_guest=False, customer_id=random_id(),
            customer_no=record.customer_no, login=record.login,
            custom=record.custom, **record.values,
        )  # fmt: skip
        plain = record.password if isinstance(record.password, PlainPassword) else None
        customer.password = self._hash(plain.value if plain else None)
        return customer

    def _hash(self, raw: str | None) -> str:
        """Django's hash of ``raw``, or an unusable password for ``None``. A dry run
        writes nothing, so it does not spend the (deliberately slow) hashing time."""
        if raw is None or self.dry_run:
            return unusable_password()
        started = time.perf_counter()
        hashed = make_password(raw)
        self.result.hashing_seconds += time.perf_counter() - started
        self.result.hashed += 1
        return hashed

    def _update_customer(self, plan: _Plan) -> None:
        record, customer = plan.record, plan.customer
        targets = dict(record.values)
        if self.mode == REPLACE:
            cleared = {f: EMPTY[kind] for f, kind in CUSTOMER_FIELDS.items()}
            targets = {f: v for f, v in cleared.items() if f not in KEPT_WHEN_ABSENT} | targets
        if not record.is_guest:
            targets["customer_no"] = record.customer_no
            targets["login"] = record.login
        custom = record.custom if self.mode == REPLACE else {**customer.custom, **record.custom}
        targets["custom"] = custom
        plan.customer_fields = _assign(customer, targets)
        if isinstance(record.password, PlainPassword) and not self._is_current(
            record.password.value, customer.password
        ):
            customer.password = self._hash(record.password.value)
            # A new password ends the sessions of the old one, as a password change does.
            customer.token_version = F("token_version") + 1
            customer.kept_token_jti = ""
            plan.customer_fields |= {"password", "token_version", "kept_token_jti"}

    def _is_current(self, raw: str, stored: str) -> bool:
        if self.dry_run:
            return True
        return is_password_usable(stored) and check_password(raw, stored)

    def _update_addresses(self, plan: _Plan, stored: dict) -> None:
        in_file = {address.address_id for address in plan.record.addresses}
        preferred_in_file = any(address.preferred for address in plan.record.addresses)
        for address in plan.record.addresses:
            current = stored.get(address.address_id)
            if current is None:
                plan.new_addresses.append(self._new_address(address, customer=plan.customer))
                continue
            targets = dict(address.values)
            if self.mode == REPLACE:
                cleared = {f: EMPTY[kind] for f, kind in ADDRESS_MODEL_FIELDS.items()}
                targets = cleared | targets
                targets["preferred"] = bool(address.preferred)
                targets["custom"] = address.custom
            else:
                if address.preferred is not None:
                    targets["preferred"] = address.preferred
                targets["custom"] = {**current.custom, **address.custom}
            if preferred_in_file and not address.preferred:
                targets["preferred"] = False
            if current.preferred and targets.get("preferred", True) is False:
                plan.unpreferred_addresses.append(current.pk)
            changed = _assign(current, targets)
            if changed:
                plan.changed_addresses.append(current)
                plan.address_fields |= changed
        for address_id, current in stored.items():
            if address_id in in_file:
                continue
            if self.mode == REPLACE:
                plan.deleted_addresses.append(current.pk)
            elif preferred_in_file and current.preferred:
                current.preferred = False
                plan.unpreferred_addresses.append(current.pk)

    def _new_address(self, address, customer=None) -> CustomerAddress:
        return CustomerAddress(
            customer=customer, address_id=address.address_id, preferred=bool(address.preferred),
            custom=address.custom, **address.values,
        )  # fmt: skip

    # --- writing -------------------------------------------------------------------------

    def _write(self, plans: list[_Plan]) -> None:
        now = timezone.now()
        created = [plan for plan in plans if plan.action == CREATED]
        # The file's creation dates go in as they are (see customers.impex.bulk).
        insert_as_is(Customer, [plan.customer for plan in created])

        updated = [plan for plan in plans if plan.customer_fields]
        fields = set().union(*(plan.customer_fields for plan in updated))
        customers = [plan.customer for plan in updated]
        for customer in customers:
            customer.last_modified = now
        Customer.objects.bulk_update(customers, [*fields, "last_modified"], batch_size=UPDATE_BATCH)

        addresses = CustomerAddress.objects
        unpreferred = [pk for plan in plans for pk in plan.unpreferred_addresses]
        addresses.filter(pk__in=unpreferred).update(preferred=False, last_modified=now)
        addresses.filter(pk__in=[pk for plan in plans for pk in plan.deleted_addresses]).delete()
        changed = [address for plan in plans for address in plan.changed_addresses]
        for address in changed:
            address.last_modified = now
        fields = set().union(*(plan.address_fields for plan in plans))
        addresses.bulk_update(changed, [*fields, "last_modified"], batch_size=UPDATE_BATCH)
        new = []
        for plan in plans:
            for address in plan.new_addresses:
                address.customer = plan.customer
                new.append(address)
        insert_as_is(CustomerAddress, new)

        keys = [own_number_key(p.record.customer_no) for p in created if not p.record.is_guest]
        keys = [key for key in keys if key is not None]
        if keys and not self.dry_run:
            reserve_customer_numbers(max(keys))


def unusable_password() -> str:
    """What ``make_password(None)`` stores (the unusable prefix and a random suffix, so no
    two are alike), from one call for randomness instead of forty: it is made per customer."""
    return UNUSABLE_PASSWORD_PREFIX + secrets.token_urlsafe(30)


def _forget_rolled_back_inserts(plan: _Plan) -> None:
    """Rows a rolled-back bulk_create inserted do not exist: make them new again."""
    inserted = plan.new_addresses + ([plan.customer] if plan.action == CREATED else [])
    for instance in inserted:
        instance.pk = None
        instance._state.adding = True


def _same(stored, value) -> bool:
    """Whether a file's ``value`` is what is stored, at the file's precision: the XML
    carries times to the millisecond (as OCAPI's documents), the database to the
    microsecond, so re-importing an export must not count every time as changed."""
    if isinstance(stored, datetime) and isinstance(value, datetime):
        return stored.replace(microsecond=stored.microsecond // 1000 * 1000) == value.replace(
            microsecond=value.microsecond // 1000 * 1000
        )
    return stored == value


def _assign(instance, targets: dict) -> set:
    """Set the differing fields on ``instance``; return their names."""
    changed = set()
    for name, value in targets.items():
        if not _same(getattr(instance, name), value):
            setattr(instance, name, value)
            changed.add(name)
    return changed
