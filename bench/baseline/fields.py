"""The properties both baselines serialize: the same as shopsite's documents, so that the
in-process bare views (``bench/loadsite/bare.py``) and the independent project do the same
work as the endpoints they are compared with."""

ADDRESS_FIELDS = [
    "address1", "address2", "address_id", "city", "company_name", "country_code",
    "first_name", "full_name", "job_title", "last_name", "phone", "post_box",
    "postal_code", "preferred", "salutation", "second_name", "state_code", "suffix",
    "suite", "title",
]  # fmt: skip

PAYMENT_INSTRUMENT_FIELDS = [
    "payment_instrument_id", "payment_method_id", "card_type", "card_holder",
    "card_masked_number", "card_expiration_month", "card_expiration_year",
    "creation_date", "last_modified",
]  # fmt: skip

CUSTOMER_FIELDS = [
    "customer_id", "customer_no", "login", "email", "first_name", "last_name",
    "gender", "birthday", "phone_home", "phone_business", "phone_mobile", "fax",
    "preferred_locale", "note", "creation_date", "last_modified", "last_login_time",
    "previous_login_time", "last_visit_time", "previous_visit_time",
]  # fmt: skip
