"""Every write of bridge-building: filing an observation, routing it, and each transition of
the referral's state machine. Each function takes `actor`, runs in one transaction and
writes the access log. One guard function per transition says when it is allowed."""

from __future__ import annotations

import logging
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from django.db import IntegrityError, transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from lokalsundhed.accounts.models import User
from lokalsundhed.audit.models import Action
from lokalsundhed.audit.services import record
from lokalsundhed.organisations.models import Dwelling, Estate, Organisation
from lokalsundhed.referrals import tasks_api
from lokalsundhed.referrals.models import (
    CLAIM_NOTE,
    DEFAULT_DEADLINES,
    Consent,
    DeadlinePolicy,
    LegalBasis,
    Observation,
    ReceivingUnit,
    Referral,
    RoutingRule,
    Sign,
    Statistic,
    Transition,
    Urgency,
)

logger = logging.getLogger(__name__)
State = Referral.State


class TransitionNotAllowed(Exception):
    """The referral is not in a state where this step can be taken (shown to the user)."""


# --- Routing and deadlines -----------------------------------------------------------------


@dataclass(frozen=True)
class Route:
    unit: ReceivingUnit
    reason: str


def route(*, municipality: Organisation, signs: list[Sign], urgency: str) -> Route | None:
    """Where a referral goes and why: the first rule for the most urgent sign category, else the
    municipality's default unit. None when the municipality has no receiving unit at all."""
    by_urgency = sorted(signs, key=lambda s: (-Urgency.rank(s.suggested_urgency), s.category.order))
    categories = list(dict.fromkeys(s.category for s in by_urgency))
    rules = {
        (rule.category_id, rule.urgency): rule
        for rule in RoutingRule.objects.filter(municipality=municipality, category__in=categories).select_related(
            "unit"
        )
    }
    for category in categories:
        rule = rules.get((category.pk, urgency))
        if rule is not None:
            return Route(
                rule.unit,
                _("The municipality sends concerns about “%(category)s” to %(unit)s.")
                % {"category": category.label, "unit": rule.unit.name},
            )
    default = ReceivingUnit.objects.filter(municipality=municipality, is_default=True).first()
    if default is None:
        return None
    return Route(default, _("%(unit)s receives it and finds the right help in the municipality.")
                 % {"unit": default.name})


def route_to_kind(*, municipality: Organisation, kind: str) -> Route | None:
    """Where a referral for a named kind of unit goes (the jobcenter for small steps into work): the
    municipality's unit of that kind, else its default unit. None when it has neither."""
    unit = ReceivingUnit.objects.filter(municipality=municipality, kind=kind).order_by("pk").first()
    if unit is not None:
        return Route(unit, _("Sent to the unit for %(kind)s") % {"kind": ReceivingUnit.Kind(kind).label})
    default = ReceivingUnit.objects.filter(municipality=municipality, is_default=True).first()
    if default is None:
        return None
    return Route(default, _("The municipality has no unit for %(kind)s; its default unit receives it")
                 % {"kind": ReceivingUnit.Kind(kind).label})


def add_working_days(start: datetime, days: int) -> datetime:
    """`days` working days (Monday–Friday) after `start`, at the same time of day — both Danish:
    in UTC the first hour or two of a Danish Saturday is still Friday, and summer time moves the
    hour."""
    local = timezone.localtime(start)
    day = local.date()
    while days > 0:
        day += timedelta(days=1)
        if day.weekday() < 5:
            days -= 1
    return local.replace(year=day.year, month=day.month, day=day.day).astimezone(UTC)


def deadline_for(*, municipality: Organisation, urgency: str, sent_at: datetime) -> datetime:
    """The working days of the municipality's policy for the urgency, then its hours (real hours:
    added in UTC, so a night the clocks change is no shorter or longer)."""
    policy = DeadlinePolicy.objects.filter(municipality=municipality, urgency=urgency).first()
    days, hours = (policy.working_days, policy.hours) if policy else DEFAULT_DEADLINES[urgency]
    return add_working_days(sent_at, days) + timedelta(hours=hours)


# --- Filing an observation -------------------------------------------------------------------


@dataclass(frozen=True)
class ObservationInput:
    estate: Estate
    dwelling: Dwelling | None
    resident_first_name: str
    signs: list[Sign]
    description: str
    consent: str
    legal_basis: LegalBasis | None
    legal_basis_reason: str


def municipality_of(estate: Estate) -> Organisation | None:
    return Organisation.objects.filter(kind=Organisation.Kind.MUNICIPALITY, municipality_id=estate.municipality_id).first()


