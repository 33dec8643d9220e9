"""Who may see which measurement records.

- Plans and participants (pseudonymous codes): staff who run the offer (`run_offers`), for the
  offers they could see — the same people who see its sign-ups.
- Responses and answers (health data): the same, and nobody else. Analysts and leads hold
  `view_aggregates` only: they get the anonymous, suppressed figures of `analysis.py`, never
  a row of these.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from lokalsundhed.core.access import register_scope
from lokalsundhed.core.permissions import Perm
from lokalsundhed.offers.scopes import offer_q
from lokalsundhed.outcomes.models import (
    Answer,
    MeasurementPlan,
    Participant,
    ParticipantKey,
    Response,
)


@register_scope(MeasurementPlan)
def plans_for(user: Any, qs: QuerySet[MeasurementPlan]) -> QuerySet[MeasurementPlan]:
    return qs.filter(offer_q(user, Perm.RUN_OFFERS, prefix="offer__"))


@register_scope(Participant)
def participants_for(user: Any, qs: QuerySet[Participant]) -> QuerySet[Participant]:
    return qs.filter(offer_q(user, Perm.RUN_OFFERS, prefix="offer__"))


@register_scope(ParticipantKey)
def keys_for(user: Any, qs: QuerySet[ParticipantKey]) -> QuerySet[ParticipantKey]:
    return qs.filter(offer_q(user, Perm.RUN_OFFERS, prefix="participant__offer__"))


@register_scope(Response)
def responses_for(user: Any, qs: QuerySet[Response]) -> QuerySet[Response]:
    return qs.filter(offer_q(user, Perm.RUN_OFFERS, prefix="participant__offer__"))


@register_scope(Answer)
def answers_for(user: Any, qs: QuerySet[Answer]) -> QuerySet[Answer]:
    return qs.filter(offer_q(user, Perm.RUN_OFFERS, prefix="response__participant__offer__"))
