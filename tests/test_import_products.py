"""``manage.py import_products FILE``: a catalogue from CSV or JSON, all or nothing, and
importing again updates."""

import json
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from productlists.models import Product

HEADER = (
    "product_id,name,short_description,online,orderable,price,currency,image_urls,"
    "stock_level,master_id"
)
IMAGES = "https://cdn.example.com/tie.jpg|https://cdn.example.com/tie2.jpg"
CSV = f"""{HEADER}
25518823M,Striped Silk Tie,A silk tie.,true,true,19.19,USD,{IMAGES},40,
008884303989,Fitted Shirt,,yes,no,49.99,USD,,0,74974310M
"""


def run(path) -> str:
    out = StringIO()
    call_command("import_products", str(path), stdout=out)
    return out.getvalue()


def write(tmp_path, name, content) -> str:
    path = tmp_path / name
    path.write_text(content if isinstance(content, str) else json.dumps(content))
    return path


def test_a_csv_catalogue_is_imported(db, tmp_path):
    output = run(write(tmp_path, "catalog.csv", CSV))

    assert "Imported 2 products (2 created, 0 updated, 0 unchanged)." in output
    tie = Product.objects.get(product_id="25518823M")
    assert (tie.name, tie.price, tie.currency, tie.stock_level) == (
        "Striped Silk Tie",
        Decimal("19.19"),
        "USD",
        40,
    )
    assert tie.image_urls == ["https://cdn.example.com/tie.jpg", "https://cdn.example.com/tie2.jpg"]
    shirt = Product.objects.get(product_id="008884303989")
    assert (shirt.online, shirt.orderable, shirt.master_id) == (True, False, "74974310M")
    assert shirt.short_description == "" and shirt.image_urls == []


def test_a_json_catalogue_is_imported(db, tmp_path):
    products = [
        {"product_id": "P1", "name": "One", "price": 10.5, "online": False, "stock_level": 3},
        {"product_id": "P2", "name": "Two", "image_urls": ["https://cdn.example.com/2.jpg"]},
    ]

    output = run(write(tmp_path, "catalog.json", {"products": products}))

    assert "2 created" in output
    one = Product.objects.get(product_id="P1")
    assert (one.price, one.online, one.stock_level) == (Decimal("10.50"), False, 3)
    assert Product.objects.get(product_id="P2").price is None


def test_importing_again_updates_and_adds(db, tmp_path):
    run(write(tmp_path, "catalog.csv", CSV))
    changed = CSV.replace("Striped Silk Tie,A silk tie.", "Silk Tie,Now in blue.") + (
        "new-sku,New,,true,true,1.00,USD,,1,\n"
    )

    output = run(write(tmp_path, "catalog2.csv", changed))

    assert "Imported 3 products (1 created, 1 updated, 1 unchanged)." in output
    assert Product.objects.count() == 3
    tie = Product.objects.get(product_id="25518823M")
    assert (tie.name, tie.short_description) == ("Silk Tie", "Now in blue.")


def test_the_same_file_twice_changes_nothing(db, tmp_path):
    path = write(tmp_path, "catalog.csv", CSV)
    run(path)
    first = list(Product.objects.values())

    output = run(path)

    assert list(Product.objects.values()) == first  # last_modified included
    assert "Imported 2 products (0 created, 0 updated, 2 unchanged)." in output


def test_one_product_is_one_product(db, tmp_path):
    output = run(write(tmp_path, "catalog.json", [{"product_id": "A", "name": "A"}]))

    assert "Imported 1 product (1 created, 0 updated, 0 unchanged)." in output


@pytest.mark.parametrize(
    "url",
    [
        "https://img/a.jpg",
        "http://localhost:8080/x.png",
        "https://10.0.0.5/a.jpg",
        "https://[::1]/a",
    ],
)
def test_any_http_url_with_a_host_is_an_image_url(db, tmp_path, url):
    run(write(tmp_path, "catalog.json", [{"product_id": "A", "name": "A", "image_urls": [url]}]))

    assert Product.objects.get().image_urls == [url]


@pytest.mark.parametrize(
    "url", ["not a url", "/relative.jpg", "ftp://x/a.jpg", "https://", "https://x:99999/"]
)
def test_what_is_not_an_http_url_is_refused(db, tmp_path, url):
    with pytest.raises(CommandError, match="is not an http"):
        run(
            write(tmp_path, "catalog.json", [{"product_id": "A", "name": "A", "image_urls": [url]}])
        )


