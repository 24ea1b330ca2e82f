"""``manage.py import_customers FILE.xml``: bring a Commerce Cloud customer base in."""

import sys

from django.core.management.base import CommandError
from tqdm import tqdm

from customers.impex.importer import MERGE, REPLACE, CustomerImporter
from customers.impex.reader import read_customers
from customers.impex.records import UnreadableFile
from customers.management.base import CustomerCommand, positive_int


class Command(CustomerCommand):
    help = (
        "Import customers from a Commerce Cloud customer XML file (namespace "
        "impex/customer/2006-10-31): credentials, profile, custom attributes and address "
        "book, matched by customer number, then login. Customers that break a rule are "
        "reported with their number and line and skipped; the exit status is 1 unless "
        "every customer was imported. Commerce Cloud password hashes are not kept: those "
        "customers set a password with the password reset (see send_reset_mails)."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", metavar="FILE.xml", help="The file ('-' reads stdin).")
        parser.add_argument(
            "--mode",
            choices=[MERGE, REPLACE],
            default=MERGE,
            help="merge (default): the file's values win, what it leaves out is kept. "
            "replace: a customer becomes exactly what the file says (addresses and custom "
            "attributes it does not list are removed).",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="Check and count everything, store nothing."
        )
        parser.add_argument(
            "--strict",
            action="store_true",
            help="Stop at the first bad customer; nothing of its batch is imported.",
        )
        parser.add_argument(
            "--batch-size",
            type=positive_int,
            default=1000,
            metavar="N",
            help="Customers per transaction (default 1000).",
        )
        super().add_arguments(parser)

    def handle(self, *args, file, mode, dry_run, strict, batch_size, site, **options):
        site = self.get_site(site)
        source = sys.stdin.buffer if file == "-" else file
        with tqdm(
            unit=" customers",
            file=self.stderr._out,
            disable=not self.stderr.isatty(),
            dynamic_ncols=True,
        ) as bar:

            def report(problem):
                bar.write(self.style.WARNING(str(problem)), file=self.stderr._out)

            importer = CustomerImporter(
                site,
                mode=mode,
                dry_run=dry_run,
                strict=strict,
                batch_size=batch_size,
                report=report,
                progress=bar.update,
            )
            try:
                result = importer.run(read_customers(source))
            except OSError as exc:
                raise CommandError(f"Cannot read {file}: {exc.strerror or exc}") from None
            except UnreadableFile as exc:
                self.summarize(importer.result, dry_run)
                raise CommandError(f"{file}: {exc}") from None
        self.summarize(result, dry_run)
        if result.stopped:
            raise CommandError(
                "Stopped at the first bad customer (--strict): nothing of its batch was imported."
            )
        if result.skipped:
            raise CommandError(f"{result.skipped} customer(s) were not imported.")

    def summarize(self, result, dry_run: bool) -> None:
        rate = result.imported / result.seconds if result.seconds else 0
        prefix = "Dry run, nothing stored: would have " if dry_run else ""
        self.stdout.write(
            f"{prefix}{'created' if dry_run else 'Created'} {result.created}, updated "
            f"{result.updated}, unchanged {result.unchanged}, skipped {result.skipped} "
            f"customer(s) in {result.seconds:.1f} s ({rate:.0f} customers/s)."
        )
        if result.hashed:
            self.stdout.write(
                f"Hashing {result.hashed} plain-text password(s) took "
                f"{result.hashing_seconds:.1f} s of that."
            )
        if result.foreign_hashes and not dry_run:
            self.stdout.write(
                f"{result.foreign_hashes} customer(s) came with a Commerce Cloud password hash "
                "and have no usable password yet: they set one with the password reset "
                "('forgot password', or manage.py send_reset_mails to mail them all)."
            )
