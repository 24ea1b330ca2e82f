"""Helpers of the customer XML import/export tests."""

import io
from pathlib import Path

from django.core.management import call_command
from django.core.management.base import CommandError

from customers.models import Customer, CustomerAddress

SAMPLE = Path(__file__).parent / "data" / "customers_sample.xml"
NS = "http://www.demandware.com/xml/impex/customer/2006-10-31"


def customers_xml(body: str) -> str:
    return f'<?xml version="1.0" encoding="UTF-8"?>\n<customers xmlns="{NS}">\n{body}</customers>\n'


class Outcome:
    def __init__(self, out: str, err: str, error: str | None):
        self.out, self.err, self.error = out, err, error

    @property
    def ok(self) -> bool:
        return self.error is None


def run_command(name: str, *args, **options) -> Outcome:
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command(name, *args, stdout=out, stderr=err, **options)
    except CommandError as exc:
        return Outcome(out.getvalue(), err.getvalue(), str(exc))
    return Outcome(out.getvalue(), err.getvalue(), None)


def write_xml(directory: Path, text: str, name: str = "customers.xml") -> str:
    path = directory / name
    path.write_text(text, encoding="utf-8")
    return str(path)


def export(*args) -> str:
    outcome = run_command("export_customers", *args)
    assert outcome.ok, outcome.error
    return outcome.out


def snapshot() -> list:
    """Everything stored about customers and addresses, to compare before and after."""
    customers = list(Customer.objects.order_by("pk").values())
    addresses = list(CustomerAddress.objects.order_by("pk").values())
    return [customers, addresses]
