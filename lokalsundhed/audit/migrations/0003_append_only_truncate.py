"""Re-install the append-only triggers: PostgreSQL now also refuses TRUNCATE and keeps the
trigger under session_replication_role = replica (see audit/append_only.py)."""

from django.db import migrations

from lokalsundhed.audit import append_only


def install(apps, schema_editor):
    append_only.install(schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [("audit", "0002_append_only")]
    operations = [migrations.RunPython(install, migrations.RunPython.noop)]
