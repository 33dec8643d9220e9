"""The database itself refuses to change or remove access-log entries and seals."""

from __future__ import annotations

import pytest
from django.db import DatabaseError, connection, transaction

from lokalsundhed.audit.tests.conftest import run_verify, sql

pytestmark = pytest.mark.django_db

postgresql_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="roles, privileges and TRUNCATE exist on PostgreSQL only"
)

REFUSED = [
    "UPDATE audit_entry SET purpose = 'innocent'",
    "UPDATE audit_entry SET purpose = 'innocent' WHERE id = %s",
    "DELETE FROM audit_entry WHERE id = %s",
    "DELETE FROM audit_entry",
    "UPDATE audit_seal SET hash = repeat('0', 64) WHERE entry_id = %s",
    "DELETE FROM audit_seal WHERE entry_id = %s",
    "DELETE FROM audit_seal",
]


def _refused(statement: str, params: list[object] | None = None, match: str = "append-only") -> None:
    # The savepoint keeps the test's transaction usable after the error (PostgreSQL aborts it otherwise).
    with pytest.raises(DatabaseError, match=match), transaction.atomic():
        sql(statement, params)


@pytest.mark.parametrize("statement", REFUSED)
def test_the_database_refuses_to_change_or_remove_entries_and_seals(sealed_log, statement):
    _refused(statement, [sealed_log[2]] if "%s" in statement else None)


def test_the_log_is_untouched_after_the_refusals(sealed_log):
    for statement in REFUSED:
        _refused(statement, [sealed_log[0]] if "%s" in statement else None)
    intact, _, stderr = run_verify()
    assert intact, stderr


def test_appending_is_still_allowed(sealed_log, reader):
    sql(
        "INSERT INTO audit_entry (at, actor_id, actor_label, action, object_type, object_id, purpose, path) "
        "VALUES (%s, %s, '', 'read', '', '', '', '')",
        ["2030-01-01 00:00:00+00:00" if connection.vendor == "postgresql" else "2030-01-01 00:00:00", reader.pk],
    )


@postgresql_only
@pytest.mark.parametrize("table", ["audit_entry", "audit_seal"])
def test_postgresql_refuses_truncate(sealed_log, table):
    sql("SET CONSTRAINTS ALL IMMEDIATE")  # else TRUNCATE stops at the test's own pending FK checks first
    _refused(f"TRUNCATE {table} CASCADE")


@postgresql_only
def test_postgresql_keeps_refusing_with_replication_triggers_switched_off(sealed_log):
    sql("SET LOCAL session_replication_role = replica")
    _refused("DELETE FROM audit_entry WHERE id = %s", [sealed_log[0]])
    sql("SET LOCAL session_replication_role = origin")


@postgresql_only
def test_the_trigger_holds_for_an_ordinary_role_even_with_every_privilege(sealed_log):
    """An application role that is not the tables' owner cannot change the log even when it was
    wrongly granted UPDATE/DELETE/TRUNCATE, and cannot drop or disable the trigger."""
    # CREATE ROLE is transactional: the test's rollback removes it again.
    sql("SET CONSTRAINTS ALL IMMEDIATE")
    sql("CREATE ROLE lokalsundhed_audit_test_app NOLOGIN NOSUPERUSER NOBYPASSRLS")
    sql("GRANT SELECT, INSERT, UPDATE, DELETE, TRUNCATE ON audit_entry, audit_seal TO lokalsundhed_audit_test_app")
    sql("SET LOCAL ROLE lokalsundhed_audit_test_app")
    try:
        _refused("UPDATE audit_entry SET purpose = 'x' WHERE id = %s", [sealed_log[0]])
        _refused("DELETE FROM audit_seal WHERE entry_id = %s", [sealed_log[0]])
        _refused("TRUNCATE audit_entry")
        _refused("DROP TRIGGER audit_entry_append_only ON audit_entry", match="must be owner")
        _refused("ALTER TABLE audit_seal DISABLE TRIGGER audit_seal_append_only", match="must be owner")
    finally:
        sql("RESET ROLE")


@postgresql_only
def test_the_recommended_grants_refuse_changes_before_any_trigger_runs(sealed_log):
    """With the REVOKE of docs/audit-log.md the application role may only read and append."""
    sql("SET CONSTRAINTS ALL IMMEDIATE")
    sql("CREATE ROLE lokalsundhed_audit_test_app NOLOGIN NOSUPERUSER NOBYPASSRLS")
    sql("GRANT USAGE ON SCHEMA public TO lokalsundhed_audit_test_app")
    sql("GRANT SELECT, INSERT ON audit_entry, audit_seal TO lokalsundhed_audit_test_app")
    sql("GRANT USAGE ON SEQUENCE audit_entry_id_seq, audit_seal_id_seq TO lokalsundhed_audit_test_app")
    sql("REVOKE UPDATE, DELETE, TRUNCATE ON audit_entry, audit_seal FROM lokalsundhed_audit_test_app")
    sql("SET LOCAL ROLE lokalsundhed_audit_test_app")
    try:
        _refused("UPDATE audit_entry SET purpose = 'x' WHERE id = %s", [sealed_log[0]], match="permission denied")
        _refused("DELETE FROM audit_seal WHERE entry_id = %s", [sealed_log[0]], match="permission denied")
        _refused("TRUNCATE audit_seal", match="permission denied")
        sql(
            "INSERT INTO audit_entry (at, action, actor_label, object_type, object_id, purpose, path) "
            "VALUES (now(), 'read', '', '', '', '', '')"
        )
    finally:
        sql("RESET ROLE")
