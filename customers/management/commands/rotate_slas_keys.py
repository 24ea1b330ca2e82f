"""``manage.py rotate_slas_keys``: a new key signs SLAS access tokens from now on.

The previous keys are retired, not deleted: their public halves stay in the JWKS until
the tokens they signed have expired (one access-token lifetime), so no shopper is logged
out by a rotation. Safe to run on any one server; every server signs with the new key at
its next token.
"""

from django.core.management.base import BaseCommand

from customers.slas import keys


class Command(BaseCommand):
    help = "Create a new SLAS signing key and retire the others (kept in the JWKS a while)."

    def handle(self, *args, **options):
        key = keys.rotate()
        self.stdout.write(self.style.SUCCESS(f"New SLAS signing key {key.kid} ({key.algorithm})."))
