"""The full-text index of services: a GIN expression index with the Danish configuration on
PostgreSQL; an FTS5 table on SQLite (Danish stems written by directory/search.py)."""

from django.db import migrations

PG_INDEX = (
    "CREATE INDEX directory_service_search ON directory_service "
    "USING gin (to_tsvector('danish'::regconfig, COALESCE(search_document, '')))"
)
SQLITE_TABLE = (
    "CREATE VIRTUAL TABLE directory_service_fts USING fts5("
    "service_id UNINDEXED, document, tokenize = 'unicode61 remove_diacritics 0')"
)


def create(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(PG_INDEX)
    elif vendor == "sqlite":
        schema_editor.execute(SQLITE_TABLE)


def drop(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS directory_service_search")
    elif vendor == "sqlite":
        schema_editor.execute("DROP TABLE IF EXISTS directory_service_fts")


class Migration(migrations.Migration):
    dependencies = [("directory", "0001_initial")]
    operations = [migrations.RunPython(create, drop)]
