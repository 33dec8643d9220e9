from __future__ import annotations

import pytest

from lokalsundhed.core.tests.world import World, build_world
from lokalsundhed.errands.tests.factories import request
from lokalsundhed.offers import services as offer_services
from lokalsundhed.offers.tests.factories import make_offer, resident
from lokalsundhed.referrals.tests.factories import ReceivingUnitFactory, observe


@pytest.fixture
def world(db) -> World:
    """The authorization world with a unit per municipality and one referral in Fredericia (M)."""
    world = build_world()
    world.unit = ReceivingUnitFactory(municipality=world.municipality_m, name="Én Indgang",  # type: ignore[attr-defined]
                                      is_default=True)
    ReceivingUnitFactory(municipality=world.municipality_v, name="Én Indgang Vejle", is_default=True)
    world.observation = observe(world.users["caretaker"], world.estate_a, "falls")  # type: ignore[attr-defined]
    world.referral = world.observation.referral  # type: ignore[attr-defined]
    # A course in estate A with one resident signed up, and an errand there.
    world.offer = make_offer(world.users["social_worker"], estate=world.estate_a, capacity=10, sessions=2)
    world.sign_up = offer_services.sign_up(world.offer, resident(1))
    world.session = world.offer.sessions.order_by("starts_at").first()
    world.errand = request(world.estate_a)
    return world
