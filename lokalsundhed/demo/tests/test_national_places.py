"""Rooms, small steps into work, area profiles and partnership goals in the national year, at a
tiny scale: in proportion, and every invariant the services keep holds for the generated rows."""

from __future__ import annotations

from collections import defaultdict
from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.db.models import Count
from django.urls import reverse
from django.utils import timezone

from lokalsundhed.accounts.models import Membership
from lokalsundhed.core.permissions import Role
from lokalsundhed.core.phones import parse_phone
from lokalsundhed.core.tests.support import log_in
from lokalsundhed.organisations.models import Estate, Municipality, Organisation, Partnership
from lokalsundhed.profiles import progress, selectors
from lokalsundhed.profiles.models import (
    EstateResidents,
    Goal,
    PartnershipYear,
    StatisticsCell,
    StatisticsTable,
)
from lokalsundhed.rooms import services as rooms
from lokalsundhed.rooms.models import Booking, Room
from lokalsundhed.work.cvr import cvr_is_valid
from lokalsundhed.work.models import Company, Interest, Opportunity

pytestmark = pytest.mark.django_db

SCALE = 0.004


def _generate(scale: float = SCALE) -> str:
    out = StringIO()
    call_command("generate_national", "--scale", str(scale), "--seed", "5", stdout=out, stderr=StringIO())
    return out.getvalue()


def test_it_makes_each_capability_s_year_in_proportion_to_the_scale():
    out = _generate()

    # 5,000 rooms and 150,000 bookings at scale 1; 3,000 companies, 10,000 opportunities, 40,000 interests.
    assert 5 <= Room.objects.count() <= 60
    assert 0.8 * 600 <= Booking.objects.count() <= 1.05 * 600
    assert (Company.objects.count(), Opportunity.objects.count(), Interest.objects.count()) == (12, 40, 160)
    assert EstateResidents.objects.count() == Estate.objects.count() == 28
    assert 3 <= Goal.objects.count() <= 6 * Partnership.objects.count()
    assert "room bookings" in out and "interests in work" in out and "goal snapshots" in out


def test_no_two_bookings_of_a_room_overlap_and_each_fits_its_opening_hours():
    _generate()
    now = timezone.now()
    by_room = defaultdict(list)
    for booking in Booking.objects.order_by("room_id", "starts_at"):
        by_room[booking.room_id].append(booking)
    for room in Room.objects.prefetch_related("opening_hours"):
        bookings = by_room[room.pk]
        # Half-open times: one may end when the next starts (cancelled ones do not overlap either).
        assert all(a.ends_at <= b.starts_at for a, b in zip(bookings, bookings[1:], strict=False))
        rooms.check_open(room, [(b.starts_at, b.ends_at) for b in bookings])
    bookings = Booking.objects.all()
    assert bookings.filter(starts_at__gt=now).exists() and bookings.filter(ends_at__lt=now).exists()
    assert not bookings.filter(starts_at__lt=now - timedelta(days=366)).exists()
    assert not bookings.filter(starts_at__gt=now + timedelta(days=93)).exists()
    for booking in bookings:
        assert booking.created_at <= min(booking.starts_at, now)
        if booking.cancelled_at is not None:
            assert booking.created_at <= booking.cancelled_at <= now
            assert booking.cancelled_by_id == booking.booked_by_id and booking.revision == 1
    # Weekly series share their series; single times have none.
    series = bookings.exclude(series=None).values("series").annotate(n=Count("pk"))
    assert series and all(row["n"] > 1 for row in series)


