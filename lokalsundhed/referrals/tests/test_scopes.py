"""The referral scopes need no DISTINCT: a worker in several units still sees each referral once."""

from __future__ import annotations

import pytest

from lokalsundhed.core.access import scoped
from lokalsundhed.core.tests.support import bridge_world
from lokalsundhed.referrals.models import Observation, Referral
from lokalsundhed.referrals.tests.factories import ReceivingUnitFactory, observe

pytestmark = pytest.mark.django_db


def test_a_worker_in_several_units_sees_each_referral_once():
    world = bridge_world()
    worker = world.users["unit_worker"]
    world.default_unit.members.add(worker)
    ReceivingUnitFactory(municipality=world.municipality_m, name="Hjemmeplejen").members.add(worker)
    referral = observe(world.users["caretaker"], world.estate_a, "falls").referral
    assert list(scoped(worker, Referral)) == [referral]
    assert list(scoped(worker, Observation)) == [referral.observation]
    assert "DISTINCT" not in str(scoped(worker, Referral).query)


def test_a_worker_outside_the_unit_sees_nothing():
    world = bridge_world()
    observe(world.users["caretaker"], world.estate_a, "falls")  # to the default unit
    assert not scoped(world.users["unit_worker"], Referral).exists()
    assert not scoped(world.users["other_municipality_intake"], Referral).exists()
