"""Two residents book the last slot (or the last place) at the same moment: exactly one gets it.

PostgreSQL only: SQLite serialises writers, so there is no race to lose there."""

from __future__ import annotations

import pytest
from django.db import connection

from lokalsundhed.core.tests.support import at_once
from lokalsundhed.core.tests.world import build_world
from lokalsundhed.offers import services
from lokalsundhed.offers.models import Offer, SignUp
from lokalsundhed.offers.tests.factories import make_offer, resident

pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL's row locks"),
]


def _at_once(attempts):
    return at_once(attempts, refused=services.SignUpRefused)


def test_two_people_booking_the_last_slot_at_once_exactly_one_gets_it():
    world = build_world()
    worker = world.users["professional"]
    offer = make_offer(worker, estate=world.estate_a, kind=Offer.Kind.OUTREACH, hours=0.25)
    (slot,) = services.add_slots(offer.sessions.get(), 15, actor=worker)
    for round_ in range(5):
        SignUp.objects.filter(slot=slot).update(status=SignUp.Status.CANCELLED)
        outcomes = _at_once([
            lambda n=10 * round_ + n: services.sign_up(offer, resident(n), slot=slot) for n in (1, 2)
        ])
        assert outcomes == ["booked", "refused"]
        assert SignUp.objects.filter(slot=slot, status__in=SignUp.ACTIVE).count() == 1


def test_two_people_taking_the_last_place_at_once_one_waits():
    world = build_world()
    offer = make_offer(world.users["social_worker"], estate=world.estate_a, capacity=1)
    _at_once([lambda n=n: services.sign_up(offer, resident(n)) for n in range(1, 5)])
    statuses = sorted(SignUp.objects.filter(offer=offer).values_list("status", flat=True))
    assert statuses == ["confirmed", "waiting", "waiting", "waiting"]
