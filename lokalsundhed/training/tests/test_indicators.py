"""The staff-trained indicator in the profiles' catalogue, for partnership goals."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.utils import timezone

from lokalsundhed.accounts.tests.factories import member
from lokalsundhed.core.permissions import Role
from lokalsundhed.organisations.models import Estate
from lokalsundhed.profiles import indicators, progress
from lokalsundhed.profiles.models import Goal, Recommendation
from lokalsundhed.training import services
from lokalsundhed.training.models import Enrolment, Posting
from lokalsundhed.training.tests.factories import session

pytestmark = pytest.mark.django_db


def _posted(world, n, estate):
    people = [member(world.housing_a, Role.CARETAKER) for _ in range(n)]
    Posting.objects.bulk_create([Posting(user=p, estate=estate) for p in people])
    return people


def _trained(world, people):
    past = session(world.housing_a, code="opsporing-og-brobygning", days=-10)
    for person in people:
        enrolment = Enrolment.objects.create(session=past, user=person, organisation=world.housing_a,
                                             enrolled_by=person)
        services.record_attendance(enrolment, attended=True, actor=world.users["housing_admin"])


def _measure(estates):
    indicator = indicators.get("staff_trained_share")
    assert indicator is not None
    today = timezone.localdate()
    return indicator.measure(estates, today - timedelta(days=365), today + timedelta(days=1))


def test_it_counts_the_share_of_posted_front_line_staff_trained_in_early_detection(world):
    people = _posted(world, 12, world.estate_a)
    _trained(world, people[:7])
    _posted(world, 3, world.estate_b)

    assert _measure(Estate.objects.filter(pk=world.estate_a.pk)) == indicators.Measure(58.3, 12, 7)
    # The country: 15 posted, 7 trained.
    assert _measure(None) == indicators.Measure(46.7, 15, 7)


def test_a_share_of_few_staff_is_suppressed(world):
    people = _posted(world, 8, world.estate_a)
    _trained(world, people[:6])  # 2 untrained would be given away

    measure = _measure(Estate.objects.filter(pk=world.estate_a.pk))

    assert measure.suppressed and indicators.get("staff_trained_share").format(measure) == "–"


def test_a_partnership_goal_follows_the_share_trained(world):
    world.partnership.estates.add(world.estate_a)
    people = _posted(world, 10, world.estate_a)
    _trained(world, people[:5])
    year = timezone.localdate().year
    goal = Goal.objects.create(partnership=world.partnership, year=year, recommendation=Recommendation.ACROSS,
                               indicator="staff_trained_share", title="Flere ansatte klædt på", baseline=20,
                               target=80, starts_on=date(year, 1, 1), target_date=date(year, 12, 31),
                               created_by=world.users["municipal_analyst"])

    measured = progress.measure_goal(goal, today=timezone.localdate())

    assert (measured.value, measured.n) == (50.0, 10)
