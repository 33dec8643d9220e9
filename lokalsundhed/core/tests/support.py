"""Shared helpers of the page tests: logging in as after a second factor, the bridge-building
world, and downloading a data subject's export. Every app's tests use these, never another app's."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from django.core.signals import request_finished, request_started
from django.db import close_old_connections

from lokalsundhed.accounts.middleware import TWO_FACTOR_OK_KEY
from lokalsundhed.core.tests.world import World, build_world
from lokalsundhed.referrals.tests.factories import ReceivingUnitFactory


def log_in(client, user) -> None:
    """Logged in as after a second factor."""
    client.force_login(user)
    session = client.session
    session[TWO_FACTOR_OK_KEY] = True
    session.save()


def bridge_world() -> World:
    """The authorization world with Fredericia's default unit (intake) and a psychiatry unit."""
    world = build_world()
    world.default_unit = ReceivingUnitFactory(  # type: ignore[attr-defined]
        municipality=world.municipality_m, name="Én Indgang", is_default=True
    )
    world.psychiatry = ReceivingUnitFactory(  # type: ignore[attr-defined]
        municipality=world.municipality_m, name="Socialpsykiatri", kind="social_psychiatry"
    )
    world.psychiatry.members.add(world.users["unit_worker"])
    return world


def at_once(attempts, refused: type[Exception]) -> list[str]:
    """Run each attempt in its own thread and database connection, released together; "booked"
    or "refused" (the attempt raised `refused`) for each, sorted. For the races of booking tests."""
    import threading

    from django.db import connections

    barrier = threading.Barrier(len(attempts))
    outcomes: list[str] = []

    def run(attempt):
        try:
            barrier.wait()
            attempt()
            outcomes.append("booked")
        except refused:
            outcomes.append("refused")
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(a,)) for a in attempts]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    return sorted(outcomes)


@contextmanager
def keeping_the_test_connection() -> Iterator[None]:
    """As Django's test client does: requests sent through the WSGI handler itself (schemathesis)
    must not close the test's database connection, with its open transaction, when they end."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)
