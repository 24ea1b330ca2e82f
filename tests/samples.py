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
