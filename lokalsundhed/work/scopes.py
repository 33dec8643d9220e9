"""Who may see which companies, opportunities and interests.

- Companies and opportunities: every member of staff of the housing organisation (and of the
  municipality, for the estates inside it) — no personal data beyond a company's contact.
- Interests (a resident's first name and phone): staff who hold `work_steps` in the estate's
  housing organisation — the housing social workers who follow them up.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from lokalsundhed.core.access import register_scope
from lokalsundhed.core.permissions import Perm
from lokalsundhed.organisations.models import Organisation
from lokalsundhed.organisations.scopes import estate_q
from lokalsundhed.work.models import Company, Interest, InterestTransition, Opportunity


def housing_orgs_with(user: Any, perm: Perm) -> set[int]:
    return {
        m.organisation_id
        for m in user.active_memberships
        if m.organisation.kind == Organisation.Kind.HOUSING and user.has_role_perm(perm, m.organisation_id)
    }


def interest_q(user: Any, prefix: str = "") -> Q:
    return Q(**{f"{prefix}opportunity__estate__housing_organisation_id__in": housing_orgs_with(user, Perm.WORK_STEPS)})


@register_scope(Company)
def companies_for(user: Any, qs: QuerySet[Company]) -> QuerySet[Company]:
    return qs.filter(housing_organisation_id__in=housing_orgs_with(user, Perm.VIEW_ORGANISATION))


@register_scope(Opportunity)
def opportunities_for(user: Any, qs: QuerySet[Opportunity]) -> QuerySet[Opportunity]:
    return qs.filter(estate_q(user, prefix="estate__"))


@register_scope(Interest)
def interests_for(user: Any, qs: QuerySet[Interest]) -> QuerySet[Interest]:
    return qs.filter(interest_q(user))


@register_scope(InterestTransition)
def transitions_for(user: Any, qs: QuerySet[InterestTransition]) -> QuerySet[InterestTransition]:
    return qs.filter(interest_q(user, prefix="interest__"))