@transaction.atomic
def file_observation(data: ObservationInput, *, actor: User, request: HttpRequest | None = None,
                     idempotency_key: uuid.UUID | None = None, to_kind: str | None = None) -> Observation:
    """Record what the reporter saw; send it on as a referral when consent or a legal basis allows.

    A declined (or not asked) consent without a legal basis stays with the housing organisation.
    A second observation with the reporter's same `idempotency_key` is refused by the database
    (IntegrityError); `file_observation_once` turns that into the first one. `to_kind` sends it to
    the municipality's unit of that kind (e.g. the jobcenter) instead of routing it by its signs.
    """
    urgency = Urgency.highest([s.suggested_urgency for s in data.signs])
    legal_basis = None if data.consent == Consent.YES else data.legal_basis
    observation = Observation.objects.create(
        estate=data.estate,
        dwelling=data.dwelling,
        resident_first_name=data.resident_first_name.strip(),
        description=data.description.strip(),
        urgency=urgency,
        consent=data.consent,
        legal_basis=legal_basis,
        legal_basis_reason=data.legal_basis_reason.strip() if legal_basis else "",
        reported_by=actor,
        idempotency_key=idempotency_key,
    )
    observation.signs.set(data.signs)
    statistic = Statistic.objects.create(
        observation=observation,
        estate=data.estate,
        month=timezone.localdate(observation.created_at).replace(day=1),
        urgency=urgency,
    )
    statistic.categories.set({s.category_id for s in data.signs})
    record(actor=actor, action=Action.CREATE, obj=observation,
           organisation_id=data.estate.housing_organisation_id, purpose=gettext_noop("observation filed"), request=request)
    if observation.may_be_sent:
        send_referral(observation, actor=actor, request=request, to_kind=to_kind)
    return observation


def file_observation_once(data: ObservationInput, *, actor: User, idempotency_key: uuid.UUID | None,
                          request: HttpRequest | None = None) -> tuple[Observation, bool]:
    """File the observation unless this form (its key) was already filed by the reporter: then the
    first one, untouched. Returns (observation, whether it was filed now).

    The unique constraint on (reporter, key) decides a race between two sends of the same form
    (a caretaker's phone re-sending as the connection comes back while the first send arrives).
    """
    if idempotency_key is not None:
        earlier = Observation.objects.filter(reported_by=actor, idempotency_key=idempotency_key).first()
        if earlier is not None:
            return earlier, False
    try:
        return file_observation(data, actor=actor, request=request, idempotency_key=idempotency_key), True
    except IntegrityError:
        if idempotency_key is None:
            raise
        return Observation.objects.get(reported_by=actor, idempotency_key=idempotency_key), False


def send_referral(observation: Observation, *, actor: User, request: HttpRequest | None = None,
                  to_kind: str | None = None) -> Referral | None:
    """Route the observation to a receiving unit of the estate's municipality (by its signs, or to
    the unit of kind `to_kind`)."""
    municipality = municipality_of(observation.estate)
    if municipality is None:
        logger.warning("observation %s not sent: the municipality has no organisation", observation.pk)
        return None
    if to_kind is not None:
        chosen = route_to_kind(municipality=municipality, kind=to_kind)
    else:
        chosen = route(municipality=municipality, signs=list(observation.signs.select_related("category")),
                       urgency=observation.urgency)
    if chosen is None:
        logger.warning("observation %s not sent: municipality %s has no receiving unit", observation.pk, municipality.pk)
        return None
    now = timezone.now()
    referral = Referral.objects.create(
        observation=observation,
        municipality=municipality,
        unit=chosen.unit,
        routing_reason=chosen.reason[:300],
        urgency=observation.urgency,
        sent_at=now,
        deadline_at=deadline_for(municipality=municipality, urgency=observation.urgency, sent_at=now),
    )
    Transition.objects.create(referral=referral, from_state="", to_state=State.SENT, actor=actor, at=now)
    Statistic.objects.filter(observation=observation).update(referred=True)
    record(actor=actor, action=Action.CREATE, obj=referral, organisation_id=municipality.pk,
           purpose=gettext_noop("referral sent"), request=request)
    tasks_api.notify_sent(referral.pk)
    return referral


# --- The state machine -----------------------------------------------------------------------


def can_receive(referral: Referral) -> bool:
    """A sent referral is received when a worker of the receiving unit marks it so (or claims it);
    opening it changes nothing."""
    return referral.state == State.SENT


def can_claim(referral: Referral) -> bool:
    """An unclaimed referral that is still open can be claimed by one worker."""
    return referral.state in (State.SENT, State.RECEIVED) and referral.claimed_by_id is None


def can_take_over(referral: Referral, actor: User) -> bool:
    """Only the worker who claimed it takes a received referral over."""
    return referral.state == State.RECEIVED and referral.claimed_by_id == actor.pk


def can_close(referral: Referral, actor: User) -> bool:
    """A referral that was taken over is closed, with an outcome, by the worker who holds it."""
    return referral.state == State.TAKEN_OVER and referral.claimed_by_id == actor.pk


def can_return(referral: Referral) -> bool:
    """A referral not yet taken over can be returned to the reporter with a reason."""
    return referral.state in (State.SENT, State.RECEIVED)


def _lock(referral: Referral) -> Referral:
    """Re-read the referral under a row lock (PostgreSQL) so two workers cannot both act on it."""
    return Referral.objects.select_for_update().get(pk=referral.pk)


