"""Who may see which observations and referrals.

- A caretaker sees the observations they filed; a housing social worker those of their
  housing organisation's estates.
- Municipal intake (Én Indgang) sees every referral to its municipality; a unit worker the
  referrals routed to the units they belong to — and the observations behind them.
- The reporter follows a referral's state and status text through their own observation,
  never the municipality's details.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from lokalsundhed.core.access import register_scope
from lokalsundhed.core.permissions import Role
from lokalsundhed.organisations.models import Organisation
from lokalsundhed.referrals.models import Observation, ReceivingUnit, Referral


def _orgs_with_role(user: Any, *roles: Role) -> list[Organisation]:
    return [m.organisation for m in user.active_memberships if m.role in roles]


def referral_q(user: Any, prefix: str = "") -> Q:
    """Referrals to the user's municipalities (intake) or to the units they belong to.

    The units are a subquery, not a join, so that no referral comes twice and no DISTINCT is
    needed: DISTINCT over a page's joined columns makes the database read the whole queue.
    """
    intake_orgs = [o.pk for o in _orgs_with_role(user, Role.INTAKE) if o.is_municipality]
    unit_orgs = [o.pk for o in _orgs_with_role(user, Role.UNIT_WORKER) if o.is_municipality]
    q = Q(**{f"{prefix}municipality_id__in": intake_orgs})
    if unit_orgs:
        units = ReceivingUnit.members.through.objects.filter(user_id=user.pk).values("receivingunit_id")
        q |= Q(**{f"{prefix}municipality_id__in": unit_orgs, f"{prefix}unit_id__in": units})
    return q


@register_scope(Referral)
def referrals_for(user: Any, qs: QuerySet[Referral]) -> QuerySet[Referral]:
    return qs.filter(referral_q(user))


@register_scope(Observation)
def observations_for(user: Any, qs: QuerySet[Observation]) -> QuerySet[Observation]:
    reporters = _orgs_with_role(user, Role.CARETAKER)
    social = [o.pk for o in _orgs_with_role(user, Role.SOCIAL_WORKER) if not o.is_municipality]
    q = Q(estate__housing_organisation_id__in=social)
    if reporters:
        q |= Q(reported_by=user, estate__housing_organisation_id__in=[o.pk for o in reporters])
    municipal = referral_q(user, prefix="referral__")
    return qs.filter(q | municipal)  # every join is to one row at most: no DISTINCT needed


@register_scope(ReceivingUnit)
def units_for(user: Any, qs: QuerySet[ReceivingUnit]) -> QuerySet[ReceivingUnit]:
    municipal = [m.organisation_id for m in user.active_memberships if m.organisation.is_municipality]
    return qs.filter(municipality_id__in=municipal)
