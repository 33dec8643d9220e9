"""Tampering by someone who can lift the triggers (the tables' owner): the verifier names the
entry, and nothing else; an untouched log verifies clean."""

from __future__ import annotations

import pytest
from django.test import RequestFactory

from lokalsundhed.audit.models import Action, Entry, Seal
from lokalsundhed.audit.services import head, record, seal_pending, verify
from lokalsundhed.audit.tests.conftest import later, run_verify, sql, tampered_ids, triggers_lifted
from lokalsundhed.audit.tests.factories import EntryFactory

pytestmark = pytest.mark.django_db


def test_an_untouched_log_verifies_clean(sealed_log):
    intact, stdout, stderr = run_verify()
    assert intact and stderr == ""
    assert "access log intact" in stdout and f"head {sealed_log[-1]}:" in stdout


def test_an_empty_log_verifies_clean():
    assert run_verify()[0]


def test_an_edited_purpose_names_exactly_that_entry(sealed_log):
    victim = sealed_log[2]
    with triggers_lifted():
        sql("UPDATE audit_entry SET purpose = 'routine check' WHERE id = %s", [victim])
    intact, _, stderr = run_verify()
    assert not intact
    assert tampered_ids(stderr) == [victim]
    assert "edited" in stderr


@pytest.mark.parametrize(
    ("column", "value"),
    [("actor_label", "someone.else@example.dk"), ("object_id", "999"), ("ip_address", "198.51.100.1"),
     ("at", "2020-01-01 00:00:00+00:00"), ("organisation_id", None)],
)
def test_any_edited_field_is_named(sealed_log, column, value):
    victim = sealed_log[1]
    with triggers_lifted():
        sql(f"UPDATE audit_entry SET {column} = %s WHERE id = %s", [value, victim])  # noqa: S608 - fixed names
    assert tampered_ids(run_verify()[2]) == [victim]


def test_a_deleted_entry_is_named(sealed_log):
    victim = sealed_log[3]
    with triggers_lifted():
        sql("DELETE FROM audit_entry WHERE id = %s", [victim])
    intact, _, stderr = run_verify()
    assert not intact
    assert tampered_ids(stderr) == [victim]
    assert "deleted" in stderr


def test_a_deleted_last_entry_is_named(sealed_log):
    victim = sealed_log[-1]
    with triggers_lifted():
        sql("DELETE FROM audit_entry WHERE id = %s", [victim])
    assert tampered_ids(run_verify()[2]) == [victim]
    # ... and the sealer neither stumbles over the gap nor re-seals anything.
    assert seal_pending(now=later()) == 0
    assert tampered_ids(run_verify()[2]) == [victim]


def test_an_entry_slipped_into_sealed_history_is_named(sealed_log, reader):
    slipped = sealed_log[2] + 50  # inside the gap between sealed entries
    EntryFactory(id=slipped, actor=reader, actor_label=reader.email, action=Action.READ, purpose="alibi")
    intact, _, stderr = run_verify()
    assert not intact
    assert tampered_ids(stderr) == [slipped]
    assert "no seal" in stderr
    # The sealer does not adopt it: it only ever extends the chain past its head.
    assert seal_pending(now=later()) == 0
    assert tampered_ids(run_verify()[2]) == [slipped]


@pytest.mark.parametrize("position", [0, 2, -1])
def test_a_changed_seal_hash_is_named(sealed_log, position):
    victim = sealed_log[position]
    with triggers_lifted():
        sql("UPDATE audit_seal SET hash = %s WHERE entry_id = %s", ["f" * 64, victim])
    intact, _, stderr = run_verify()
    assert not intact
    assert tampered_ids(stderr) == [victim]
    assert "seal was changed" in stderr


def test_a_changed_seal_digest_is_named(sealed_log):
    victim = sealed_log[1]
    with triggers_lifted():
        sql("UPDATE audit_seal SET entry_digest = %s WHERE entry_id = %s", ["0" * 64, victim])
    assert set(tampered_ids(run_verify()[2])) == {victim}


def test_an_entry_rewritten_with_a_resealed_link_breaks_the_next_link(sealed_log):
    """Covering an edit by recomputing its seal still leaves the next seal pointing at the old hash."""
    victim, following = sealed_log[2], sealed_log[3]
    with triggers_lifted():
        sql("UPDATE audit_entry SET purpose = 'routine check' WHERE id = %s", [victim])
        seal = Seal.objects.get(entry_id=victim)
        digest = Entry.objects.get(pk=victim).content_digest()
        sql(
            "UPDATE audit_seal SET entry_digest = %s, hash = %s WHERE entry_id = %s",
            [digest, Seal.chain(seal.previous_hash, digest), victim],
        )
    intact, _, stderr = run_verify()
    assert tampered_ids(stderr) == [following]
    assert f"seal of entry {victim}" in stderr


