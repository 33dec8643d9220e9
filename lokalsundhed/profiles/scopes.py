"""Who may see what of area health profiles.

- Statistics tables are public facts: not organisation-bound, so not scoped.
- Residents of an estate (counts by age band): everyone who may see the estate.
- A partnership's themes, goals and their snapshots: everyone whose organisation takes part.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from lokalsundhed.core.access import register_scope
from lokalsundhed.organisations.scopes import estate_q
from lokalsundhed.profiles.models import EstateResidents, Goal, GoalSnapshot, PartnershipYear


def partnership_q(user: Any, prefix: str = "") -> Q:
    org_ids = {m.organisation_id for m in user.active_memberships}
    return Q(**{f"{prefix}partnership__municipality_id__in": org_ids}) | Q(
        **{f"{prefix}partnership__housing_organisations__in": org_ids}
    )


@register_scope(EstateResidents)
def residents_for(user: Any, qs: QuerySet[EstateResidents]) -> QuerySet[EstateResidents]:
    return qs.filter(estate_q(user, prefix="estate__"))


@register_scope(PartnershipYear)
def years_for(user: Any, qs: QuerySet[PartnershipYear]) -> QuerySet[PartnershipYear]:
    return qs.filter(partnership_q(user)).distinct()


@register_scope(Goal)
def goals_for(user: Any, qs: QuerySet[Goal]) -> QuerySet[Goal]:
    return qs.filter(partnership_q(user)).distinct()


@register_scope(GoalSnapshot)
def snapshots_for(user: Any, qs: QuerySet[GoalSnapshot]) -> QuerySet[GoalSnapshot]:
    return qs.filter(partnership_q(user, prefix="goal__")).distinct()
