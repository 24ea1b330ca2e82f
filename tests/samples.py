"""Request documents from the Shop API documentation's samples, and test card numbers."""

# The documentation's sample address (POST /customers/{id}/addresses).
SAMPLE_ADDRESS = {
    "address_id": "home_address",
    "address1": "5 Wall St",
    "address2": "24 Presidential Way",
    "city": "Burlington",
    "company_name": "Salesforce Commerce Cloud",
    "country_code": "US",
    "first_name": "John",
    "job_title": "Developer",
    "last_name": "Murphy",
    "phone": "408-555-1212",
    "postal_code": "01805",
    "post_box": "12a",
    "preferred": False,
    "salutation": "Mr.",
    "second_name": "Jim",
    "state_code": "MA",
    "title": "Dr.",
}

VISA = "4111111111111111"

# POST /customers/{id}/payment_instruments. Its card number is no real card's (no valid
# check digit), which its test payment method accepts.
SAMPLE_PAYMENT_INSTRUMENT = {
    "payment_card": {
        "expiration_year": 2027,
        "expiration_month": 7,
        "valid_from_month": 8,
        "valid_from_year": 2007,
        "issue_number": "i117",
        "number": "1234567",
        "holder": "Joe Doe",
        "card_type": "MasterCard",
    },
    "gift_certificate_code": "gift_code7",
    "payment_method_id": "OCAPI_Payment_Simple",
    "bank_routing_number": "bankrouting3776",
    "c_strValue": "custom value 7",
}

# POST /customers/{id}/product_lists, the documentation's sample.
SAMPLE_PRODUCT_LIST = {
    "type": "wish_list",
    "name": "OurProductList",
    "description": "our productlist",
    "public": False,
    "co_registrant": {
        "email": "jane@example.com",
        "first_name": "Jane",
        "last_name": "Doe",
        "role": "Bride",
    },
    "registrant": {
        "email": "john@example.com",
        "first_name": "John",
        "last_name": "Doe",
        "role": "Groom",
    },
    "event": {
        "city": "Washington",
        "country": "US",
        "date": "2015-07-30T00:00Z",
        "state": "DC",
        "type": "Wedding",
    },
}

# POST .../product_lists/{list_id}/items, the documentation's sample.
SAMPLE_PRODUCT_ITEM = {
    "type": "product",
    "product_id": "008884303989",
    "priority": 4,
    "quantity": 2,
    "public": True,
}
