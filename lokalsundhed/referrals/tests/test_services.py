"""The referral's path: routing, consent, the state machine, escalation and retention."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from django.core import mail
from django.utils import timezone

from lokalsundhed.audit.models import Action, Entry
from lokalsundhed.core.tests.world import build_world
from lokalsundhed.referrals import housekeeping, services
from lokalsundhed.referrals.models import (
    Consent,
    LegalBasis,
    Observation,
    Referral,
    Statistic,
    Transition,
    Urgency,
)
from lokalsundhed.referrals.tests.factories import ReceivingUnitFactory, observe, rule

pytestmark = pytest.mark.django_db
State = Referral.State


@pytest.fixture
def world():
    world = build_world()
    world.default_unit = ReceivingUnitFactory(municipality=world.municipality_m, name="Én Indgang", is_default=True)
    world.psychiatry = ReceivingUnitFactory(municipality=world.municipality_m, name="Socialpsykiatri",
                                            kind="social_psychiatry")
    world.psychiatry.members.add(world.users["unit_worker"])
    rule(world.municipality_m, "mental", Urgency.RED, world.psychiatry)
    return world


def test_a_red_mental_sign_goes_to_social_psychiatry_and_says_why(world):
    observation = observe(world.users["caretaker"], world.estate_a, "psychiatric_crisis", "loneliness")
    referral = observation.referral
    assert referral.unit == world.psychiatry
    assert referral.urgency == Urgency.RED
    assert "Socialpsykiatri" in referral.routing_reason
    assert referral.state == State.SENT
    assert referral.deadline_at == referral.sent_at + timedelta(hours=4)


def test_what_no_rule_routes_goes_to_the_default_unit(world):
    referral = observe(world.users["caretaker"], world.estate_a, "falls").referral
    assert referral.unit == world.default_unit
    assert referral.urgency == Urgency.YELLOW


def test_a_declined_consent_without_a_legal_basis_is_never_sent(world):
    observation = observe(world.users["caretaker"], world.estate_a, "falls", consent=Consent.DECLINED)
    assert not Referral.objects.filter(observation=observation).exists()
    assert Statistic.objects.get(observation=observation).referred is False


def test_an_observation_filed_just_after_midnight_on_the_first_counts_in_the_new_month(world, monkeypatch):
    # 00:30 on 1 December in Denmark is still 30 November in UTC: the numbers count Danish months.
    # The field keeps its default as the cached `_get_default` once one observation has been made in
    # this process: replacing `default` alone only worked when this test came first.
    monkeypatch.setattr(Observation._meta.get_field("created_at"), "_get_default",
                        lambda: datetime(2026, 11, 30, 23, 30, tzinfo=UTC))
    observation = observe(world.users["caretaker"], world.estate_a, "falls")
    assert Statistic.objects.get(observation=observation).month == date(2026, 12, 1)


def test_a_legal_basis_lets_it_go_without_consent(world):
    basis = LegalBasis.objects.get(code="vital_interests")
    observation = observe(world.users["caretaker"], world.estate_a, "not_seen", consent=Consent.CANNOT,
                          legal_basis=basis, reason="Ikke set i 5 dage, lys tændt")
    assert observation.referral.state == State.SENT


def test_the_whole_loop_is_recorded_with_who_and_when(world):
    caretaker, worker = world.users["caretaker"], world.users["intake"]
    referral = observe(caretaker, world.estate_a, "falls").referral
    referral = services.claim(referral, actor=worker)
    assert referral.state == State.RECEIVED and referral.claimed_by == worker
    referral = services.take_over(referral, actor=worker, status_text="Hjemmeplejen kommer forbi")
    referral = services.close(referral, actor=worker, outcome=Referral.Outcome.HELP_ESTABLISHED, status_text="")
    assert referral.state == State.CLOSED and referral.outcome == "help_established"
    steps = list(Transition.objects.filter(referral=referral).values_list("from_state", "to_state", "actor"))
    assert steps == [
        ("", "sent", caretaker.pk),
        ("sent", "received", worker.pk),
        ("received", "received", worker.pk),
        ("received", "taken_over", worker.pk),
        ("taken_over", "closed", worker.pk),
    ]
    statistic = Statistic.objects.get(observation=referral.observation)
    assert statistic.taken_over and statistic.outcome == "help_established"
    assert statistic.hours_to_takeover is not None


def test_every_transition_writes_an_access_log_row(world):
    caretaker, worker = world.users["caretaker"], world.users["intake"]
    referral = observe(caretaker, world.estate_a, "falls").referral
    referral = services.receive(referral, actor=worker)
    referral = services.claim(referral, actor=worker)
    referral = services.take_over(referral, actor=worker, status_text="")
    services.close(referral, actor=worker, outcome=Referral.Outcome.NO_NEED, status_text="")
    logged = list(Entry.objects.filter(action=Action.CHANGE, object_type="referrals.referral",
                                       object_id=str(referral.pk), actor=worker)
                  .order_by("pk").values_list("purpose", flat=True))
    assert logged == ["referral received", "referral claimed", "referral taken_over", "referral closed"]
    with pytest.raises(services.TransitionNotAllowed):
        services.receive(referral, actor=worker)


def test_only_one_worker_can_claim(world):
    referral = observe(world.users["caretaker"], world.estate_a, "falls").referral
    services.claim(referral, actor=world.users["intake"])
    with pytest.raises(services.TransitionNotAllowed):
        services.claim(referral, actor=world.users["unit_worker"])


def test_only_the_claimer_takes_over_and_closes(world):
    referral = observe(world.users["caretaker"], world.estate_a, "falls").referral
    services.claim(referral, actor=world.users["intake"])
    with pytest.raises(services.TransitionNotAllowed):
        services.take_over(referral, actor=world.users["unit_worker"], status_text="")
    with pytest.raises(services.TransitionNotAllowed):
        services.close(referral, actor=world.users["intake"], outcome="no_need", status_text="")


def test_a_returned_referral_needs_a_reason_and_goes_back(world):
    referral = observe(world.users["caretaker"], world.estate_a, "falls").referral
    with pytest.raises(services.TransitionNotAllowed):
        services.return_to_reporter(referral, actor=world.users["intake"], reason=" ")
    referral = services.return_to_reporter(referral, actor=world.users["intake"], reason="Hører under Vejle")
    assert referral.state == State.RETURNED and referral.closed_at is not None


def test_notifications_hold_no_personal_data(world, settings, django_capture_on_commit_callbacks):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    with django_capture_on_commit_callbacks(execute=True):
        observe(world.users["caretaker"], world.estate_a, "psychiatric_crisis", first_name="Gudrun",
                description="Råbte om natten")
    referral = Referral.objects.get()
    with django_capture_on_commit_callbacks(execute=True):
        services.claim(referral, actor=world.users["unit_worker"])
        services.take_over(referral, actor=world.users["unit_worker"], status_text="Vi har kontakt")
    recipients = [m.to for m in mail.outbox]
    assert recipients == [[world.psychiatry.notification_email], [world.users["caretaker"].email]]
    dwelling = world.estate_a.dwellings.first()
    for message in mail.outbox:
        text = message.subject + message.body
        for secret in ("Gudrun", "Råbte", dwelling.street, "psyk", "Psyk"):
            assert secret not in text


def test_an_unclaimed_referral_past_its_deadline_is_escalated_once(world, settings,
                                                                  django_capture_on_commit_callbacks):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    world.psychiatry.lead = world.users["municipal_admin"]
    world.psychiatry.save()
    referral = observe(world.users["caretaker"], world.estate_a, "psychiatric_crisis").referral
    mail.outbox.clear()
    assert housekeeping.escalate_overdue(now=referral.deadline_at - timedelta(minutes=1)) == 0
    later = referral.deadline_at + timedelta(minutes=1)
    with django_capture_on_commit_callbacks(execute=True):
        assert housekeeping.escalate_overdue(now=later) == 1
        assert housekeeping.escalate_overdue(now=later + timedelta(hours=1)) == 0
    referral.refresh_from_db()
    assert referral.escalated_at == later and referral.is_overdue(later)
    assert [m.to for m in mail.outbox] == [[world.users["municipal_admin"].email]]


def test_a_claimed_referral_not_taken_over_by_its_deadline_is_overdue_and_escalated(world):
    referral = observe(world.users["caretaker"], world.estate_a, "psychiatric_crisis").referral
    services.claim(referral, actor=world.users["unit_worker"])
    late = referral.deadline_at + timedelta(days=1)
    assert referral.is_overdue(late)
    assert housekeeping.escalate_overdue(now=late) == 1


def test_a_referral_taken_over_in_time_is_not_escalated(world):
    worker = world.users["unit_worker"]
    referral = observe(world.users["caretaker"], world.estate_a, "psychiatric_crisis").referral
    services.take_over(services.claim(referral, actor=worker), actor=worker, status_text="")
    assert housekeeping.escalate_overdue(now=referral.deadline_at + timedelta(days=1)) == 0


def test_retention_anonymises_closed_referrals_after_twelve_months_and_keeps_statistics(world):
    worker = world.users["intake"]
    referral = observe(world.users["caretaker"], world.estate_a, "falls", first_name="Inge").referral
    services.claim(referral, actor=worker)
    services.take_over(referral, actor=worker, status_text="ok")
    services.close(referral, actor=worker, outcome="help_established", status_text="Hjælp etableret")
    referral.refresh_from_db()
    now = referral.closed_at
    assert housekeeping.apply_retention(now=now + timedelta(days=360)) == 0
    assert housekeeping.apply_retention(now=now + timedelta(days=370)) == 1
    observation = Observation.objects.get(pk=referral.observation_id)
    assert observation.anonymised_at and observation.resident_first_name == "" and observation.dwelling is None
    assert observation.description == ""
    statistic = Statistic.objects.get(estate=world.estate_a)
    assert statistic.observation is None and statistic.outcome == "help_established"
    assert Entry.objects.filter(action=Action.DELETE, object_type="referrals.observation").exists()


def test_retention_anonymises_an_unsent_observation_after_three_months(world):
    observation = observe(world.users["caretaker"], world.estate_a, "loneliness", consent=Consent.DECLINED)
    now = observation.created_at
    assert housekeeping.apply_retention(now=now + timedelta(days=80)) == 0
    assert housekeeping.apply_retention(now=now + timedelta(days=95)) == 1


def test_a_retention_policy_overrides_the_default(world):
    from lokalsundhed.referrals.tests.factories import RetentionPolicyFactory

    RetentionPolicyFactory(organisation=world.housing_a, unsent_observation_months=1)
    observation = observe(world.users["caretaker"], world.estate_a, "loneliness", consent=Consent.DECLINED)
    assert housekeeping.apply_retention(now=observation.created_at + timedelta(days=35)) == 1


def test_deadlines_count_working_days():
    friday = timezone.datetime(2026, 11, 20, 10, 0, tzinfo=timezone.get_current_timezone())
    assert services.add_working_days(friday, 2).weekday() == 1  # Tuesday


@pytest.mark.parametrize(("sent", "days", "due"), [
    # Sent in the first hour of a Danish Saturday (still Friday in UTC): one working day is Monday.
    ("2026-11-21 00:30", 1, "2026-11-23 00:30"),
    ("2026-11-22 01:30", 1, "2026-11-23 01:30"),  # and of a Sunday
    ("2026-11-23 00:30", 2, "2026-11-25 00:30"),  # Monday's first hour (Sunday in UTC)
    # Across the clocks going back (25 October 2026) and forward (28 March 2027): the same Danish time.
    ("2026-10-23 09:00", 2, "2026-10-27 09:00"),
    ("2027-03-26 09:00", 1, "2027-03-29 09:00"),
])
def test_a_deadline_counts_danish_working_days_at_the_same_danish_time(sent, days, due):
    here = timezone.get_current_timezone()
    start = timezone.datetime.fromisoformat(sent).replace(tzinfo=here).astimezone(UTC)
    assert timezone.localtime(services.add_working_days(start, days)).strftime("%Y-%m-%d %H:%M") == due


def test_a_red_deadline_is_four_real_hours_on_the_night_the_clocks_go_forward(world):
    sent = timezone.datetime(2027, 3, 28, 1, 30, tzinfo=timezone.get_current_timezone())
    due = services.deadline_for(municipality=world.municipality_m, urgency=Urgency.RED, sent_at=sent)
    assert due.astimezone(UTC) - sent.astimezone(UTC) == timedelta(hours=4)  # real hours, not the wall's
    assert timezone.localtime(due).strftime("%H:%M") == "06:30"  # 01:30 CET + 4 h = 06:30 CEST
