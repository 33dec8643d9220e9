"""Make the access log append-only in the database itself (see audit/append_only.py)."""

from django.db import migrations

from lokalsundhed.audit import append_only


def install(apps, schema_editor):
    append_only.install(schema_editor.connection)


def uninstall(apps, schema_editor):
    append_only.uninstall(schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [("audit", "0001_initial")]
    operations = [migrations.RunPython(install, uninstall)]
