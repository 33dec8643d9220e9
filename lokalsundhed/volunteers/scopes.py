"""Who may see which volunteer records.

- Volunteers and their assignments (names, contact, certificate dates): the coordinators
  (manage_volunteers) of the volunteer's housing organisation.
- Shifts: the coordinators of the housing organisations whose offers they belong to.
- Civil-society organisations: every member of staff working in the municipality.
- A volunteer sees their own shifts through `selectors.volunteer_of(user)`, never through scope.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from lokalsundhed.core.access import register_scope
from lokalsundhed.core.permissions import Perm
from lokalsundhed.directory.scopes import municipality_ids
from lokalsundhed.organisations.models import Organisation
from lokalsundhed.volunteers.models import Assignment, CivilSocietyOrganisation, Shift, Volunteer


def coordinated_ids(user: Any) -> set[int]:
    """The housing organisations whose volunteers the user coordinates."""
    return {
        m.organisation_id for m in user.active_memberships
        if m.organisation.kind == Organisation.Kind.HOUSING and user.has_role_perm(Perm.MANAGE_VOLUNTEERS,
                                                                                   m.organisation_id)
    }


def offer_housing_q(user: Any, prefix: str = "") -> Q:
    """Offers of estates (or partnerships) of the housing organisations the user coordinates."""
    ids = coordinated_ids(user)
    return Q(**{f"{prefix}estate__housing_organisation_id__in": ids}) | Q(
        **{f"{prefix}partnership__housing_organisations__in": ids})


@register_scope(Volunteer)
def volunteers_for(user: Any, qs: QuerySet[Volunteer]) -> QuerySet[Volunteer]:
    return qs.filter(housing_organisation_id__in=coordinated_ids(user))


@register_scope(Assignment)
def assignments_for(user: Any, qs: QuerySet[Assignment]) -> QuerySet[Assignment]:
    return qs.filter(volunteer__housing_organisation_id__in=coordinated_ids(user))


@register_scope(Shift)
def shifts_for(user: Any, qs: QuerySet[Shift]) -> QuerySet[Shift]:
    return qs.filter(pk__in=Shift.objects.filter(offer_housing_q(user, "offer__")).values("pk"))


@register_scope(CivilSocietyOrganisation)
def civil_society_for(user: Any, qs: QuerySet[CivilSocietyOrganisation]) -> QuerySet[CivilSocietyOrganisation]:
    return qs.filter(municipality_id__in=municipality_ids(user))
