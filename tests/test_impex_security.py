"""The customer XML reader is defused: entity bombs, external entities and external DTDs
are refused before anything is expanded or fetched, with a clear error and nothing stored."""

import io
import sys
from pathlib import Path

import pytest

from customers.models import Customer
from tests.impex_helpers import NS, run_command, write_xml

LAUGHS = "".join(
    f'  <!ENTITY lol{n} "{f"&lol{n - 1};" * 10}">\n' for n in range(1, 10)
)  # 10**9 "lol"s if anything expanded them

BILLION_LAUGHS = f"""<?xml version="1.0"?>
<!DOCTYPE customers [
  <!ENTITY lol0 "lol">
{LAUGHS}]>
<customers xmlns="{NS}">
  <customer customer-no="1"><credentials><login>&lol9;</login></credentials></customer>
</customers>
"""

EXTERNAL_ENTITY = f"""<?xml version="1.0"?>
<!DOCTYPE customers [<!ENTITY secret SYSTEM "file://{{secret}}">]>
<customers xmlns="{NS}">
  <customer customer-no="1"><credentials><login>x</login></credentials>
    <profile><first-name>&secret;</first-name></profile></customer>
</customers>
"""

EXTERNAL_DTD = f"""<?xml version="1.0"?>
<!DOCTYPE customers SYSTEM "http://127.0.0.1:9/evil.dtd">
<customers xmlns="{NS}">
  <customer customer-no="1"><credentials><login>x</login></credentials></customer>
</customers>
"""

UNDECLARED_ENTITY = f"""<?xml version="1.0"?>
<customers xmlns="{NS}">
  <customer customer-no="1"><credentials><login>&nowhere;</login></credentials></customer>
</customers>
"""


class _Pipe(io.RawIOBase):
    """A byte stream that cannot seek, as a pipe on standard input."""

    def __init__(self, data: bytes):
        self._data = io.BytesIO(data)

    def readable(self):
        return True

    def readinto(self, buffer):
        chunk = self._data.read(len(buffer))
        buffer[: len(chunk)] = chunk
        return len(chunk)


@pytest.mark.parametrize("document", [BILLION_LAUGHS, EXTERNAL_DTD], ids=["laughs", "dtd"])
def test_documents_with_a_dtd_are_refused(site, tmp_path, document):
    """Refused by shopsite's own check, at the DOCTYPE's line, before libxml2 reads a
    declaration: the same answer whatever libxml2's own entity limits are."""
    outcome = run_command("import_customers", write_xml(tmp_path, document))
    assert outcome.error.split(": ", 2)[1] == "line 2"
    assert "declares a DTD" in outcome.error
    assert "lollol" not in outcome.out + outcome.err + outcome.error
    assert not Customer.objects.exists()


def test_a_dtd_on_standard_input_is_refused_and_a_clean_file_still_reads(
    site, tmp_path, monkeypatch
):
    """Standard input cannot seek: the prolog read by the first pass is replayed."""

    def stdin(text: str):
        return io.TextIOWrapper(io.BufferedReader(_Pipe(text.encode())))

    monkeypatch.setattr(sys, "stdin", stdin(BILLION_LAUGHS))
    assert not sys.stdin.buffer.seekable()
    assert "declares a DTD" in run_command("import_customers", "-").error
    assert not Customer.objects.exists()

    clean = BILLION_LAUGHS.split("]>\n", 1)[1].replace("&lol9;", "jdoe")
    padded = "<?xml version='1.0'?>\n<!--" + "x" * 40_000 + "-->\n" + clean
    monkeypatch.setattr(sys, "stdin", stdin(padded))
    outcome = run_command("import_customers", "-")
    assert outcome.error is None, outcome.error
    assert Customer.objects.get().login == "jdoe"


def test_external_entities_are_never_read(site, tmp_path):
    secret = Path(tmp_path / "secret.txt")
    secret.write_text("TOP-SECRET-VALUE")
    document = EXTERNAL_ENTITY.replace("{secret}", str(secret))
    outcome = run_command("import_customers", write_xml(tmp_path, document))
    assert "declares a DTD" in outcome.error
    assert "TOP-SECRET-VALUE" not in outcome.out + outcome.err + outcome.error
    assert not Customer.objects.exists()


def test_undeclared_entities_are_not_well_formed(site, tmp_path):
    outcome = run_command("import_customers", write_xml(tmp_path, UNDECLARED_ENTITY))
    assert "line 3: not well-formed XML" in outcome.error
    assert not Customer.objects.exists()


def test_deep_nesting_is_refused_not_a_crash(site, tmp_path):
    deep = "<x>" * 100_000 + "</x>" * 100_000
    document = f'<customers xmlns="{NS}"><customer customer-no="1">{deep}</customer></customers>'
    outcome = run_command("import_customers", write_xml(tmp_path, document))
    assert "not well-formed XML" in outcome.error
    assert not Customer.objects.exists()
