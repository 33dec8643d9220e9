"""An index for finding entries by the beginning of the e-mail (the auditor's "Who" filter:
`actor_label__istartswith`). On PostgreSQL Django asks `UPPER(actor_label::text) LIKE UPPER('anne%')`,
which an index of that expression in `text_pattern_ops` answers whatever the database's collation;
it is built CONCURRENTLY, so writing the log never waits on it. SQLite's LIKE, case-insensitive for
A–Z, uses an index in NOCASE order. Neither changes a row: the append-only triggers stay as they are."""

from django.db import migrations

NAME = "audit_entry_actor_label_prefix"
CREATE = {
    "postgresql": f"CREATE INDEX CONCURRENTLY IF NOT EXISTS {NAME} ON audit_entry (UPPER(actor_label) text_pattern_ops)",
    "sqlite": f"CREATE INDEX IF NOT EXISTS {NAME} ON audit_entry (actor_label COLLATE NOCASE)",
}
DROP = {
    "postgresql": f"DROP INDEX CONCURRENTLY IF EXISTS {NAME}",
    "sqlite": f"DROP INDEX IF EXISTS {NAME}",
}


def create(apps, schema_editor):
    sql = CREATE.get(schema_editor.connection.vendor)
    if sql:
        schema_editor.execute(sql)


def drop(apps, schema_editor):
    sql = DROP.get(schema_editor.connection.vendor)
    if sql:
        schema_editor.execute(sql)


class Migration(migrations.Migration):
    atomic = False  # CREATE INDEX CONCURRENTLY cannot run inside a transaction
    dependencies = [("audit", "0003_append_only_truncate")]
    operations = [migrations.RunPython(create, drop)]
