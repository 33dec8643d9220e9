from __future__ import annotations

import factory

from lokalsundhed.accounts.tests.factories import member
from lokalsundhed.core.permissions import Role
from lokalsundhed.offers.tests.factories import make_offer
from lokalsundhed.organisations.tests.factories import (
    EstateFactory,
    HousingOrganisationFactory,
    municipality,
)
from lokalsundhed.outcomes import services
from lokalsundhed.outcomes.models import Instrument, MeasurementPlan, Participant, Response


class ParticipantFactory(factory.django.DjangoModelFactory):
    """A participant of a measured offer, known by a pseudonymous code."""

    class Meta:
        model = Participant

    code = factory.Sequence(lambda n: f"P{n:05d}")


def staff_and_offer(*, sessions: int = 6, programme: str = MeasurementPlan.Programme.LAT_PAIN, first=None):
    """A housing social worker and a course of theirs with a measurement plan."""
    housing = HousingOrganisationFactory(municipality=municipality("0607"))
    estate = EstateFactory(housing_organisation=housing)
    worker = member(housing, Role.SOCIAL_WORKER)
    offer = make_offer(worker, estate=estate, sessions=sessions, capacity=20, first=first)
    services.save_plan(offer, programme=programme, followup_days=91, send_links=True, actor=worker)
    return worker, offer


def who5_items(score: int) -> list[int]:
    """Five WHO-5 item values whose score (sum × 4) is `score` (a multiple of 4)."""
    raw = score // 4
    items = []
    for _ in range(5):
        take = min(5, raw)
        items.append(take)
        raw -= take
    assert raw == 0
    return items


def answered(offer, code: str, round: str, *, who5: int | None = None, ucla3: list[int] | None = None,
             srh: int | None = None, actor=None) -> Response:
    """A participant's round entered from paper with the given scores."""
    participant, _ = Participant.objects.get_or_create(offer=offer, code=code)
    answers = {}
    if who5 is not None:
        answers["who5"] = who5_items(who5)
    if ucla3 is not None:
        answers["ucla3"] = ucla3
    if srh is not None:
        answers["srh"] = [srh]
    return services.enter_answers(participant, round, answers, actor=actor or offer.created_by)


class InstrumentFactory(factory.django.DjangoModelFactory):
    """A version of a questionnaire's wording (instruments are data, loaded by migration)."""

    class Meta:
        model = Instrument
