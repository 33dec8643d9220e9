from __future__ import annotations

import pytest

from lokalsundhed.core.tests.world import World, build_world
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
    return world
