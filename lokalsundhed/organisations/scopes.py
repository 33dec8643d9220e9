"""What each user may see of organisations, estates, dwellings, facilities and partnerships."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from lokalsundhed.core.access import register_scope
from lokalsundhed.core.permissions import ROLE_PERMISSIONS, Perm, Role
from lokalsundhed.organisations.models import Dwelling, Estate, Facility, Organisation, Partnership


def _organisations_with(user: Any, perm: Perm) -> list[Organisation]:
    return [m.organisation for m in user.active_memberships if perm in ROLE_PERMISSIONS[Role(m.role)]]


def estate_q(user: Any, perm: Perm = Perm.VIEW_ORGANISATION, prefix: str = "") -> Q:
    """Estates of the user's housing organisations and estates inside the user's municipalities."""
    orgs = _organisations_with(user, perm)
    housing = {o.pk for o in orgs if o.kind == Organisation.Kind.HOUSING}
    municipalities = {o.municipality_id for o in orgs if o.kind == Organisation.Kind.MUNICIPALITY}
    return Q(**{f"{prefix}housing_organisation_id__in": housing}) | Q(
        **{f"{prefix}municipality_id__in": municipalities}
    )


@register_scope(Organisation)
def organisations_for(user: Any, qs: QuerySet[Organisation]) -> QuerySet[Organisation]:
    return qs.filter(pk__in={m.organisation_id for m in user.active_memberships})


@register_scope(Estate)
def estates_for(user: Any, qs: QuerySet[Estate]) -> QuerySet[Estate]:
    return qs.filter(estate_q(user))


@register_scope(Dwelling)
def dwellings_for(user: Any, qs: QuerySet[Dwelling]) -> QuerySet[Dwelling]:
    return qs.filter(estate_q(user, Perm.VIEW_DWELLINGS, prefix="estate__"))


@register_scope(Facility)
def facilities_for(user: Any, qs: QuerySet[Facility]) -> QuerySet[Facility]:
    return qs.filter(estate_q(user, prefix="estate__"))


@register_scope(Partnership)
def partnerships_for(user: Any, qs: QuerySet[Partnership]) -> QuerySet[Partnership]:
    org_ids = {m.organisation_id for m in user.active_memberships}
    return qs.filter(Q(municipality_id__in=org_ids) | Q(housing_organisations__in=org_ids)).distinct()
