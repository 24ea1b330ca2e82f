"""The back office's one search box: what a caller says first ("my order 00000042", a phone
number, a name, a town) to the customers and orders it may mean.

Each kind of match is its own small query on an indexed column, capped at ``LIMIT``
rows, and only the kinds a query can be run at all: digits are tried as a phone number,
customer no, order no and postal code; text as a login, email, name, city or postal code.
On PostgreSQL the text columns have trigram indexes (migration
``customers.0012_workspace_notes_phone_search``) serving ``UPPER(column) LIKE '%...%'``,
so no query reads the whole table; SQLite scans (development and tests).
"""

import re
from dataclasses import dataclass, field

from django.db.models import Q

from customers.models import Customer, CustomerAddress, Order
from customers.models.customer import PHONE_SEPARATORS

#: Rows per kind of match; the page shows at most this many of each.
LIMIT = 20
#: Shorter text cannot use a trigram index: it would scan, so it is not searched.
MIN_LENGTH = 3
#: A phone number is at least this many digits (fewer would match half the book).
MIN_PHONE_DIGITS = 5
#: A number written internationally is also tried without its country code: "+1 781 555
#: 0100" finds "781-555-0100", "+49 30 1234567" finds "030 1234567". North America's code
#: is "1"; most others have two digits (three-digit codes keep one digit too many and
#: only find numbers stored the same way).
INTERNATIONAL = re.compile(r"^\s*(\+|00)")
MIN_NATIONAL_DIGITS = 7
MAX_QUERY_LENGTH = 100
#: Numbers are shown zero-padded ("00000042"); callers often say "42".
NUMBER_WIDTH = 8

PHONE_LIKE = re.compile(r"^[\d" + re.escape(PHONE_SEPARATORS) + r"]+$")


@dataclass
class SearchResults:
    query: str
    #: Customer -> what matched ("phone", "city", ...), in the order found.
    customers: dict = field(default_factory=dict)
    orders: list = field(default_factory=list)
    too_short: bool = False

    def add(self, customers, reason: str) -> None:
        for customer in customers:
            self.customers.setdefault(customer, []).append(reason)


def phone_digits(text: str) -> str:
    return "".join(character for character in text if character.isdigit())


def national_digits(text: str, digits: str) -> str:
    """The digits after the country code of an international number, else ``""``."""
    if not INTERNATIONAL.match(text):
        return ""
    digits = digits.removeprefix("00") if text.lstrip().startswith("00") else digits
    return digits[1:] if digits.startswith("1") else digits[2:]


def numbers(text: str) -> list[str]:
    """``42`` may be ``00000042``: both, as customer and order numbers are written."""
    candidates = [text]
    if text.isdigit() and len(text) < NUMBER_WIDTH:
        candidates.append(text.zfill(NUMBER_WIDTH))
    return candidates


def search(text: str, *, include_orders: bool = True) -> SearchResults:
    # NUL cannot be stored, so it matches nothing; PostgreSQL would refuse the query.
    query = " ".join(text.replace("\x00", "").split())[:MAX_QUERY_LENGTH]
    results = SearchResults(query)
    customers = Customer.objects.select_related("site")

    def found(condition: Q):
        return list(customers.filter(condition)[:LIMIT])

    if query and " " not in query:
        # Exact matches on unique indexes: "42" is fine, whatever its length.
        results.add(found(Q(customer_no__in=numbers(query))), "customer no")
        if include_orders:
            results.orders = list(
                Order.objects.filter(order_no__in=numbers(query)).select_related(
                    "customer", "site"
                )[:LIMIT]
            )
    if len(query) < MIN_LENGTH:
        results.too_short = bool(query) and not (results.customers or results.orders)
        return results
    digits = phone_digits(query)
    if PHONE_LIKE.match(query) and len(digits) >= MIN_PHONE_DIGITS:
        condition = Q(phone_digits__contains=digits)
        national = national_digits(query, digits)
        if len(national) >= MIN_NATIONAL_DIGITS:
            condition |= Q(phone_digits__contains=national)
        results.add(found(condition), "phone")
    if "@" in query:
        # A whole address: an exact match on a b-tree (a domain's trigrams are in every
        # other row, so a trigram search for one reads much of the index).
        results.add(found(Q(login__iexact=query) | Q(email__iexact=query)), "login or email")
    elif not PHONE_LIKE.match(query) or not digits:
        results.add(found(Q(login__icontains=query) | Q(email__icontains=query)), "login or email")
        results.add(found(name_condition(query)), "name")
    addresses = CustomerAddress.objects.filter(
        Q(postal_code__istartswith=query) | Q(city__istartswith=query)
    ).values("customer_id")[:LIMIT]
    results.add(found(Q(pk__in=addresses)), "address")
    return results


def name_condition(query: str) -> Q:
    """One word: a first or last name containing it. Several: the first word starts the
    first name and the last starts the last name ("Ann Lee", "ann lee")."""
    words = query.split(" ")
    if len(words) == 1:
        return Q(first_name__icontains=query) | Q(last_name__icontains=query)
    return Q(first_name__istartswith=words[0], last_name__istartswith=words[-1])