def test_a_removed_seal_is_found(sealed_log):
    victim = sealed_log[2]
    with triggers_lifted():
        sql("DELETE FROM audit_seal WHERE entry_id = %s", [victim])
    assert tampered_ids(run_verify()[2]) == [victim, sealed_log[3]]


def test_several_problems_are_all_named_in_one_run(sealed_log):
    with triggers_lifted():
        sql("UPDATE audit_entry SET purpose = 'x' WHERE id = %s", [sealed_log[0]])
        sql("DELETE FROM audit_entry WHERE id = %s", [sealed_log[4]])
    assert tampered_ids(run_verify()[2]) == [sealed_log[0], sealed_log[4]]
    # The same answer when the walk goes in chunks smaller than the log.
    assert [p.entry_id for p in verify(chunk=2)] == [sealed_log[0], sealed_log[4]]


def test_cutting_off_the_sealed_tail_is_caught_only_by_an_anchor(sealed_log):
    anchor = head()
    assert anchor[0] == sealed_log[-1]
    with triggers_lifted():
        sql("DELETE FROM audit_seal WHERE entry_id = %s", [sealed_log[-1]])
        sql("DELETE FROM audit_entry WHERE id = %s", [sealed_log[-1]])
    assert run_verify()[0]  # the limit of any self-contained chain: a shorter chain is still a chain
    intact, _, stderr = run_verify("--anchor", f"{anchor[0]}:{anchor[1]}")
    assert not intact
    assert tampered_ids(stderr) == [sealed_log[-1]]


def test_an_anchor_from_an_intact_log_verifies(sealed_log):
    entry_id, link = head()
    assert run_verify("--anchor", f"{entry_id}:{link}")[0]


def test_verify_can_seal_first_as_the_worker_would(reader, settings):
    settings.AUDIT_SEAL_GRACE_SECONDS = 0
    record(actor=reader, action=Action.READ)
    record(actor=reader, action=Action.SEARCH)
    intact, stdout, _ = run_verify("--seal")
    assert intact and "0 recent entries not yet sealed" in stdout
    assert Seal.objects.count() == 2


def test_the_same_address_in_another_spelling_is_not_a_change(reader, settings):
    """The digest hashes an address's meaning, so it verifies whichever way the database spells it."""
    settings.AUDIT_SEAL_GRACE_SECONDS = 0
    request = RequestFactory().get("/", REMOTE_ADDR="2001:db8::1")
    entry = record(actor=reader, action=Action.READ, request=request)
    assert seal_pending(now=later()) == 1
    with triggers_lifted():
        sql("UPDATE audit_entry SET ip_address = %s WHERE id = %s", ["2001:0DB8:0:0::1", entry.pk])
    assert run_verify()[0]
    with triggers_lifted():
        sql("UPDATE audit_entry SET ip_address = %s WHERE id = %s", ["2001:db8::2", entry.pk])
    assert tampered_ids(run_verify()[2]) == [entry.pk]


def test_a_check_since_an_earlier_head_covers_only_what_came_after(sealed_log):
    earlier = Seal.objects.get(entry_id=sealed_log[2])
    since = f"{earlier.entry_id}:{earlier.hash}"
    with triggers_lifted():
        sql("UPDATE audit_entry SET purpose = 'x' WHERE id = %s", [sealed_log[1]])
    assert run_verify("--since", since)[0]
    with triggers_lifted():
        sql("UPDATE audit_entry SET purpose = 'x' WHERE id = %s", [sealed_log[4]])
    assert tampered_ids(run_verify("--since", since)[2]) == [sealed_log[4]]


def test_a_check_since_a_head_that_is_not_in_the_chain_fails(sealed_log):
    assert tampered_ids(run_verify("--since", f"{sealed_log[2]}:{'a' * 64}")[2]) == [sealed_log[2]]


def test_a_log_whose_oldest_part_was_archived_verifies_from_the_archived_head(sealed_log):
    """Retention: entries and seals up to a point are archived and removed by the owner; the last
    archived seal's hash, kept with the archive, is where the check starts."""
    archived = Seal.objects.get(entry_id=sealed_log[2])
    with triggers_lifted():
        sql("DELETE FROM audit_seal WHERE entry_id <= %s", [archived.entry_id])
        sql("DELETE FROM audit_entry WHERE id <= %s", [archived.entry_id])
    assert not run_verify()[0]
    assert run_verify("--since", f"{archived.entry_id}:{archived.hash}")[0]
    assert not run_verify("--since", f"{archived.entry_id}:{'b' * 64}")[0]
