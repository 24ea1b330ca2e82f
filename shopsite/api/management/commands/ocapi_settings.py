"""``manage.py ocapi_settings import FILE`` / ``export``: API clients' settings documents in
Business Manager's shape (``{"_v": "19.5", "clients": [...]}``), so a merchant can paste
the Shop API settings they have, and take them back out."""

import json
import sys

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from shopsite.api.client_settings import SettingsDocumentError, parse_settings_document
from shopsite.api.models import ApiClient

DOCUMENT_VERSION = "19.5"


class Command(BaseCommand):
    help = (
        "Import or export API clients' OCAPI settings documents, in Business Manager's JSON "
        'shape {"_v": "19.5", "clients": [{"client_id": ..., "resources": [...]}]}. Import '
        "matches clients by client_id and replaces their documents; clients the file does "
        "not list are left alone. The whole file is checked first: one error and nothing "
        "is changed."
    )

    def add_arguments(self, parser):
        actions = parser.add_subparsers(dest="action", required=True, metavar="import|export")
        importing = actions.add_parser("import", help="Read a settings document.")
        importing.add_argument("file", metavar="FILE", help="The JSON document; - for stdin.")
        importing.add_argument(
            "--create",
            action="store_true",
            help="Create the clients the file names that do not exist here (keeping their "
            "client ids, so storefronts work unchanged); without it they are an error.",
        )
        exporting = actions.add_parser(
            "export", help="Write the document of every client that has one (or those named)."
        )
        exporting.add_argument("client_ids", nargs="*", metavar="CLIENT_ID")
        exporting.add_argument("--output", "-o", metavar="FILE", help="Instead of stdout.")

    def handle(self, *args, action, **options):
        if action == "import":
            self.import_document(options["file"], create=options["create"])
        else:
            self.export_document(options["client_ids"], options["output"])

    def import_document(self, path: str, *, create: bool) -> None:
        try:
            if path == "-":
                document = json.load(sys.stdin)
            else:
                with open(path, encoding="utf-8") as file:
                    document = json.load(file)
        except OSError as error:
            raise CommandError(f"{path}: {error.strerror}") from None
        except (ValueError, RecursionError) as error:
            raise CommandError(f"{path}: not a JSON document: {error}") from None
        try:
            entries = parse_settings_document(document)
        except SettingsDocumentError as error:
            raise CommandError(f"{path}:\n  " + "\n  ".join(error.errors)) from None
        clients = {c.client_id: c for c in ApiClient.objects.filter(client_id__in=list(entries))}
        missing = sorted(set(entries) - set(clients))
        if missing and not create:
            raise CommandError(
                f"No API client with the id(s) {', '.join(missing)} (--create creates them)."
            )
        created = updated = unchanged = 0
        with transaction.atomic():
            for client_id, entry in entries.items():
                client = clients.get(client_id)
                if client is None:
                    client = ApiClient(client_id=client_id, name=f"Imported {client_id}")
                    created += 1
                elif client.ocapi_settings == entry:
                    unchanged += 1
                    continue
                else:
                    updated += 1
                client.ocapi_settings = entry
                client.save()
        self.stdout.write(
            self.style.SUCCESS(
                f"Settings of {len(entries)} client(s): {created} created, {updated} updated, "
                f"{unchanged} unchanged."
            )
        )
        if created:
            self.stdout.write(
                "Created clients have no secret: generate one in the admin if they call "
                "trusted-system resources."
            )

    def export_document(self, client_ids: list[str], output: str | None) -> None:
        clients = ApiClient.objects.order_by("client_id")
        if client_ids:
            clients = clients.filter(client_id__in=client_ids)
            unknown = sorted(set(client_ids) - set(clients.values_list("client_id", flat=True)))
            if unknown:
                raise CommandError(f"No API client with the id(s) {', '.join(unknown)}.")
        entries = []
        for client in clients:
            if client.ocapi_settings is None:
                # No document means "everything allowed": there is nothing to export, and an
                # empty entry would mean the opposite once imported.
                self.stderr.write(f"{client.client_id} ({client.name}): no settings document")
                continue
            entries.append({"client_id": client.client_id, **exported_settings(client)})
        text = json.dumps({"_v": DOCUMENT_VERSION, "clients": entries}, indent=2) + "\n"
        if output:
            with open(output, "w", encoding="utf-8") as file:
                file.write(text)
        else:
            self.stdout.write(text, ending="")


def exported_settings(client: ApiClient) -> dict:
    """The stored document, with the origins of the client's "Allowed origins" field added
    to its ``allowed_origins``: the export says everything the client is allowed."""
    document = dict(client.ocapi_settings)
    origins = list(document.get("allowed_origins", []))
    known = {origin.rstrip("/") for origin in origins}
    extra = sorted(client.listed_origins - known)
    if extra:
        document["allowed_origins"] = origins + extra
    return document
