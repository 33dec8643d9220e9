"""Reads for a data subject's access request: the dwellings an administrator may export about and
the organisations an export is made for."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from lokalsundhed.accounts.models import User
from lokalsundhed.core.access import scoped
from lokalsundhed.core.permissions import Perm
from lokalsundhed.organisations.models import Dwelling
from lokalsundhed.organisations.scopes import estate_q

SEARCH_LIMIT = 25


def exportable_dwellings(user: User) -> QuerySet[Dwelling]:
    """Dwellings in estates of the housing organisations and municipalities the user administers."""
    return scoped(user, Dwelling).filter(estate_q(user, Perm.EXPORT_SUBJECT_DATA, prefix="estate__"))


def find_dwellings(user: User, query: str) -> list[Dwelling]:
    """Up to `SEARCH_LIMIT` exportable dwellings matching every word of an address: one query."""
    dwellings = exportable_dwellings(user).select_related("estate")
    for word in query.split()[:4]:
        dwellings = dwellings.filter(
            Q(street__icontains=word) | Q(number__iexact=word) | Q(floor__iexact=word) | Q(door__iexact=word)
            | Q(postcode=word) | Q(estate__name__icontains=word)
        )
    return list(dwellings.order_by("street", "number", "floor", "door", "pk")[:SEARCH_LIMIT])


def exporting_organisation_ids(user: User) -> list[int]:
    """The organisations in which the user may export, in a fixed order (no query: memberships are loaded)."""
    allowed = user.organisation_ids_with(Perm.EXPORT_SUBJECT_DATA)
    return sorted({m.organisation_id for m in user.active_memberships if m.organisation_id in allowed})


def acting_organisation_id(user: User, dwelling: Dwelling) -> int | None:
    """The organisation an export about `dwelling` is made for: the owner of the estate, else its
    municipality."""
    allowed = set(exporting_organisation_ids(user))
    if dwelling.estate.housing_organisation_id in allowed:
        return dwelling.estate.housing_organisation_id
    return next((m.organisation_id for m in user.active_memberships if m.organisation_id in allowed
                 and m.organisation.is_municipality
                 and m.organisation.municipality_id == dwelling.estate.municipality_id), None)
