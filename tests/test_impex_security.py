"""The customer XML reader is defused: entity bombs, external entities and external DTDs
are refused before anything is expanded or fetched, with a clear error and nothing stored."""

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


@pytest.mark.parametrize("document", [BILLION_LAUGHS, EXTERNAL_DTD], ids=["laughs", "dtd"])
def test_documents_with_a_dtd_are_refused(site, tmp_path, document):
    outcome = run_command("import_customers", write_xml(tmp_path, document))
    assert "line " in outcome.error and "declares a DTD" in outcome.error
    assert "lollol" not in outcome.out + outcome.err + outcome.error
    assert not Customer.objects.exists()


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
