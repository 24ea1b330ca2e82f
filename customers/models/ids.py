"""Ids of the documents a customer owns (payment instruments, baskets)."""

import secrets

from customers.models.customer import ID_ALPHABET


def generate_document_id() -> str:
    """Commerce Cloud's ids of this kind are 26 random alphanumerics, like customer ids."""
    return "".join(secrets.choice(ID_ALPHABET) for _ in range(26))
