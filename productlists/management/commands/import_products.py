"""``manage.py import_products FILE``: load or update the catalogue from CSV or JSON."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from productlists.catalog import COLUMNS, CatalogError, import_products, read_records


class Command(BaseCommand):
    help = (
        "Create or update products from a .csv (header row) or .json (list of objects) file. "
        f"Columns: {', '.join(COLUMNS)}. Products are matched by product_id, so importing "
        "again updates them and leaves unchanged ones alone. A bad record stops the import "
        "with its place (CSV: the file's line, the header being line 1; JSON: product N); "
        "nothing is stored."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path, help="catalogue file, .csv or .json")

    def handle(self, *args, file: Path, **options):
        try:
            result = import_products(read_records(file))
        except CatalogError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            self.style.SUCCESS(
                f"Imported {result.total} product{'' if result.total == 1 else 's'} "
                f"({result.created} created, {result.updated} updated, "
                f"{result.unchanged} unchanged)."
            )
        )
