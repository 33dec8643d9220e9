"""Who may see which errands and catalogue entries.

- Errands (a resident's first name, address and phone): staff who work errands (caretakers,
  housing social workers), for the estates of their own housing organisation.
- The catalogue: every member of staff of the housing organisation.
- A data subject's access request: the housing organisation's administrators export its
  errands (`errand_q` with `export_subject_data`, see `subject_access.py`); a municipality
  holds none.
- The monthly report counts errands in SQL for anyone who may see the estate's aggregates.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from lokalsundhed.core.access import register_scope
from lokalsundhed.core.permissions import Perm
from lokalsundhed.errands.models import Errand, ErrandType
from lokalsundhed.organisations.models import Organisation


def _housing_orgs_with(user: Any, perm: Perm) -> set[int]:
    return {
        m.organisation_id
        for m in user.active_memberships
        if m.organisation.kind == Organisation.Kind.HOUSING and user.has_role_perm(perm, m.organisation_id)
    }


def errand_q(user: Any, perm: Perm = Perm.WORK_ERRANDS) -> Q:
    """Errands of the estates of the housing organisations in which the user holds `perm`."""
    return Q(estate__housing_organisation_id__in=_housing_orgs_with(user, perm))


@register_scope(Errand)
def errands_for(user: Any, qs: QuerySet[Errand]) -> QuerySet[Errand]:
    return qs.filter(errand_q(user))


@register_scope(ErrandType)
def errand_types_for(user: Any, qs: QuerySet[ErrandType]) -> QuerySet[ErrandType]:
    return qs.filter(housing_organisation_id__in=_housing_orgs_with(user, Perm.VIEW_ORGANISATION))
