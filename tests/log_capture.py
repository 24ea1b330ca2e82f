"""Keep every log record of the test run, and what counts as a secret in one.

A pytest plugin (loaded by ``conftest.py``): a handler on the root logger keeps the text
of every record, exception traces included; the issued password reset tokens are noted as
they are made. ``tests/test_log_secrets.py`` runs last and scans it all.
"""

import logging
import re

import pytest

RECORDS: list[str] = []
ISSUED_RESET_TOKENS: set[str] = set()

JWT = re.compile(r"eyJ[\w-]{8,}\.[\w-]{8,}\.[\w-]{8,}")
DIGIT_RUN = re.compile(r"(?<!\w)(?:\d[ -]?){12,18}\d(?!\w)")  # not inside an identifier
#: A UUID's first groups can all be digits (8-4-4: 16 of them, Luhn-valid one time in ten):
#: task and request ids are taken out before digit runs are read as card numbers.
UUID = re.compile(r"\b[0-9a-f]{8}(?:-[0-9a-f]{4}){3}-[0-9a-f]{12}\b", re.IGNORECASE)
LAST_MODULE = "test_log_secrets.py"


class KeepingHandler(logging.Handler):
    def emit(self, record):
        try:
            text = self.format(record)
        except Exception:  # a record that cannot be formatted still gets its raw args kept
            text = f"{record.msg!r} {record.args!r}"
        RECORDS.append(text)


def luhn_valid(digits: str) -> bool:
    total = 0
    for index, char in enumerate(reversed(digits)):
        value = int(char) * (2 if index % 2 else 1)
        total += value - 9 if value > 9 else value
    return total % 10 == 0


def card_numbers(text: str) -> list[str]:
    runs = (re.sub(r"\D", "", match) for match in DIGIT_RUN.findall(UUID.sub("", text)))
    return [run for run in runs if 13 <= len(run) <= 19 and luhn_valid(run)]


def secrets_in(text: str, known: dict[str, str]) -> list[str]:
    """Names of the secrets found in ``text``: known values, tokens, card numbers."""
    found = [name for name, value in known.items() if value and value in text]
    found += [f"JWT {token[:12]}..." for token in JWT.findall(text)]
    found += [f"card ...{number[-4:]}" for number in card_numbers(text)]
    return found


@pytest.fixture(autouse=True, scope="session")
def keep_log_records():
    handler = KeepingHandler(level=logging.DEBUG)
    handler.setFormatter(logging.Formatter("%(name)s %(levelname)s %(message)s"))
    root = logging.getLogger()
    root.addHandler(handler)

    from customers.password_reset import PasswordResetTokenGenerator

    make_token = PasswordResetTokenGenerator.make_token

    def noting_make_token(self, customer):
        issued = make_token(self, customer)
        ISSUED_RESET_TOKENS.add(issued.token)
        return issued

    PasswordResetTokenGenerator.make_token = noting_make_token
    yield
    PasswordResetTokenGenerator.make_token = make_token
    root.removeHandler(handler)


def pytest_collection_modifyitems(session, config, items):
    """The log scan runs after every other test, over what they logged."""
    items.sort(key=lambda item: item.path.name == LAST_MODULE)