def test_csv_places_are_lines_of_the_file_the_header_being_line_1(db, tmp_path):
    header_problem = write(tmp_path, "a.csv", "product_id,name,colour\nA,A,red\n")
    with pytest.raises(CommandError, match=r"^line 1 \(header\): unknown column\(s\) colour$"):
        run(header_problem)
    no_name = write(tmp_path, "b.csv", "product_id,price\nA,1\n")
    with pytest.raises(CommandError, match=r"^line 1 \(header\): missing column\(s\) name$"):
        run(no_name)
    # A quoted cell over two lines: the next record starts on line 4.
    multiline = write(tmp_path, "c.csv", 'product_id,name,short_description\nA,A,"one\ntwo"\nB,,\n')
    with pytest.raises(CommandError, match=r"^line 4: name is required$"):
        run(multiline)
    assert not Product.objects.exists()


@pytest.mark.parametrize(
    ("bad_row", "message"),
    [
        ("X1,Bad price,,true,true,cheap,USD,,1,", "line 3: price must be a number, not 'cheap'"),
        ("X1,Bad stock,,true,true,1,USD,,-3,", "line 3: stock_level:"),
        ("X1,Bad flag,,maybe,true,1,USD,,1,", "line 3: online must be true or false"),
        ("X1,Bad image,,true,true,1,USD,not a url,1,", "line 3: image_urls: 'not a url'"),
        ("X1,Bad price,,true,true,1.234,USD,,1,", "line 3: price:"),
        ("X1,Too precise,,true,true,1e30,USD,,1,", "line 3: price:"),
        (",No id,,true,true,1,USD,,1,", "line 3: product_id is required"),
        ("X1,,,true,true,1,USD,,1,", "line 3: name is required"),
        ("25518823M,Twice,,true,true,1,USD,,1,", "appears twice"),
        ("X1,Long currency,,true,true,1,EURO,,1,", "line 3: currency:"),
        ("X1,Extra,,true,true,1,USD,,1,,surplus", "line 3: it has more cells than the header"),
    ],
)
def test_a_bad_row_stops_the_import_and_nothing_is_stored(db, tmp_path, bad_row, message):
    lines = CSV.splitlines()
    content = "\n".join([lines[0], lines[1], bad_row, lines[2]]) + "\n"

    with pytest.raises(CommandError) as error:
        run(write(tmp_path, "catalog.csv", content))

    assert message in str(error.value)
    assert not Product.objects.exists()


def test_a_bad_row_leaves_existing_products_as_they_were(db, tmp_path):
    run(write(tmp_path, "catalog.csv", CSV))
    content = CSV.replace("Striped Silk Tie", "Renamed") + "X1,Bad,,true,true,free,USD,,1,\n"

    with pytest.raises(CommandError, match="line 4"):
        run(write(tmp_path, "catalog2.csv", content))

    assert Product.objects.get(product_id="25518823M").name == "Striped Silk Tie"
    assert Product.objects.count() == 2


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ([{"product_id": "A", "name": "A"}, "B"], "product 2: a product must be an object"),
        (
            [{"product_id": "A", "name": "A", "colour": "red"}],
            "product 1: unknown column(s) colour",
        ),
        ([{"product_id": "A", "name": "A", "price": True}], "product 1: price must be a number"),
        ([{"product_id": "A", "name": "A", "online": "true"}], "product 1: online must be true"),
        ([{"product_id": "A", "name": "A\u0000"}], "product 1: name contains a NUL character"),
        ([{"product_id": 7, "name": "A"}], "product 1: product_id is required"),
        (
            [{"product_id": "A", "name": "A", "image_urls": "x"}],
            "product 1: image_urls must be a list",
        ),
        ({"items": []}, "expected a list of products"),
        ("{not json", "invalid JSON"),
    ],
)
def test_a_bad_json_file_is_refused(db, tmp_path, content, message):
    with pytest.raises(CommandError) as error:
        run(write(tmp_path, "catalog.json", content))

    assert message in str(error.value)
    assert not Product.objects.exists()


def test_files_that_cannot_be_read(db, tmp_path):
    with pytest.raises(CommandError, match=r"must be \.csv or \.json"):
        run(write(tmp_path, "catalog.txt", CSV))
    with pytest.raises(CommandError, match="No such file"):
        run(tmp_path / "missing.csv")
    binary = tmp_path / "binary.csv"
    binary.write_bytes(b"product_id,name\n\xff\xfe,x\n")
    with pytest.raises(CommandError, match="not UTF-8"):
        run(binary)


def test_the_command_exits_with_status_1_on_a_bad_row(db, tmp_path):
    path = write(tmp_path, "catalog.json", [{"product_id": "A"}])

    with pytest.raises(CommandError) as error:
        run(path)

    # manage.py prints "CommandError: <message>" and exits with the error's return code.
    assert error.value.returncode == 1
    assert str(error.value) == "product 1: name is required"
