"""Two people book the same room for the same time at the same moment: exactly one gets it.

PostgreSQL only (SQLite serialises writers): the row lock on the room serialises the bookings,
and the exclusion constraint refuses an overlap even when the lock is bypassed."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import IntegrityError, connection, transaction

from lokalsundhed.core.tests.support import at_once
from lokalsundhed.core.tests.world import build_world
from lokalsundhed.rooms import services
from lokalsundhed.rooms.models import Booking
from lokalsundhed.rooms.tests.factories import next_weekday, room_in

pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL's row locks and exclusion"),
]


def _at_once(attempts):
    return at_once(attempts, refused=services.RoomTaken)


def test_two_people_booking_the_same_room_at_once_exactly_one_gets_it():
    world = build_world()
    room = room_in(world.estate_a)
    people = [world.users["social_worker"], world.users["professional"], world.users["caretaker"]]
    for round_ in range(4):
        start = next_weekday(hour=9 + 2 * round_)
        outcomes = _at_once([
            lambda p=p, n=n, start=start: services.book(room, [(start + timedelta(minutes=15 * n),
                                                   start + timedelta(minutes=15 * n + 90))], title="Møde", actor=p)
            for n, p in enumerate(people)
        ])
        assert outcomes == ["booked", "refused", "refused"]
    assert Booking.objects.filter(room=room).count() == 4


def test_the_database_refuses_an_overlap_that_bypasses_the_service():
    world = build_world()
    room = room_in(world.estate_a)
    worker = world.users["social_worker"]
    start = next_weekday()
    Booking.objects.create(room=room, starts_at=start, ends_at=start + timedelta(hours=2), title="A",
                           organisation=world.housing_a, booked_by=worker)
    with pytest.raises(IntegrityError), transaction.atomic():
        Booking.objects.create(room=room, starts_at=start + timedelta(hours=1), ends_at=start + timedelta(hours=3),
                               title="B", organisation=world.housing_a, booked_by=worker)
    # A cancelled booking leaves its time free.
    Booking.objects.filter(title="A").update(cancelled_at=start)
    Booking.objects.create(room=room, starts_at=start + timedelta(hours=1), ends_at=start + timedelta(hours=3),
                           title="B", organisation=world.housing_a, booked_by=worker)
