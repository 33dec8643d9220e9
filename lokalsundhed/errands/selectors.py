"""Reads of practical help that other pages share: the counts the overview shows a caretaker.
Always through `scoped()`; counted by the database in one aggregate query."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Q

from lokalsundhed.core.access import scoped
from lokalsundhed.errands.models import Errand, ErrandType
from lokalsundhed.organisations.models import Estate


@dataclass(frozen=True)
class ErrandCounts:
    """The two lists of the caretakers' page (`errand_list`), counted."""

    open: int  # waiting for someone in the user's estates
    mine: int  # taken by the user, not yet done


def errand_counts(user: Any) -> ErrandCounts:
    """One aggregate query over the open and taken errands of the user's estates."""
    counts = scoped(user, Errand).filter(state__in=(Errand.State.OPEN, Errand.State.TAKEN)).aggregate(
        open=Count("pk", filter=Q(state=Errand.State.OPEN)),
        mine=Count("pk", filter=Q(state=Errand.State.TAKEN, taken_by=user)),
    )
    return ErrandCounts(**counts)


def estates_taking_requests() -> Any:
    """Estates whose residents may ask for practical help (their housing organisation has at
    least one task its caretakers may do), by municipality and name. Public: names only. One query."""
    offering = ErrandType.objects.filter(is_active=True, allowed=True).values("housing_organisation_id")
    return (
        Estate.objects.filter(housing_organisation_id__in=offering)
        .select_related("municipality")
        .only("pk", "name", "municipality__name")
        .order_by("municipality__name", "name")
    )
