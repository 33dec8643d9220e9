"""Who may see which training records.

- Modules: the national catalogue (no organisation) for every member of staff, and an
  organisation's own modules for its members.
- Sessions: those hosted by one's organisations or by any organisation of the same
  municipality (a municipality's course is open to the housing staff in it).
- Enrolments (who was trained, a fact about a member of staff): one's own, and those of the
  organisations in which one holds `manage_training` (the participant's manager).
- Postings: one's own, and those of estates of organisations one manages training for.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from lokalsundhed.core.access import register_scope
from lokalsundhed.core.permissions import Perm
from lokalsundhed.training.models import Enrolment, Module, Posting, TrainingSession


def _org_ids(user: Any) -> set[int]:
    return {m.organisation_id for m in user.active_memberships}


def manager_org_ids(user: Any) -> set[int]:
    """The organisations whose people's training the user manages."""
    return set(user.organisation_ids_with(Perm.MANAGE_TRAINING))


@register_scope(Module)
def modules_for(user: Any, qs: QuerySet[Module]) -> QuerySet[Module]:
    return qs.filter(Q(organisation__isnull=True) | Q(organisation_id__in=_org_ids(user)))


@register_scope(TrainingSession)
def sessions_for(user: Any, qs: QuerySet[TrainingSession]) -> QuerySet[TrainingSession]:
    municipalities = {m.organisation.municipality_id for m in user.active_memberships}
    return qs.filter(Q(host_id__in=_org_ids(user)) | Q(host__municipality_id__in=municipalities))


@register_scope(Enrolment)
def enrolments_for(user: Any, qs: QuerySet[Enrolment]) -> QuerySet[Enrolment]:
    return qs.filter(Q(user_id=user.pk) | Q(organisation_id__in=manager_org_ids(user)))


@register_scope(Posting)
def postings_for(user: Any, qs: QuerySet[Posting]) -> QuerySet[Posting]:
    return qs.filter(Q(user_id=user.pk) | Q(estate__housing_organisation_id__in=manager_org_ids(user)))
