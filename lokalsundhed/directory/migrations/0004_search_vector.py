"""PostgreSQL: a stored Danish tsvector per service with a GIN index, in place of the
expression index (ranking reads the stored vector instead of parsing every match again).
The column stays empty on SQLite, which searches its FTS5 table."""

import django.contrib.postgres.search
from django.db import migrations


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS directory_service_search")
        schema_editor.execute(
            "UPDATE directory_service SET search_vector = to_tsvector('danish'::regconfig, COALESCE(search_document, ''))"
        )
        schema_editor.execute("CREATE INDEX directory_service_search ON directory_service USING gin (search_vector)")


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS directory_service_search")


class Migration(migrations.Migration):
    dependencies = [("directory", "0003_needs_and_guidance")]
    operations = [
        migrations.AddField(
            model_name="service",
            name="search_vector",
            field=django.contrib.postgres.search.SearchVectorField(blank=True, editable=False, null=True),
        ),
        migrations.RunPython(create, drop),
    ]
