"""Random ids: Commerce Cloud's customer ids and the ids of the documents a customer owns
(payment instruments, baskets, orders, product lists) are 26 random alphanumerics
(``abdtkZzH6sqInJGIHNR1yUw90A``)."""

import secrets
import string

ID_ALPHABET = string.ascii_letters + string.digits
ID_LENGTH = 26


def random_id() -> str:
    """26 characters of ``ID_ALPHABET``, uniformly random, from one random number written
    in base 62 (one read of the OS's random source, not one per character: a guest login
    makes one)."""
    number = secrets.randbelow(len(ID_ALPHABET) ** ID_LENGTH)
    characters = []
    for _ in range(ID_LENGTH):
        number, index = divmod(number, len(ID_ALPHABET))
        characters.append(ID_ALPHABET[index])
    return "".join(characters)


def generate_document_id() -> str:
    """The id of a document a customer owns, made like a customer id."""
    return random_id()
