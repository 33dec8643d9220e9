"""Reads of outcome measurement. Staff who run an offer see its participants' codes and which
rounds they answered; answers are read only through `scoped()` and each read is logged. Leads and
analysts get offers to report on (`report_offers`), never a row of answers."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time

from django.db.models import Max, Min, Prefetch, QuerySet
from django.http import Http404
from django.utils import timezone

from lokalsundhed.accounts.models import User
from lokalsundhed.core.access import get_for_user, scoped
from lokalsundhed.core.permissions import Perm
from lokalsundhed.offers.models import Offer
from lokalsundhed.offers.scopes import offer_q, reach_offer_q
from lokalsundhed.organisations.models import Estate, Municipality, Partnership
from lokalsundhed.outcomes.models import MeasurementPlan, Participant, Response


def offer_run_by(user: User, pk: int) -> Offer:
    """An offer the user runs, or 404 (the same for "missing" and "not yours")."""
    return get_for_user(user, Offer, scoped(user, Offer).filter(offer_q(user, Perm.RUN_OFFERS))
                        .select_related("estate", "partnership", "measurement_plan"), pk=pk)


def plan_of(offer: Offer) -> MeasurementPlan | None:
    try:
        return offer.measurement_plan
    except MeasurementPlan.DoesNotExist:
        return None


@dataclass(frozen=True)
class ParticipantRow:
    participant: Participant
    first_name: str  # from the key to the sign-up; empty once retention removed it
    rounds: dict[str, str]  # round → "answered" | "started" | "invited" | ""


def participant_rows(user: User, offer: Offer) -> list[ParticipantRow]:
    """The offer's participants with the state of each round (not the answers). Two queries:
    participants with their keys' sign-ups, and their responses."""
    participants = (
        scoped(user, Participant).filter(offer=offer)
        .select_related("key__sign_up")
        .prefetch_related(Prefetch("responses", queryset=Response.objects.only(
            "pk", "participant_id", "round", "completed_at", "created_at").annotate(n_answers=Min("answers__pk"))))
        .order_by("code")
    )
    rows = []
    for participant in participants:
        key = getattr(participant, "key", None)
        states = {}
        for response in participant.responses.all():
            if response.completed_at:
                states[response.round] = "answered"
            elif response.n_answers is not None:  # type: ignore[attr-defined]
                states[response.round] = "started"
            else:
                states[response.round] = "invited"
        rows.append(ParticipantRow(participant=participant, first_name=key.sign_up.first_name if key else "",
                                   rounds=states))
    return rows


def response_by_token(token: str) -> Response:
    """A resident's questionnaire: the private token is the key. 404 for anything else."""
    if not token or len(token) > 64:
        raise Http404
    response = Response.objects.select_related("participant__offer").filter(token=token).first()
    if response is None:
        raise Http404
    return response


# --- Reports ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ReportFilter:
    programme: str = ""
    estate_id: int | None = None
    partnership_id: int | None = None
    municipality_id: int | None = None
    since: date | None = None
    until: date | None = None

    def describe(self) -> dict[str, object]:
        return {k: v for k, v in self.__dict__.items() if v not in ("", None)}


def report_offers(user: User, report_filter: ReportFilter | None = None) -> QuerySet[Offer]:
    """Offers with a measurement plan whose anonymous figures the user may read (`view_aggregates`,
    the offers of their organisations' estates and partnerships), narrowed by the filter. A period
    selects the offers whose first session falls in it."""
    f = report_filter or ReportFilter()
    offers = scoped(user, Offer).filter(reach_offer_q(user, Perm.VIEW_AGGREGATES), measurement_plan__isnull=False)
    if f.programme:
        offers = offers.filter(measurement_plan__programme=f.programme)
    if f.estate_id:
        offers = offers.filter(estate_id=f.estate_id)
    if f.partnership_id:
        offers = offers.filter(partnership_id=f.partnership_id)
    if f.municipality_id:
        offers = offers.filter(municipality_id=f.municipality_id)
    if f.since or f.until:
        offers = offers.annotate(first_start=Min("sessions__starts_at"))
        tz = timezone.get_current_timezone()
        if f.since:
            offers = offers.filter(first_start__gte=datetime.combine(f.since, time.min, tzinfo=tz))
        if f.until:
            offers = offers.filter(first_start__lt=datetime.combine(f.until, time.max, tzinfo=tz))
    return offers


@dataclass(frozen=True)
class ReportChoices:
    """What the report can be narrowed to: (key, name) of the estates, partnerships and
    municipalities of the offers the reader may report on."""

    estates: list[tuple[int, str]]
    partnerships: list[tuple[int, str]]
    municipalities: list[tuple[int, str]]


def report_choices(user: User) -> ReportChoices:
    visible = report_offers(user)
    return ReportChoices(
        estates=list(scoped(user, Estate).filter(pk__in=visible.values("estate_id"))
                     .order_by("name", "pk").values_list("pk", "name")),
        partnerships=list(scoped(user, Partnership).filter(pk__in=visible.values("partnership_id"))
                          .order_by("name", "pk").values_list("pk", "name")),
        municipalities=list(Municipality.objects.filter(pk__in=visible.values("municipality_id"))
                            .order_by("name", "pk").values_list("pk", "name")),
    )


def reported_offer(user: User, pk: int) -> Offer:
    """One offer to report on, or 404."""
    return get_for_user(user, Offer, report_offers(user).select_related("measurement_plan", "estate", "partnership"),
                        pk=pk)


def offer_period(offer: Offer) -> tuple[date | None, date | None]:
    """The days of the offer's first and last sessions held or planned: the period its figures cover."""
    found = offer.sessions.filter(cancelled_at__isnull=True).aggregate(first=Min("starts_at"), last=Max("ends_at"))
    first, last = found["first"], found["last"]
    return (timezone.localdate(first) if first else None, timezone.localdate(last) if last else None)


def only(offer: Offer) -> QuerySet[Offer]:
    """The one offer (found by `reported_offer`) as the set of offers the analysis takes."""
    return Offer.objects.filter(pk=offer.pk)
