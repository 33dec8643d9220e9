"""Small steps into work in the catalogue of indicators (profiles/indicators.py): how many
residents the opportunities reached, and how many of those who started completed. One SQL
aggregate each; anonymised interests still count (their state and dates stay)."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _

from lokalsundhed.profiles.indicators import (
    Measure,
    Unit,
    bounds,
    register_indicator,
    share,
    within,
)

if TYPE_CHECKING:
    from django.db.models import QuerySet

    from lokalsundhed.organisations.models import Estate

GROUP = "work"


def work_reach(estates: QuerySet[Estate] | None, start: date, end: date) -> Measure:
    """Residents who showed interest in an opportunity in the period. One query."""
    from lokalsundhed.work.models import Interest

    lo, hi = bounds(start, end)
    rows = within(Interest.objects.filter(created_at__gte=lo, created_at__lt=hi), estates, "opportunity__estate")
    n = rows.aggregate(n=Count("pk"))["n"]
    return Measure(float(n), n)


def work_completion_share(estates: QuerySet[Estate] | None, start: date, end: date) -> Measure:
    """Of the steps that ended in the period after being started, the share completed. One query."""
    from lokalsundhed.work.models import Interest

    lo, hi = bounds(start, end)
    rows = within(
        Interest.objects.filter(closed_at__gte=lo, closed_at__lt=hi, started_at__isnull=False),
        estates, "opportunity__estate",
    )
    counts = rows.aggregate(whole=Count("pk"), part=Count("pk", filter=Q(state=Interest.State.COMPLETED)))
    return share(counts["part"], counts["whole"])


def work_started(estates: QuerySet[Estate] | None, start: date, end: date) -> Measure:
    """Residents who started a step into work in the period. One query."""
    from lokalsundhed.work.models import Interest

    lo, hi = bounds(start, end)
    rows = within(Interest.objects.filter(started_at__gte=lo, started_at__lt=hi), estates, "opportunity__estate")
    n = rows.aggregate(n=Count("pk"))["n"]
    return Measure(float(n), n)


register_indicator("work_reach", label=_("Residents interested in a step into work"), unit=Unit.COUNT,
                   compute=work_reach, group=GROUP, order=80)
register_indicator("work_started", label=_("Residents who started a step into work"), unit=Unit.COUNT,
                   compute=work_started, group=GROUP, order=81)
register_indicator("work_completion_share", label=_("Steps into work completed, of those started"),
                   unit=Unit.PERCENT, compute=work_completion_share, group=GROUP, order=82)
