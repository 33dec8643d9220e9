"""What staff see of the help directory, and whose directory they may edit.

- Every member of staff sees the services and guidance cards of the municipalities they work
  in: their municipality's, or for housing staff the seat and the estates' municipalities.
- A municipality's administrators (manage_directory) edit its services and guidance cards.
- Residents see the public help guide, which needs no scope: it shows active services only.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from lokalsundhed.core.access import register_scope
from lokalsundhed.core.permissions import ROLE_PERMISSIONS, Perm, Role
from lokalsundhed.directory.models import GuidanceCard, Service
from lokalsundhed.organisations.models import Estate


def municipality_ids(user: Any) -> set[int]:
    """The municipalities a member of staff works in (one query for housing staff's estates, read
    once per request: kept on the user beside the memberships it follows from)."""
    memberships = user.active_memberships
    kept = user.__dict__.get("_directory_municipality_ids")
    if kept is not None and kept[0] is memberships:
        return set(kept[1])
    ids = {m.organisation.municipality_id for m in memberships}
    housing = [m.organisation_id for m in memberships if not m.organisation.is_municipality]
    if housing:
        ids |= set(
            Estate.objects.filter(housing_organisation_id__in=housing).values_list("municipality_id", flat=True)
        )
    user.__dict__["_directory_municipality_ids"] = (memberships, frozenset(ids))
    return ids


def editable_municipality_ids(user: Any) -> set[int]:
    """The municipalities whose directory the user administers: manage_directory in its administration."""
    if not getattr(user, "is_authenticated", False):
        return set()
    return {
        m.organisation.municipality_id
        for m in user.active_memberships
        if m.organisation.is_municipality and Perm.MANAGE_DIRECTORY in ROLE_PERMISSIONS[Role(m.role)]
    }


@register_scope(Service)
def services_for(user: Any, qs: QuerySet[Service]) -> QuerySet[Service]:
    return qs.filter(municipality_id__in=municipality_ids(user))


@register_scope(GuidanceCard)
def cards_for(user: Any, qs: QuerySet[GuidanceCard]) -> QuerySet[GuidanceCard]:
    return qs.filter(Q(municipality__isnull=True) | Q(municipality_id__in=municipality_ids(user)))
