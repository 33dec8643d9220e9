"""No two live bookings of a room overlap: on PostgreSQL an exclusion constraint says so in the
database (btree_gist lets the room's id join the GiST index with the time range). SQLite has no
such constraint; there the service's serialised check under the room's row lock is the guard.

Creating the extension needs a role allowed to (in production: once, by the database owner)."""

from django.db import migrations

CONSTRAINT = "rooms_booking_no_overlap"


def add_constraint(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS btree_gist")
    schema_editor.execute(
        f"ALTER TABLE rooms_booking ADD CONSTRAINT {CONSTRAINT} EXCLUDE USING gist "
        "(room_id WITH =, tstzrange(starts_at, ends_at, '[)') WITH &&) WHERE (cancelled_at IS NULL)"
    )


def drop_constraint(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(f"ALTER TABLE rooms_booking DROP CONSTRAINT IF EXISTS {CONSTRAINT}")


class Migration(migrations.Migration):
    dependencies = [("rooms", "0001_initial")]

    operations = [migrations.RunPython(add_constraint, drop_constraint, elidable=False)]
