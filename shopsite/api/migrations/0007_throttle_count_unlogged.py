"""Throttle counters in an UNLOGGED table on PostgreSQL.

A count lives for one rate window (a minute to a day) and is written by nearly every
rate-limited request: as a logged table, each of those writes is a WAL record its commit
must flush to disk before the request goes on. Unlogged, the counters cost no WAL and no
flush; what PostgreSQL gives up for that is keeping them through a crash (it empties the
table then) and on a streaming replica: every client starts a new window, as they do on
Redis without persistence. Other databases keep the table as it is.
"""

from django.db import migrations


def set_persistence(logged: bool):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        table = apps.get_model("ocapi", "ThrottleCount")._meta.db_table
        persistence = "LOGGED" if logged else "UNLOGGED"
        schema_editor.execute(f"ALTER TABLE {schema_editor.quote_name(table)} SET {persistence}")

    return run


class Migration(migrations.Migration):
    dependencies = [
        ("ocapi", "0006_api_client_slas"),
    ]

    operations = [
        migrations.RunPython(
            set_persistence(logged=False), set_persistence(logged=True), elidable=False
        ),
    ]