# What the access log says of each move, as written since the log began (translated when shown).
MOVE_PURPOSES: dict[str, str] = {
    Referral.State.SENT: gettext_noop("referral sent"),
    Referral.State.RECEIVED: gettext_noop("referral received"),
    Referral.State.TAKEN_OVER: gettext_noop("referral taken_over"),
    Referral.State.CLOSED: gettext_noop("referral closed"),
    Referral.State.RETURNED: gettext_noop("referral returned"),
}


def _move(referral: Referral, to_state: str, *, actor: User, now: datetime, note: str = "",
          request: HttpRequest | None = None) -> None:
    Transition.objects.create(referral=referral, from_state=referral.state, to_state=to_state, actor=actor, at=now,
                              note=note[:200])
    referral.state = to_state
    record(actor=actor, action=Action.CHANGE, obj=referral, organisation_id=referral.municipality_id,
           purpose=MOVE_PURPOSES[to_state], request=request)


@transaction.atomic
def receive(referral: Referral, *, actor: User, request: HttpRequest | None = None) -> Referral:
    """Mark a sent referral as received: the unit has seen it, nobody has claimed it yet."""
    referral = _lock(referral)
    if not can_receive(referral):
        raise TransitionNotAllowed(_("The referral has already been received."))
    now = timezone.now()
    _move(referral, State.RECEIVED, actor=actor, now=now, request=request)
    referral.received_at = now
    referral.save(update_fields=["state", "received_at"])
    tasks_api.notify_state_changed(referral.pk)
    return referral


@transaction.atomic
def claim(referral: Referral, *, actor: User, request: HttpRequest | None = None) -> Referral:
    """Claim the referral for `actor`. When two workers claim at once, exactly one wins."""
    referral = _lock(referral)
    if not can_claim(referral):
        raise TransitionNotAllowed(_("Someone else has already claimed this referral."))
    now = timezone.now()
    if referral.state == State.SENT:
        _move(referral, State.RECEIVED, actor=actor, now=now, request=request)
        referral.received_at = now
    referral.claimed_by = actor
    Transition.objects.create(referral=referral, from_state=referral.state, to_state=referral.state, actor=actor,
                              at=now, note=CLAIM_NOTE)
    record(actor=actor, action=Action.CHANGE, obj=referral, organisation_id=referral.municipality_id,
           purpose=gettext_noop("referral claimed"), request=request)
    referral.save(update_fields=["state", "received_at", "claimed_by"])
    return referral


@transaction.atomic
def take_over(referral: Referral, *, actor: User, status_text: str, request: HttpRequest | None = None) -> Referral:
    referral = _lock(referral)
    if not can_take_over(referral, actor):
        raise TransitionNotAllowed(_("Only the worker who claimed the referral can take it over."))
    now = timezone.now()
    _move(referral, State.TAKEN_OVER, actor=actor, now=now, request=request)
    referral.taken_over_at = now
    referral.status_text = status_text.strip()[:200] or _("The municipality has taken over.")
    referral.save(update_fields=["state", "taken_over_at", "status_text"])
    Statistic.objects.filter(observation_id=referral.observation_id).update(
        taken_over=True, hours_to_takeover=(now - referral.sent_at).total_seconds() / 3600
    )
    tasks_api.notify_state_changed(referral.pk)
    return referral


@transaction.atomic
def close(referral: Referral, *, actor: User, outcome: str, status_text: str,
          request: HttpRequest | None = None) -> Referral:
    referral = _lock(referral)
    if not can_close(referral, actor):
        raise TransitionNotAllowed(_("Only a referral you have taken over can be closed."))
    now = timezone.now()
    _move(referral, State.CLOSED, actor=actor, now=now, note=outcome, request=request)
    referral.closed_at = now
    referral.outcome = Referral.Outcome(outcome)
    referral.status_text = status_text.strip()[:200] or referral.status_text
    referral.save(update_fields=["state", "closed_at", "outcome", "status_text"])
    Statistic.objects.filter(observation_id=referral.observation_id).update(outcome=outcome)
    tasks_api.notify_state_changed(referral.pk)
    return referral


@transaction.atomic
def return_to_reporter(referral: Referral, *, actor: User, reason: str,
                       request: HttpRequest | None = None) -> Referral:
    referral = _lock(referral)
    if not can_return(referral):
        raise TransitionNotAllowed(_("A referral that has been taken over cannot be returned."))
    if not reason.strip():
        raise TransitionNotAllowed(_("Say why the referral is returned."))
    now = timezone.now()
    _move(referral, State.RETURNED, actor=actor, now=now, request=request)
    referral.return_reason = reason.strip()
    referral.status_text = _("Returned to you by the municipality.")
    referral.closed_at = now  # the loop ends here too; retention counts from this moment
    referral.save(update_fields=["state", "return_reason", "status_text", "closed_at"])
    tasks_api.notify_state_changed(referral.pk)
    return referral