def test_every_interest_s_history_runs_from_interested_to_its_state():
    _generate()
    interests = Interest.objects.prefetch_related("transitions").select_related("opportunity")
    assert {i.state for i in interests} >= {Interest.State.INTERESTED, Interest.State.COMPLETED,
                                             Interest.State.STOPPED}
    for interest in interests:
        steps = list(interest.transitions.all())
        assert (steps[0].from_state, steps[0].to_state) == ("", Interest.State.INTERESTED)
        assert steps[-1].to_state == interest.state
        assert all(a.to_state == b.from_state and a.at <= b.at for a, b in zip(steps, steps[1:], strict=False))
        assert interest.created_at == steps[0].at >= interest.opportunity.created_at
        # Shown on the public page: a published opportunity, before it was archived.
        assert interest.opportunity.is_published
        assert interest.opportunity.archived_at is None or interest.created_at <= interest.opportunity.archived_at
        assert (interest.contacted_at is not None) == any(s.to_state == Interest.State.CONTACTED for s in steps)
        assert (interest.closed_at is not None) == interest.is_closed
        assert bool(interest.stop_reason) == (interest.state == Interest.State.STOPPED)
        assert interest.consent and parse_phone(interest.phone) == interest.phone
    companies = Company.objects.all()
    assert all(cvr_is_valid(c.cvr) for c in companies)
    for opportunity in Opportunity.objects.select_related("company", "estate").filter(company__isnull=False):
        assert opportunity.company.housing_organisation_id == opportunity.estate.housing_organisation_id


def test_every_estate_and_municipality_has_figures_for_its_profile():
    _generate()
    assert not Estate.objects.filter(resident_counts__isnull=True).exists()
    codes = list(Municipality.objects.filter(estates__isnull=False).distinct().values_list("code", flat=True))
    population = selectors.population([*codes, selectors.COUNTRY])
    for code in codes:
        assert population[code].total > 0
        assert set(population[code].projected) == set(selectors.PROJECTION_YEARS)
    # The demo's tables, grown: its areas and each municipality's, named in the area dimension.
    table = StatisticsTable.objects.get(table_id="FOLK1A")
    assert {"000", "0607", "0630", *codes} == {c for c, _l in table.dimensions["OMRÅDE"]["categories"]}
    assert StatisticsCell.objects.filter(table=table, area__in=codes, age="IALT").count() == len(codes)


def test_the_municipal_analyst_sees_the_municipality_s_profile_with_its_figures(client):
    _generate()
    council = Organisation.objects.filter(kind=Organisation.Kind.MUNICIPALITY, municipality__estates__isnull=False).first()
    log_in(client, Membership.objects.filter(organisation=council, role=Role.ANALYST).first().user)

    response = client.get(reverse("profiles:municipality", kwargs={"code": council.municipality.code}))

    assert response.status_code == 200
    profile = response.context["profile"]
    municipality, country = profile.columns
    assert municipality.population.has_data and country.population.has_data
    assert all(cell["now"] and all(cell["years"]) for row in profile.population_rows for cell in row["cells"])
    reach = next(row for row in profile.indicator_rows if row["key"] == "work_reach")
    assert int(reach["cells"][0]) >= 100  # of the 160 interests, those of the last twelve months


def test_goals_have_a_snapshot_for_every_day_since_they_were_set():
    _generate()
    today = timezone.localdate()
    for partnership in Partnership.objects.filter(starts_on__lte=today):
        themes = list(PartnershipYear.objects.filter(partnership=partnership).order_by("year"))
        assert themes and themes[0].year == today.year and partnership.yearly_theme == themes[-1].theme
    goals = Goal.objects.prefetch_related("snapshots")
    assert goals
    for goal in goals:
        snapshots = list(goal.snapshots.all())
        # From the day the goal was set (on or after its start) until today, or until it was archived.
        first = timezone.localdate(goal.created_at)
        last = today if goal.archived_at is None else timezone.localdate(goal.archived_at)
        assert goal.starts_on <= first <= last
        assert [s.taken_on for s in snapshots] == [first + timedelta(days=d) for d in range((last - first).days + 1)]
        assert goal.target != goal.baseline and goal.target_date > goal.starts_on
        latest = snapshots[-1]
        assert latest.expected == pytest.approx(progress.expected_by(goal, latest.taken_on))
        if goal.archived_at is None:
            # Today's snapshot is what the goal measures today.
            assert latest.value == progress.measure_goal(goal, today=today).value
