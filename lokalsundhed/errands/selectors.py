"""Reads of practical help: the counts the overview shows a caretaker (always through `scoped()`;
one aggregate query), and the monthly report per estate — errands done and time spent by task,
counted by the database (one query), as a table, CSV and a bar chart.

The report's readers see anonymous figures only (docs/permissions.md): a task done 1–4 times in the
month shows "<5" errands and no minutes (the minutes of one errand are one resident's help), and
has no bar in the chart. The month's totals are shown only when they cannot give such a small
count away: not when the month's total is 1–4, and not when the suppressed tasks together count
1–4 (the total less the tasks shown would tell it)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from django.db.models import Count, Q, QuerySet, Sum
from django.utils import timezone

from lokalsundhed.core import figures
from lokalsundhed.core.access import scoped
from lokalsundhed.errands.models import Errand, ErrandType
from lokalsundhed.organisations.models import Estate

SMALL = figures.SMALL  # counts of errands from 1 to SMALL - 1 are suppressed
SUPPRESSED = figures.SUPPRESSED
HIDDEN = figures.MISSING


def month_totals_shown(counts: Iterable[int]) -> bool:
    """Whether a month's totals over tasks done `counts` times give no small count away (see the
    module's docstring): the report's rule, and the JSON-stat dataset's for the same month."""
    counts = list(counts)
    return not figures.too_few(sum(counts)) and not figures.too_few(sum(n for n in counts if figures.too_few(n)))


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


@dataclass(frozen=True)
class Row:
    errand_type_id: int
    name: str
    name_en: str
    errands: int
    minutes: int

    @property
    def hours(self) -> float:
        return float(figures.rounded(self.minutes / 60, 1))

    @property
    def suppressed(self) -> bool:
        return figures.too_few(self.errands)

    # What is shown: the figures with suppression applied (page, CSV, chart).
    @property
    def errands_shown(self) -> str:
        return SUPPRESSED if self.suppressed else str(self.errands)

    @property
    def minutes_shown(self) -> str:
        return HIDDEN if self.suppressed else str(self.minutes)

    @property
    def hours_shown(self) -> str:
        return HIDDEN if self.suppressed else str(self.hours)


@dataclass(frozen=True)
class MonthlyReport:
    estate: Estate
    month: date
    rows: list[Row]

    @property
    def last_day(self) -> date:
        """The month's last day, or today while the month is still running."""
        end = (self.month.replace(day=1) + timedelta(days=32)).replace(day=1) - timedelta(days=1)
        today = timezone.localdate()
        return today if self.month <= today < end else end

    @property
    def errands(self) -> int:
        return sum(row.errands for row in self.rows)

    @property
    def minutes(self) -> int:
        return sum(row.minutes for row in self.rows)

    @property
    def hours(self) -> float:
        return float(figures.rounded(self.minutes / 60, 1))

    @property
    def totals_shown(self) -> bool:
        """Whether the month's totals give no small count away (see the module's docstring)."""
        return month_totals_shown(row.errands for row in self.rows)

    @property
    def errands_shown(self) -> str:
        if figures.too_few(self.errands):
            return SUPPRESSED
        return str(self.errands) if self.totals_shown else HIDDEN

    @property
    def minutes_shown(self) -> str:
        return str(self.minutes) if self.totals_shown else HIDDEN

    @property
    def hours_shown(self) -> str:
        return str(self.hours) if self.totals_shown else HIDDEN

    @property
    def any_suppressed(self) -> bool:
        return any(row.suppressed for row in self.rows)


def month_bounds(month: date) -> tuple[datetime, datetime]:
    """The month in local time as [start, end) instants."""
    tz = timezone.get_current_timezone()
    first = month.replace(day=1)
    following = date(first.year + first.month // 12, first.month % 12 + 1, 1)
    return datetime.combine(first, time.min, tzinfo=tz), datetime.combine(following, time.min, tzinfo=tz)


def monthly_report(estate: Estate, month: date) -> MonthlyReport:
    """Errands done in the estate in the month (by when they were done), grouped by task."""
    start, end = month_bounds(month)
    rows = (
        Errand.objects.filter(estate=estate, state=Errand.State.DONE, done_at__gte=start, done_at__lt=end)
        .values("errand_type_id", "errand_type__name", "errand_type__name_en")
        .annotate(errands=Count("pk"), minutes=Sum("minutes"))
        .order_by("-minutes", "errand_type__name")
    )
    return MonthlyReport(
        estate=estate,
        month=month.replace(day=1),
        rows=[
            Row(r["errand_type_id"], r["errand_type__name"], r["errand_type__name_en"], r["errands"], r["minutes"] or 0)
            for r in rows
        ],
    )


@dataclass(frozen=True)
class Bar:
    label: str
    value: int
    text: str
    y: int
    width: float


@dataclass(frozen=True)
class Chart:
    """A horizontal bar chart drawn by the template as SVG: one bar per task, minutes spent."""

    bars: list[Bar]
    height: int
    label_width: int = 230
    plot_width: int = 330
    bar_height: int = 26
    gap: int = 10

    @property
    def width(self) -> int:
        return self.label_width + self.plot_width + 70


def chart(report: MonthlyReport, labels: dict[int, str]) -> Chart:
    """Bars for the tasks whose figures are shown; a suppressed task has none."""
    shown = [row for row in report.rows if not row.suppressed]
    top = max((row.minutes for row in shown), default=0) or 1
    bars = []
    for i, row in enumerate(shown):
        y = i * (26 + 10)
        bars.append(Bar(labels[row.errand_type_id], row.minutes, f"{row.minutes}", y, round(330 * row.minutes / top, 1)))
    return Chart(bars=bars, height=max(len(bars), 1) * 36)


def errand_type_codes(ids: list[int]) -> dict[int, str]:
    """The catalogue codes of the report's tasks, for its CSV (anonymous catalogue data: the
    reader of the report may belong to the municipality, which holds no catalogue)."""
    return dict(ErrandType.objects.filter(pk__in=ids).values_list("pk", "code"))


# The residents' pages are public: a resident reaches them by an estate's link or an errand's
# private token, without an account, so they read without a scope.

def public_estate(pk: int) -> Estate | None:
    """An estate, with its housing organisation, for the residents' request form."""
    return Estate.objects.select_related("housing_organisation").filter(pk=pk).first()


def resident_catalogue(estate: Estate) -> QuerySet[ErrandType]:
    """The active tasks of the estate's housing organisation (allowed or not)."""
    return ErrandType.objects.filter(housing_organisation_id=estate.housing_organisation_id, is_active=True)


def errand_by_token(token: str) -> Errand | None:
    """A resident's errand behind its private link (not yet anonymised), or None."""
    if not token or len(token) > 64:
        return None
    return (
        Errand.objects.select_related("estate", "errand_type")
        .filter(token=token, anonymised_at__isnull=True).first()
    )


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
