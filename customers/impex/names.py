"""The format's vocabulary: namespace, element names and the model fields behind them.

Order matters: the schema declares ``profile`` and ``address`` as sequences, so the
writer emits elements in the order of these tables and the reader accepts any order.
"""

from customers.models import Customer, CustomerAddress

NAMESPACE = "http://www.demandware.com/xml/impex/customer/2006-10-31"
#: Business Manager writes ``customers``; some exports use ``customer-list``.
ROOT_ELEMENTS = frozenset({"customers", "customer-list"})


def tag(name: str) -> str:
    """The Clark notation lxml uses for an element of the format."""
    return f"{{{NAMESPACE}}}{name}"


def local_name(qualified: str) -> str:
    return qualified.rsplit("}", 1)[-1]


#: The language of a custom attribute value without ``xml:lang``.
DEFAULT_LANG = "x-default"

# Kinds of values: how a text is checked and converted (reader) and written (writer).
TEXT, DATE, DATETIME, GENDER, BOOLEAN = "text", "date", "datetime", "gender", "boolean"

#: The names a profile and an address share (``customers.models.person.PersonName``),
#: first in both sequences.
PERSON_NAME_FIELDS = {
    "salutation": ("salutation", TEXT),
    "title": ("title", TEXT),
    "first-name": ("first_name", TEXT),
    "second-name": ("second_name", TEXT),
    "last-name": ("last_name", TEXT),
    "suffix": ("suffix", TEXT),
    "company-name": ("company_name", TEXT),
    "job-title": ("job_title", TEXT),
}

#: ``profile`` children in schema order: element -> (model field, kind).
PROFILE_FIELDS = {
    **PERSON_NAME_FIELDS,
    "email": ("email", TEXT),
    "phone-home": ("phone_home", TEXT),
    "phone-business": ("phone_business", TEXT),
    "phone-mobile": ("phone_mobile", TEXT),
    "fax": ("fax", TEXT),
    "birthday": ("birthday", DATE),
    "gender": ("gender", GENDER),
    "creation-date": ("creation_date", DATETIME),
    "last-login-time": ("last_login_time", DATETIME),
    "last-visit-time": ("last_visit_time", DATETIME),
    "preferred-locale": ("preferred_locale", TEXT),
}

#: ``credentials`` children that map to fields (the password is handled on its own).
CREDENTIAL_FIELDS = {
    "login": ("login", TEXT),
    "enabled-flag": ("enabled", BOOLEAN),
}

#: ``credentials`` children shopsite deliberately does not keep: Commerce Cloud's
#: security question and answer are a weaker second password nothing here would check.
IGNORED_CREDENTIALS = frozenset({"password-question", "password-answer"})

#: ``address`` children in schema order.
ADDRESS_FIELDS = {
    **PERSON_NAME_FIELDS,
    "address1": ("address1", TEXT),
    "address2": ("address2", TEXT),
    "suite": ("suite", TEXT),
    "postbox": ("post_box", TEXT),
    "city": ("city", TEXT),
    "postal-code": ("postal_code", TEXT),
    "state-code": ("state_code", TEXT),
    "country-code": ("country_code", TEXT),
    "phone": ("phone", TEXT),
}

#: What an absent element means for a field when a customer is replaced.
EMPTY = {TEXT: "", DATE: None, DATETIME: None, GENDER: None, BOOLEAN: True}

CUSTOMER_FIELDS = {field: kind for field, kind in (*PROFILE_FIELDS.values(), ("enabled", BOOLEAN))}
ADDRESS_MODEL_FIELDS = {field: kind for field, kind in ADDRESS_FIELDS.values()}


def max_lengths(model, fields) -> dict[str, int]:
    """Text limits come from the models, so the reader refuses what the database would."""
    lengths = {}
    for name in fields:
        limit = model._meta.get_field(name).max_length
        if limit:
            lengths[name] = limit
    return lengths


CUSTOMER_MAX_LENGTHS = max_lengths(Customer, [*CUSTOMER_FIELDS, "login", "customer_no"])
ADDRESS_MAX_LENGTHS = max_lengths(CustomerAddress, [*ADDRESS_MODEL_FIELDS, "address_id"])
GUEST_ID_MAX_LENGTH = Customer._meta.get_field("customer_id").max_length
