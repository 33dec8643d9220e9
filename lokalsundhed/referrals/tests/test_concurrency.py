"""Two workers claim the same referral at the same moment: exactly one wins (PostgreSQL row lock)."""

from __future__ import annotations

import threading
import time

import pytest
from django.db import connection

from lokalsundhed.core.tests.support import bridge_world
from lokalsundhed.referrals import services
from lokalsundhed.referrals.models import Referral, Transition
from lokalsundhed.referrals.tests.factories import observe

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="tests the row lock (SELECT … FOR UPDATE) on PostgreSQL; SQLite has one writer at a time anyway",
    ),
]


def test_two_workers_claiming_at_once_exactly_one_wins(monkeypatch):
    world = bridge_world()
    referral = observe(world.users["caretaker"], world.estate_a, "falls").referral
    workers = [world.users["intake"], world.users["unit_worker"]]

    locked = services._lock

    def lock_and_linger(referral: Referral) -> Referral:
        # Hold the row a moment so that the other worker's claim surely arrives while it is locked.
        found = locked(referral)
        time.sleep(0.3)
        return found

    monkeypatch.setattr(services, "_lock", lock_and_linger)
    start = threading.Barrier(len(workers))
    outcomes: dict[str, str] = {}

    def claim_as(worker) -> None:
        try:
            stale = Referral.objects.get(pk=referral.pk)  # each reads it unclaimed, as from the queue
            start.wait(timeout=10)
            services.claim(stale, actor=worker)
            outcomes[worker.email] = "won"
        except services.TransitionNotAllowed:
            outcomes[worker.email] = "refused"
        except Exception as exc:  # noqa: BLE001  (reported by the assertion below)
            outcomes[worker.email] = repr(exc)
        finally:
            connection.close()  # each thread has its own connection

    threads = [threading.Thread(target=claim_as, args=(worker,)) for worker in workers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert sorted(outcomes.values()) == ["refused", "won"], outcomes
    winner = next(w for w in workers if outcomes[w.email] == "won")
    referral.refresh_from_db()
    assert referral.claimed_by == winner and referral.state == Referral.State.RECEIVED
    assert Transition.objects.filter(referral=referral, note="claimed").count() == 1
