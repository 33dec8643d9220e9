"""The demo's bridge-building: routing for both municipalities, and stories in every state that
every demo user with a part in bridge-building meets on their own pages."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command
from django.db.models import Count, F
from django.urls import reverse
from django.utils import timezone

from lokalsundhed.accounts.models import User
from lokalsundhed.audit.models import Action, Entry
from lokalsundhed.core.access import scoped
from lokalsundhed.core.permissions import Role
from lokalsundhed.core.tests.support import log_in
from lokalsundhed.demo.bridge_building_stories import ROUTING, STORIES, UNITS
from lokalsundhed.demo.partnership import STAFF, staff_email
from lokalsundhed.referrals.models import (
    Consent,
    DeadlinePolicy,
    Observation,
    ReceivingUnit,
    Referral,
    RoutingRule,
    Statistic,
    Transition,
    Urgency,
)

pytestmark = pytest.mark.django_db
State = Referral.State


def _user(full_name: str) -> User:
    return User.objects.get(email=staff_email(full_name))


def _people(*roles: Role) -> list[User]:
    return [_user(name) for name, role, _ in STAFF if role in roles]


def test_every_state_and_every_outcome_is_there(demo):
    states = set(Referral.objects.values_list("state", flat=True))
    assert states == set(State.values)
    outcomes = set(Referral.objects.filter(state=State.CLOSED).values_list("outcome", flat=True))
    assert outcomes == set(Referral.Outcome.values)
    assert Referral.objects.filter(state=State.RETURNED).exclude(return_reason="").exists()
    overdue = Referral.objects.filter(escalated_at__isnull=False)
    assert {r.state for r in overdue} == {State.SENT, State.RECEIVED}
    assert all(r.is_overdue() and r.escalated_at > r.deadline_at for r in overdue)
    unsent = Observation.objects.filter(referral__isnull=True)
    assert unsent.filter(consent=Consent.DECLINED, legal_basis__isnull=True).exists()
    assert unsent.filter(consent=Consent.NOT_ASKED, legal_basis__isnull=True).exists()
    # Sent without consent, on a legal basis with its reason.
    assert Referral.objects.filter(observation__legal_basis__isnull=False).exclude(
        observation__legal_basis_reason=""
    ).count() >= 2
    # The worker's retention already anonymised the oldest notes that were never sent.
    assert unsent.filter(anonymised_at__isnull=False, dwelling__isnull=True, description="").exists()


def test_it_adds_no_story_twice(demo):
    counts = (Observation.objects.count(), Referral.objects.count(), Transition.objects.count(),
              Statistic.objects.count(), Entry.objects.count())
    call_command("load_demo", stdout=StringIO())
    assert (Observation.objects.count(), Referral.objects.count(), Transition.objects.count(),
            Statistic.objects.count(), Entry.objects.count()) == counts
    assert counts[0] >= len(STORIES) + 30


def test_both_municipalities_have_units_rules_and_deadlines(demo):
    for code, names in UNITS.items():
        units = ReceivingUnit.objects.filter(municipality__municipality__code=code)
        assert {u.kind: u.name for u in units} == names
        default = units.get(is_default=True)
        assert default.kind == ReceivingUnit.Kind.SINGLE_ENTRY
        for unit in units:
            members = set(unit.members.all())
            assert members and unit.lead in members, unit
            wanted = Role.INTAKE if unit.is_default else Role.UNIT_WORKER
            assert all(m.memberships.filter(role=wanted).exists() for m in members), unit
        rules = RoutingRule.objects.filter(municipality__municipality__code=code).select_related("category", "unit")
        assert {(r.category.code, r.urgency): r.unit.kind for r in rules} == ROUTING
        deadlines = DeadlinePolicy.objects.filter(municipality__municipality__code=code)
        assert set(deadlines.values_list("urgency", flat=True)) == set(Urgency.values)


def test_the_stories_went_through_the_services(demo):
    referrals = Referral.objects.annotate(steps=Count("transitions"))
    expected_steps = {State.SENT: 1, State.RECEIVED: 2, State.TAKEN_OVER: 4, State.CLOSED: 5, State.RETURNED: 3}
    for referral in referrals:
        minimum = expected_steps[referral.state]
        assert referral.steps in (minimum, minimum + 1), referral  # + the claim, for received ones
        assert referral.routing_reason
    # Every referral routed where the municipality's rules say, and the access log tells who did what.
    assert Entry.objects.filter(action=Action.CREATE, object_type="referrals.observation").count() == (
        Observation.objects.count()
    )
    assert Entry.objects.filter(action=Action.READ, object_type="referrals.referral").count() == (
        Referral.objects.exclude(received_at=None).count()
    )
    # Past their deadline and not taken over (claimed or not): escalated once each, never before the
    # deadline. The two stories told as escalated always are; which others are depends on the weekday
    # and hour the demo is loaded at (deadlines count working days: on a Sunday evening only the two).
    escalated = Referral.objects.filter(escalated_at__isnull=False)
    assert Entry.objects.filter(purpose="escalated: past deadline").count() == escalated.count() >= 2
    told = [story.description for story in STORIES if story.escalated]
    assert set(escalated.values_list("observation__description", flat=True)) >= set(told)
    assert not escalated.filter(escalated_at__lt=F("deadline_at")).exists()
    assert not Referral.objects.filter(state__in=Referral.OPEN_STATES, deadline_at__lt=timezone.now(),
                                       escalated_at__isnull=True).exists()
    # Anonymous statistics, with the time to take-over of every referral taken over.
    assert Statistic.objects.count() == Observation.objects.count()
    assert not Statistic.objects.filter(taken_over=True, hours_to_takeover__isnull=True).exists()


def test_the_stories_are_spread_over_the_last_months(demo):
    now = timezone.now()
    created = list(Observation.objects.values_list("created_at", flat=True))
    assert max(created) < now
    assert len({(c.year, c.month) for c in created}) >= 5
    assert (now - min(created)).days > 120
    # The stories' referrals (the work demo's bridge to the jobcenter is sent as it is loaded).
    stories = Referral.objects.exclude(unit__kind=ReceivingUnit.Kind.JOBCENTER).select_related("observation")
    for referral in stories:
        assert referral.sent_at == referral.observation.created_at
        steps = [referral.sent_at, referral.received_at, referral.taken_over_at, referral.closed_at]
        known = [s for s in steps if s is not None]
        assert known == sorted(known) and known[-1] < now, referral
        assert list(referral.transitions.values_list("at", flat=True)) == sorted(
            referral.transitions.values_list("at", flat=True)
        )
    months = Statistic.objects.filter(observation__isnull=False).select_related("observation")
    assert all(s.month == timezone.localdate(s.observation.created_at).replace(day=1) for s in months)


def test_every_reporter_follows_referrals_in_several_states(demo, client):
    for reporter in _people(Role.CARETAKER, Role.SOCIAL_WORKER):
        own = Observation.objects.filter(reported_by=reporter)
        states = set(own.exclude(referral=None).values_list("referral__state", flat=True))
        assert len(states) >= 3, reporter
        log_in(client, reporter)
        response = client.get(reverse("referrals:my_reports"))
        assert response.status_code == 200
        assert response.context["page"].paginator.count == own.count()


def test_every_worker_has_a_queue_and_referrals_of_their_own(demo, client):
    for worker in _people(Role.INTAKE, Role.UNIT_WORKER):
        visible = scoped(worker, Referral)
        assert visible.filter(state__in=Referral.OPEN_STATES).exists(), worker
        assert visible.filter(claimed_by=worker, state__in=[State.RECEIVED, State.TAKEN_OVER]).exists(), worker
        assert visible.filter(claimed_by=worker, state=State.CLOSED).exists(), worker
        log_in(client, worker)
        queue = client.get(reverse("referrals:queue"))
        assert queue.status_code == 200 and queue.context["page"].paginator.count > 0
        mine = client.get(reverse("referrals:queue"), {"state": "mine"})
        assert mine.context["page"].paginator.count > 0
        referral = visible.filter(state=State.TAKEN_OVER).first() or visible.first()
        assert client.get(reverse("referrals:referral_detail", args=[referral.pk])).status_code == 200


def test_the_municipalities_see_only_their_own_referrals(demo):
    vejle = _user("Anne Marie Kristensen")
    fredericia = _user("Mette Kjær Andersen")
    assert set(scoped(vejle, Referral).values_list("municipality__name", flat=True)) == {"Vejle Kommune"}
    assert set(scoped(fredericia, Referral).values_list("municipality__name", flat=True)) == {"Fredericia Kommune"}
    unit_worker = _user("Lars Holm Nielsen")
    assert not scoped(unit_worker, Referral).filter(unit__is_default=True).exists()
