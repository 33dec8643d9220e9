"""Partnership goals: progress from the indicator in SQL against a straight line from baseline
to target, kept as snapshots; on track / behind; only goal managers change them."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from lokalsundhed.offers import services as offers
from lokalsundhed.offers.tests.factories import make_offer, resident
from lokalsundhed.profiles import goals, progress, services
from lokalsundhed.profiles.models import Goal, GoalSnapshot, PartnershipYear
from lokalsundhed.profiles.tests.factories import GoalSnapshotFactory

pytestmark = pytest.mark.django_db


def _goal(world, *, baseline=0.0, target=20.0, starts=None, ends=None, indicator="first_time_participants") -> Goal:
    today = timezone.localdate()
    return services.create_goal(world.partnership, services.GoalInput(
        year=today.year, recommendation="networks", indicator=indicator, title="Flere nye deltagere",
        baseline=baseline, target=target, starts_on=starts or today - timedelta(days=50),
        target_date=ends or today + timedelta(days=50)), actor=world.users["municipal_analyst"])


def _first_timers(world, n: int) -> None:
    offer = make_offer(world.users["social_worker"], estate=world.estate_a, capacity=50, sessions=1)
    for i in range(n):
        offers.sign_up(offer, resident(i, first_time=True))


def test_expected_is_a_straight_line_from_baseline_to_target(world):
    goal = _goal(world, baseline=10, target=30, starts=date(2025, 1, 1), ends=date(2025, 12, 31))

    assert progress.expected_by(goal, date(2025, 1, 1)) == 10
    assert progress.expected_by(goal, date(2025, 7, 2)) == pytest.approx(20, abs=0.1)
    assert progress.expected_by(goal, date(2026, 6, 1)) == 30


def test_expected_by_now_is_rounded_once_where_it_is_shown(world):
    """Two days into a year from 0 to 100 the line stands at 0.548: the goals table shows 0.5, not
    0.55 rounded again to 0.6."""
    from django.template.defaultfilters import floatformat
    from django.utils import translation

    today = timezone.localdate()
    goal = _goal(world, baseline=0, target=100, starts=today - timedelta(days=2),
                 ends=today - timedelta(days=2) + timedelta(days=365))
    expected = progress.measure_goal(goal, today=today).expected
    with translation.override("en"):
        assert floatformat(expected, "-1") == "0.5"


def test_a_goal_ahead_of_the_line_is_on_track_and_one_below_it_is_behind(world):
    goal = _goal(world)  # halfway: 10 first-time participants expected by today
    _first_timers(world, 12)

    on_track = progress.measure_goal(goal, today=timezone.localdate())
    assert (on_track.value, on_track.expected, on_track.on_track) == (12, 10, True)

    higher = _goal(world, target=40)  # 20 expected by today
    assert progress.measure_goal(higher, today=timezone.localdate()).on_track is False


def test_a_goal_to_bring_a_figure_down_is_on_track_below_the_line(world):
    goal = _goal(world, baseline=30, target=10)  # 20 expected by today
    _first_timers(world, 12)

    assert progress.measure_goal(goal, today=timezone.localdate()).on_track is True


def test_progress_resting_on_fewer_than_five_is_unknown_not_behind(world):
    goal = _goal(world)
    _first_timers(world, 3)

    measured = progress.measure_goal(goal, today=timezone.localdate())

    assert (measured.value, measured.on_track) == (None, None)


def test_viewing_the_goals_keeps_one_snapshot_a_day_and_the_history(world, login, django_assert_max_num_queries):
    goal = _goal(world)
    GoalSnapshotFactory(goal=goal, taken_on=timezone.localdate() - timedelta(days=1), value=8, n=8,
                        expected=9.8, on_track=False)
    _first_timers(world, 12)
    client = login(world.users["municipal_analyst"])

    first = client.get(reverse("profiles:goal_list", kwargs={"pk": world.partnership.pk}))
    # Today's snapshot exists now: 3 session, user, memberships · 1 partnership · 1 goals · 1 snapshots ·
    # 1 may manage · 1 years (and the session's savepoint and release).
    with django_assert_max_num_queries(10):
        second = client.get(reverse("profiles:goal_list", kwargs={"pk": world.partnership.pk}))

    assert first.status_code == second.status_code == 200
    assert GoalSnapshot.objects.filter(goal=goal).count() == 2
    [item] = second.context["goals"]
    assert [s.value for s in item.history] == [8, 12]
    assert item.status == "on_track"
    assert 'data-status="on_track"' in second.content.decode()


def test_the_nightly_task_snapshots_every_active_goal(world):
    from lokalsundhed.profiles.tasks import snapshot_goals

    _goal(world)
    services.archive_goal(_goal(world), actor=world.users["municipal_analyst"])

    snapshot_goals.call_local()

    assert GoalSnapshot.objects.count() == 1


def test_a_lead_sets_the_theme_and_a_goal_from_the_catalogue(world, login):
    client = login(world.users["municipal_analyst"])

    client.post(reverse("profiles:theme_set", kwargs={"pk": world.partnership.pk}),
                {"year": 2025, "theme": "Sundhed og fællesskab"})
    response = client.post(reverse("profiles:goal_new", kwargs={"pk": world.partnership.pk}), {
        "year": 2025, "recommendation": "networks", "indicator": "errand_hours", "title": "Flere timers praktisk hjælp",
        "baseline": 100, "target": 200, "starts_on": "2025-01-01", "target_date": "2025-12-31"})

    assert response.status_code == 302
    assert PartnershipYear.objects.get(partnership=world.partnership, year=2025).theme == "Sundhed og fællesskab"
    world.partnership.refresh_from_db()
    assert world.partnership.yearly_theme == "Sundhed og fællesskab"
    assert Goal.objects.get(partnership=world.partnership).indicator == "errand_hours"


@pytest.mark.parametrize(("field", "value"), [("indicator", "no_such_indicator"), ("title", "Beboer 010190-1234")])
def test_it_refuses_an_unknown_indicator_and_cpr_numbers(world, login, field, value):
    client = login(world.users["municipal_analyst"])
    data = {"year": 2025, "recommendation": "networks", "indicator": "errand_hours", "title": "Mål",
            "baseline": 1, "target": 2, "starts_on": "2025-01-01", "target_date": "2025-12-31", field: value}

    response = client.post(reverse("profiles:goal_new", kwargs={"pk": world.partnership.pk}), data)

    assert response.status_code == 200
    assert not Goal.objects.exists()


def test_goals_of_the_goal_list_follow_the_template_of_seven_recommendations(world):
    from lokalsundhed.profiles.models import Recommendation

    assert len(Recommendation.choices) == 7
    assert goals.active_goals(world.partnership) == []
