"""Outcome measurement in the catalogue of indicators (profiles/indicators.py), under the keys
the profile and the dashboards show (`indicators.OUTCOME_KEYS`).

Anonymous figures, each one SQL aggregate over the scores, never a row of answers:

- `ucla3_lonely_share`, `srh_good_share`, `who5_mean`: the state of the people measured at the
  start of an offer (the baseline round, one answer per person) completed in the period;
- `who5_change`: the mean WHO-5 change from baseline to end over complete pairs (the same person
  with a score in both rounds), for ends completed in the period.

An offer counts for an estate when it is the estate's own or belongs to a partnership the estate
is part of (as the reach figures count sign-ups). `Measure` suppresses every figure built on
fewer than five people, and every share that would give away a group of one to four.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING

from django.db.models import Avg, Count, F, FilteredRelation, Q
from django.utils.translation import gettext_lazy as _

from lokalsundhed.core import figures
from lokalsundhed.outcomes import scoring
from lokalsundhed.outcomes.models import Response, Round
from lokalsundhed.profiles.indicators import (
    Group,
    Measure,
    Unit,
    bounds,
    offers_of,
    register_indicator,
    share,
)

if TYPE_CHECKING:
    from django.db.models import QuerySet

    from lokalsundhed.organisations.models import Estate

SRH_GOOD = 3  # 1 excellent, 2 very good, 3 good, 4 fair, 5 poor


def _completed(estates: QuerySet[Estate] | None, start: date, end: date, round_: str) -> QuerySet[Response]:
    """Responses of one round completed in [start, end), for offers of the estates."""
    lo, hi = bounds(start, end)
    rows = Response.objects.filter(round=round_, completed_at__gte=lo, completed_at__lt=hi)
    return rows if estates is None else rows.filter(participant__offer__in=offers_of(estates))


def ucla3_lonely_share(estates: QuerySet[Estate] | None, start: date, end: date) -> Measure:
    """People with severe loneliness (UCLA-3 ≥ 7) at baseline, of those with a score. One query."""
    counts = _completed(estates, start, end, Round.BASELINE).filter(ucla3__isnull=False).aggregate(
        whole=Count("pk"), part=Count("pk", filter=Q(ucla3__gte=scoring.UCLA3_SEVERE)))
    return share(counts["part"], counts["whole"])


def srh_good_share(estates: QuerySet[Estate] | None, start: date, end: date) -> Measure:
    """People rating their health good, very good or excellent at baseline. One query."""
    counts = _completed(estates, start, end, Round.BASELINE).filter(srh__isnull=False).aggregate(
        whole=Count("pk"), part=Count("pk", filter=Q(srh__lte=SRH_GOOD)))
    return share(counts["part"], counts["whole"])


def who5_mean(estates: QuerySet[Estate] | None, start: date, end: date) -> Measure:
    """The mean WHO-5 (0–100) at baseline, of those with a score. One query."""
    found = _completed(estates, start, end, Round.BASELINE).filter(who5__isnull=False).aggregate(
        n=Count("pk"), mean=Avg("who5"))
    return Measure(_one_decimal(found["mean"]), found["n"])


def who5_change(estates: QuerySet[Estate] | None, start: date, end: date) -> Measure:
    """The mean WHO-5 change, baseline → end, over complete pairs whose end falls in the period.
    One query: each end score joined to the same person's baseline score (a join, not a
    subquery per end score: the national year holds some 15,000 pairs a year)."""
    baseline = FilteredRelation("participant__responses", condition=Q(
        participant__responses__round=Round.BASELINE, participant__responses__completed_at__isnull=False,
        participant__responses__who5__isnull=False))
    pairs = (_completed(estates, start, end, Round.END).filter(who5__isnull=False)
             .annotate(baseline=baseline).filter(baseline__who5__isnull=False))
    found = pairs.aggregate(n=Count("pk"), change=Avg(F("who5") - F("baseline__who5")))
    return Measure(_one_decimal(found["change"]), found["n"])


def _one_decimal(value: float | Decimal | None) -> float | None:
    """A mean to one decimal, half-up (52.25 is 52.3), as every figure staff read is rounded."""
    return None if value is None else float(figures.rounded(value, 1))


register_indicator("ucla3_lonely_share", label=_("Severe loneliness (UCLA-3 ≥ 7) at the start of courses, share"),
                   unit=Unit.PERCENT, compute=ucla3_lonely_share, group=Group.OUTCOMES, higher_is_better=False,
                   order=90)
register_indicator("srh_good_share", label=_("Self-rated health good or better at the start of courses, share"),
                   unit=Unit.PERCENT, compute=srh_good_share, group=Group.OUTCOMES, order=91)
register_indicator("who5_mean", label=_("WHO-5 well-being at the start of courses, mean (0–100)"),
                   unit=Unit.POINTS, compute=who5_mean, group=Group.OUTCOMES, order=92)
register_indicator("who5_change", label=_("WHO-5 change in courses, mean points (baseline to end)"),
                   unit=Unit.POINTS, compute=who5_change, group=Group.OUTCOMES, order=93)
