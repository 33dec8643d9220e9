"""Small steps into work: the company registry's CVR check, a resident's interest, the follow-up
state machine, the jobcenter bridge through bridge-building, retention and the indicators."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone, translation

from lokalsundhed.audit.models import Entry
from lokalsundhed.core.tests.world import build_world
from lokalsundhed.profiles.indicators import get as indicator
from lokalsundhed.referrals.models import ReceivingUnit, Referral
from lokalsundhed.work import housekeeping, services
from lokalsundhed.work.cvr import cvr_is_valid, normalise_cvr, validate_cvr
from lokalsundhed.work.models import Interest, InterestTransition
from lokalsundhed.work.tests.factories import VALID_CVRS, company, interest, opportunity

pytestmark = pytest.mark.django_db
State = Interest.State


@pytest.fixture(autouse=True)
def english():
    """The refusals are read in English here (the UI speaks Danish)."""
    with translation.override("en"):
        yield


@pytest.fixture
def world():
    world = build_world()
    world.worker = world.users["social_worker"]
    world.opportunity = opportunity(world.estate_a, world.worker, company=company(world.housing_a, world.worker))
    return world


@pytest.mark.parametrize("cvr", VALID_CVRS)
def test_it_accepts_cvr_numbers_that_pass_the_modulus_11_check(cvr):
    assert cvr_is_valid(cvr)
    validate_cvr(f"DK-{cvr[:2]} {cvr[2:4]} {cvr[4:6]} {cvr[6:]}")


@pytest.mark.parametrize("cvr", ["25313764", "52313763", "1234567", "123456789", "02531376", "abcdefgh"])
def test_it_refuses_cvr_numbers_with_a_wrong_check_digit_or_length(cvr):
    assert not cvr_is_valid(normalise_cvr(cvr))
    with pytest.raises(ValidationError):
        validate_cvr(cvr)


def test_a_company_is_registered_once_per_cvr_number(world):
    with pytest.raises(services.WorkRefused, match="already"):
        company(world.housing_a, world.worker, cvr="DK 25 31 37 63", name="Samme firma")
    with pytest.raises(services.WorkRefused, match="not a valid"):
        company(world.housing_a, world.worker, cvr="25313764")
    saved = company(world.housing_a, world.worker, cvr="10103940", name="Byggemarkedet")
    assert saved.cvr == "10103940" and saved.contact_phone == "20304050"


def test_an_opportunity_takes_only_a_company_of_the_estates_housing_organisation(world):
    outsider = company(world.housing_b, world.users["social_worker"], cvr="30808460")
    with pytest.raises(services.WorkRefused):
        opportunity(world.estate_a, world.worker, company=outsider)


def test_a_resident_shows_interest_with_first_name_phone_and_consent(world):
    shown = interest(world.opportunity, phone="+45 20 30 40 50")
    assert (shown.first_name, shown.phone, shown.state, shown.consent) == ("Ahmed", "20304050", State.INTERESTED, True)
    (first,) = InterestTransition.objects.filter(interest=shown)
    assert first.actor is None and first.to_state == State.INTERESTED
    assert Entry.objects.filter(purpose="interest shown", object_id=str(shown.pk)).exists()


@pytest.mark.parametrize("kwargs, message", [
    ({"consent": False}, "agree"),
    ({"phone": "2030"}, "8 digits"),
    ({"message": "Mit cpr er 010190-1234"}, "CPR"),
])
def test_it_refuses_an_interest_without_consent_a_whole_phone_number_or_with_a_cpr_number(world, kwargs, message):
    data = {"first_name": "Ahmed", "phone": "20304050", "consent": True, **kwargs}
    with pytest.raises(services.WorkRefused, match=message):
        services.show_interest(world.opportunity, **data)
    assert not Interest.objects.exists()


def test_it_refuses_interest_in_an_unpublished_opportunity(world):
    world.opportunity.is_published = False
    world.opportunity.save()
    with pytest.raises(services.WorkRefused):
        interest(world.opportunity)


def test_the_follow_up_goes_interested_contacted_started_completed_with_who_and_when(world):
    shown = interest(world.opportunity)
    for step in (State.CONTACTED, State.STARTED, State.COMPLETED):
        shown = services.move(shown, step, actor=world.worker)
    assert shown.contacted_at and shown.started_at and shown.closed_at
    history = list(InterestTransition.objects.filter(interest=shown).values_list("from_state", "to_state", "actor"))
    assert history == [("", "interested", None), ("interested", "contacted", world.worker.pk),
                       ("contacted", "started", world.worker.pk), ("started", "completed", world.worker.pk)]


@pytest.mark.parametrize("path, refused", [
    ([], State.STARTED),  # not contacted yet
    ([], State.COMPLETED),  # never started
    ([State.CONTACTED], State.CONTACTED),  # twice
    ([State.CONTACTED, State.STARTED, State.COMPLETED], State.STOPPED),  # already closed
])
def test_each_transition_has_its_guard(world, path, refused):
    shown = interest(world.opportunity)
    for step in path:
        shown = services.move(shown, step, actor=world.worker)
    with pytest.raises(services.WorkRefused):
        services.move(shown, refused, actor=world.worker, stop_reason="other")


def test_stopping_needs_a_reason(world):
    shown = interest(world.opportunity)
    with pytest.raises(services.WorkRefused):
        services.move(shown, State.STOPPED, actor=world.worker)
    stopped = services.move(shown, State.STOPPED, actor=world.worker, stop_reason="no_contact")
    assert stopped.state == State.STOPPED and stopped.stop_reason == "no_contact"


def test_the_jobcenter_bridge_sends_a_referral_to_the_jobcenter_unit_with_consent(world):
    ReceivingUnit.objects.create(municipality=world.municipality_m, name="Én Indgang", is_default=True,
                                 kind=ReceivingUnit.Kind.SINGLE_ENTRY)
    jobcenter = ReceivingUnit.objects.create(municipality=world.municipality_m, name="Jobcenter Fredericia",
                                             kind=ReceivingUnit.Kind.JOBCENTER)
    shown = services.move(interest(world.opportunity), State.CONTACTED, actor=world.worker)
    with pytest.raises(services.WorkRefused, match="consent"):
        services.send_to_jobcenter(shown, actor=world.worker, consent=False)
    observation = services.send_to_jobcenter(shown, actor=world.worker, consent=True)
    referral = Referral.objects.get(observation=observation)
    assert referral.unit == jobcenter and referral.state == Referral.State.SENT
    assert observation.resident_first_name == "Ahmed" and observation.reported_by == world.worker
    shown.refresh_from_db()
    assert shown.jobcenter_observation == observation
    with pytest.raises(services.WorkRefused):
        services.send_to_jobcenter(shown, actor=world.worker, consent=True)


def test_without_a_jobcenter_unit_the_default_unit_receives_it_and_without_units_nothing_is_sent(world):
    shown = services.move(interest(world.opportunity), State.CONTACTED, actor=world.worker)
    with pytest.raises(services.WorkRefused, match="no unit"):
        services.send_to_jobcenter(shown, actor=world.worker, consent=True)
    assert not Referral.objects.exists()
    default = ReceivingUnit.objects.create(municipality=world.municipality_m, name="Én Indgang", is_default=True,
                                 kind=ReceivingUnit.Kind.SINGLE_ENTRY)
    observation = services.send_to_jobcenter(shown, actor=world.worker, consent=True)
    assert observation.referral.unit == default


def test_retention_anonymises_closed_and_never_followed_interests_and_keeps_the_counts(world):
    old = timezone.now() - timedelta(days=400)
    closed = services.move(interest(world.opportunity, first_name="Sara"), State.CONTACTED, actor=world.worker)
    closed = services.move(closed, State.STOPPED, actor=world.worker, stop_reason="other_work")
    Interest.objects.filter(pk=closed.pk).update(closed_at=old)
    forgotten = interest(world.opportunity, first_name="Ali")
    Interest.objects.filter(pk=forgotten.pk).update(created_at=old)
    fresh = interest(world.opportunity, first_name="Mona")
    assert housekeeping.apply_retention() == 2
    assert set(Interest.objects.filter(anonymised_at__isnull=False).values_list("first_name", "phone")) == {("", "")}
    fresh.refresh_from_db()
    assert fresh.first_name == "Mona"
    assert Interest.objects.filter(state=State.STOPPED).count() == 1
    assert housekeeping.apply_retention() == 0


def test_the_indicators_count_reach_and_completion(world):
    for n in range(7):
        shown = interest(world.opportunity, first_name=f"Beboer {n}")
        if n < 6:
            shown = services.move(shown, State.CONTACTED, actor=world.worker)
            shown = services.move(shown, State.STARTED, actor=world.worker)
            services.move(shown, State.COMPLETED if n < 5 else State.STOPPED, actor=world.worker,
                          stop_reason="not_suitable")
    today = timezone.localdate()
    start, end = today - timedelta(days=30), today + timedelta(days=1)
    estates = type(world.estate_a).objects.filter(pk=world.estate_a.pk)
    assert indicator("work_reach").measure(estates, start, end).value == 7
    assert indicator("work_started").measure(estates, start, end).value == 6
    completion = indicator("work_completion_share").measure(estates, start, end)
    assert completion.n == 6 and completion.part == 5 and completion.suppressed  # one stopped: a group of one
    other = type(world.estate_a).objects.filter(pk=world.estate_b.pk)
    assert indicator("work_reach").measure(other, start, end).value == 0


def test_retention_anonymises_an_interest_left_without_a_step_as_long_as_a_closed_one_is_kept(world):
    """Contacted or started, then no step for the retention period: the resident's number is not kept
    for ever. An interest with a recent step keeps its details."""
    old = timezone.now() - timedelta(days=400)
    stalled_contact = services.move(interest(world.opportunity, first_name="Sara"), State.CONTACTED, actor=world.worker)
    Interest.objects.filter(pk=stalled_contact.pk).update(created_at=old, contacted_at=old)
    stalled_start = services.move(interest(world.opportunity, first_name="Ali"), State.CONTACTED, actor=world.worker)
    stalled_start = services.move(stalled_start, State.STARTED, actor=world.worker)
    Interest.objects.filter(pk=stalled_start.pk).update(created_at=old, contacted_at=old, started_at=old)
    going = services.move(interest(world.opportunity, first_name="Mona"), State.CONTACTED, actor=world.worker)
    going = services.move(going, State.STARTED, actor=world.worker)
    Interest.objects.filter(pk=going.pk).update(created_at=old, contacted_at=old)  # started lately
    assert housekeeping.apply_retention() == 2
    kept = Interest.objects.filter(anonymised_at__isnull=True)
    assert list(kept.values_list("first_name", flat=True)) == ["Mona"]
    # The states stay, so the figures do.
    assert Interest.objects.filter(state=State.STARTED).count() == 2
