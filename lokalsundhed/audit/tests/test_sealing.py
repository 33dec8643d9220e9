"""Sealing: in id order, after the grace period, idempotent, in batches, never past an entry
that a still-open transaction may yet commit."""

from __future__ import annotations

import threading
from datetime import timedelta

import pytest
from django.db import connection, transaction
from django.utils import timezone

from lokalsundhed.audit.models import GENESIS, Action, Entry, Seal
from lokalsundhed.audit.services import head, record, seal_pending, unsealed_count, verify
from lokalsundhed.audit.tests.conftest import later
from lokalsundhed.audit.tests.factories import EntryFactory


def _entries(reader, ages_in_seconds: list[int]) -> list[int]:
    now = timezone.now()
    return [
        EntryFactory(at=now - timedelta(seconds=age), actor=reader, action=Action.READ).pk
        for age in ages_in_seconds
    ]


def _chain() -> list[tuple[int, str, str, str]]:
    return list(Seal.objects.order_by("id").values_list("entry_id", "previous_hash", "entry_digest", "hash"))


@pytest.mark.django_db
def test_it_seals_in_id_order_into_one_chain(reader):
    ids = _entries(reader, [300, 200, 100])
    assert seal_pending() == 3
    chain = _chain()
    assert [link[0] for link in chain] == ids
    assert chain[0][1] == GENESIS
    for entry_id, previous, digest, link in chain:
        assert digest == Entry.objects.get(pk=entry_id).content_digest()
        assert link == Seal.chain(previous, digest)
    assert [c[1] for c in chain[1:]] == [c[3] for c in chain[:-1]]
    assert head() == (ids[-1], chain[-1][3])
    assert list(verify()) == []


@pytest.mark.django_db
def test_it_leaves_entries_younger_than_the_grace_period_and_everything_after_them(reader, settings):
    settings.AUDIT_SEAL_GRACE_SECONDS = 60
    # The fourth entry is old, but comes after a young one: the chain is a contiguous run of ids.
    ids = _entries(reader, [300, 90, 10, 120])
    assert seal_pending() == 2
    assert list(Seal.objects.values_list("entry_id", flat=True)) == ids[:2]
    assert unsealed_count() == 2
    assert seal_pending(now=timezone.now() + timedelta(seconds=55)) == 2
    assert list(Seal.objects.values_list("entry_id", flat=True)) == ids


@pytest.mark.django_db
def test_a_grace_period_of_zero_seals_what_has_committed(reader, settings):
    settings.AUDIT_SEAL_GRACE_SECONDS = 0
    entry = record(actor=reader, action=Action.READ)
    assert seal_pending(now=later(1)) == 1
    assert head()[0] == entry.pk


@pytest.mark.django_db
def test_it_is_idempotent(reader):
    _entries(reader, [300, 200])
    assert seal_pending() == 2
    chain = _chain()
    assert seal_pending() == 0
    assert seal_pending(now=later()) == 0
    assert _chain() == chain


@pytest.mark.django_db
def test_batches_make_the_same_chain_as_one_pass(reader):
    ids = _entries(reader, [500, 400, 300, 200, 100])
    assert seal_pending(batch_size=2) == 5
    one_pass, previous = [], GENESIS
    for entry in Entry.objects.filter(pk__in=ids).order_by("id"):
        previous = Seal.chain(previous, entry.content_digest())
        one_pass.append((entry.pk, previous))
    assert [(link[0], link[3]) for link in _chain()] == one_pass
    assert list(verify(chunk=2)) == []


@pytest.mark.django_db
def test_it_continues_from_the_head_left_by_an_earlier_round(reader):
    first = _entries(reader, [300, 200])
    assert seal_pending() == 2
    second = _entries(reader, [100, 90, 80])
    assert seal_pending(batch_size=2) == 3
    assert [link[0] for link in _chain()] == first + second
    assert list(verify()) == []


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="SQLite commits one writer at a time, so no entry can be in flight behind a visible one",
)
@pytest.mark.django_db(transaction=True)
def test_it_never_seals_past_an_entry_a_still_open_transaction_will_commit(reader):
    drawn, release = threading.Event(), threading.Event()
    held: list[int] = []

    def slow_request() -> None:
        try:
            with transaction.atomic():
                held.append(record(actor=reader, action=Action.READ, purpose="slow").pk)
                drawn.set()
                release.wait(10)
        finally:
            connection.close()

    thread = threading.Thread(target=slow_request)
    thread.start()
    try:
        assert drawn.wait(10)
        after = record(actor=reader, action=Action.READ, purpose="fast")  # commits first, with a higher id
        assert after.pk > held[0]
        # Its entry is long past the grace period, but the id before it is still in flight.
        assert seal_pending(now=later(), wait_seconds=0.2) == 0
        assert not Seal.objects.exists()
    finally:
        release.set()
        thread.join(10)
    assert seal_pending(now=later()) == 2
    assert list(Seal.objects.values_list("entry_id", flat=True)) == [held[0], after.pk]
    assert list(verify()) == []
