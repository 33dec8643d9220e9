"""Database triggers that make the access log append-only: UPDATE, DELETE (and on PostgreSQL
TRUNCATE) of entries and seals are refused.

On PostgreSQL the trigger fires for every role, superusers included, and also with
session_replication_role = replica (ENABLE ALWAYS). Only the tables' owner can drop it, so
the application must not connect as the owner; it also has UPDATE, DELETE and TRUNCATE
revoked (docs/audit-log.md). On SQLite anyone who can write the file can drop the triggers:
there the hash chain is the protection.
"""

from __future__ import annotations

from typing import Any

TABLES = ("audit_entry", "audit_seal")

_PG_FUNCTION = """
CREATE OR REPLACE FUNCTION audit_refuse_change() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'the access log is append-only (% on %)', TG_OP, TG_TABLE_NAME;
END;
$$ LANGUAGE plpgsql;
"""


def install(connection: Any) -> None:
    """Install (or re-install) the triggers; safe to run again."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(_PG_FUNCTION)
        for table in TABLES:
            if connection.vendor == "postgresql":
                cursor.execute(f"DROP TRIGGER IF EXISTS {table}_append_only ON {table}")
                cursor.execute(
                    f"CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON {table} "
                    "FOR EACH STATEMENT EXECUTE FUNCTION audit_refuse_change()"
                )
                cursor.execute(f"ALTER TABLE {table} ENABLE ALWAYS TRIGGER {table}_append_only")
            elif connection.vendor == "sqlite":
                for op in ("UPDATE", "DELETE"):
                    cursor.execute(
                        f"CREATE TRIGGER IF NOT EXISTS {table}_no_{op.lower()} BEFORE {op} ON {table} "
                        "BEGIN SELECT RAISE(ABORT, 'the access log is append-only'); END"
                    )


def uninstall(connection: Any) -> None:
    """Only for the database owner's maintenance, and for tests that empty the database."""
    with connection.cursor() as cursor:
        for table in TABLES:
            if connection.vendor == "postgresql":
                cursor.execute(f"DROP TRIGGER IF EXISTS {table}_append_only ON {table}")
            elif connection.vendor == "sqlite":
                for op in ("update", "delete"):
                    cursor.execute(f"DROP TRIGGER IF EXISTS {table}_no_{op}")
