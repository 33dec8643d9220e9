"""The demo's rooms and small steps into work: rooms with hours and bookings, opportunities with
residents' interest in every state, one bridged to the jobcenter; a second load adds nothing."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command

from lokalsundhed.referrals.models import ReceivingUnit, Referral
from lokalsundhed.rooms.models import Booking, Room
from lokalsundhed.work.models import Company, Interest, Opportunity

pytestmark = pytest.mark.django_db


def test_the_demo_has_rooms_bookings_opportunities_and_interest_once(var_dir):
    call_command("load_demo", stdout=StringIO())
    counts = (Room.objects.count(), Booking.objects.count(), Company.objects.count(), Opportunity.objects.count(),
              Interest.objects.count())
    assert Room.objects.filter(kind=Room.Kind.GARDEN).exists() and Room.objects.filter(hearing_loop=True).exists()
    assert Booking.objects.filter(series__isnull=False).count() >= 8
    assert set(Interest.objects.values_list("state", flat=True)) == set(Interest.State.values)
    bridged = Interest.objects.get(jobcenter_observation__isnull=False)
    assert Referral.objects.get(observation=bridged.jobcenter_observation).unit.kind == ReceivingUnit.Kind.JOBCENTER
    call_command("load_demo", stdout=StringIO())
    assert counts == (Room.objects.count(), Booking.objects.count(), Company.objects.count(),
                      Opportunity.objects.count(), Interest.objects.count())
