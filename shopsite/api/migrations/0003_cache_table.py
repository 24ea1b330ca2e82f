"""Create the database cache table with the schema, so `migrate` leaves nothing else to run.

The cache (throttle counters, unless REDIS_URL points at Redis) lives in the table that
``createcachetable`` makes; an operator who only ran ``migrate`` got a 500 on every token
request. ``createcachetable`` skips tables that exist and caches that are not in the
database, so this is safe on every configuration and on every re-run.
"""

from django.core.management import call_command
from django.db import migrations


def create_cache_tables(apps, schema_editor):
    call_command("createcachetable", database=schema_editor.connection.alias, verbosity=0)


class Migration(migrations.Migration):
    dependencies = [
        ("ocapi", "0002_api_client_allowed_origins"),
    ]

    operations = [
        migrations.RunPython(create_cache_tables, migrations.RunPython.noop, elidable=False),
    ]
