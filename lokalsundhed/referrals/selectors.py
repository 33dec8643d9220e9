"""Reads of bridge-building: the queue's state filters, the counts the overview shows a reporter
and a receiving unit's worker (always through `scoped()`; counted by the database, one aggregate
query each), and the partnership's anonymous numbers."""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.utils.translation import gettext as _

from lokalsundhed.core import figures
from lokalsundhed.core.access import scoped
from lokalsundhed.referrals.models import (
    Observation,
    Referral,
    SignCategory,
    Statistic,
    Urgency,
)

# A returned referral asks for the reporter's attention this long; after that it is history.
RETURNED_RECENT_DAYS = 30


def queue_state_q(state: str, user: Any, now: datetime) -> Q:
    """The queue's state filter (`QueueFilterForm.state`) as a condition. The overview counts with
    the same conditions, so that a figure is the number of rows its link shows."""
    if state == "open":
        return Q(state__in=Referral.OPEN_STATES)
    if state == "mine":
        return Q(claimed_by=user) & ~Q(state=Referral.State.CLOSED)
    if state == "claimed":
        return Q(claimed_by=user, state__in=Referral.OPEN_STATES)
    if state == "new":
        return Q(state__in=Referral.OPEN_STATES, claimed_by__isnull=True)
    if state == "overdue":
        # Not taken over by its deadline, whether or not someone has claimed it.
        return Q(state__in=Referral.OPEN_STATES, deadline_at__lt=now)
    if state:
        return Q(state=state)
    return Q()


def queue_referrals(user: Any) -> QuerySet[Referral]:
    """The referrals a worker's queue lists, with what finds the case on a card: estate, address,
    unit and who claimed it, JOINed (`with_sign_categories` adds the signs to a page of them)."""
    return scoped(user, Referral).select_related(
        "observation__estate", "observation__dwelling", "unit", "claimed_by"
    )


def with_sign_categories(referrals: list[Referral]) -> list[Referral]:
    """Gives each referral of a page its first sign category in both languages (by the
    categories' order) and how many more categories were ticked: one query for the page's
    observations, where three correlated subqueries per row cost more to build than to run."""
    through = Observation.signs.through
    rows = through.objects.filter(observation_id__in=[r.observation_id for r in referrals]).values_list(
        "observation_id", "sign__category_id", "sign__category__order", "sign__category__name",
        "sign__category__name_en")
    categories: dict[int, dict[int, tuple[int, str, str]]] = {}
    for observation_id, category_id, order, name, name_en in rows:
        categories.setdefault(observation_id, {})[category_id] = (order, name, name_en)
    for referral in referrals:
        ticked = sorted(categories.get(referral.observation_id, {}).values())
        referral.first_category = ticked[0][1] if ticked else ""  # type: ignore[attr-defined]
        referral.first_category_en = ticked[0][2] if ticked else ""  # type: ignore[attr-defined]
        referral.more_categories = max(len(ticked) - 1, 0)  # type: ignore[attr-defined]
    return referrals


@dataclass(frozen=True)
class QueueCounts:
    """What waits for a receiving unit's worker; each figure has a filter of the queue (`state`)."""

    new: int  # state=new: open and nobody has claimed it, received or not
    overdue: int  # state=overdue
    claimed: int  # state=claimed: claimed by the worker, not yet taken over


def queue_counts(user: Any, now: datetime) -> QueueCounts:
    """One aggregate query over the open referrals the worker may see: every figure is about an
    open one, and the closed years of a municipality's referrals stay unread."""
    counts = scoped(user, Referral).filter(state__in=Referral.OPEN_STATES).aggregate(
        new=Count("pk", filter=queue_state_q("new", user, now)),
        overdue=Count("pk", filter=queue_state_q("overdue", user, now)),
        claimed=Count("pk", filter=queue_state_q("claimed", user, now)),
    )
    return QueueCounts(**counts)


@dataclass(frozen=True)
class ReporterCounts:
    """The state of the referrals a reporter sent — counts only, never the case."""

    waiting: int  # sent or received: waiting for the municipality
    taken_over: int
    returned: int  # returned within `returned_days`
    returned_days: int = RETURNED_RECENT_DAYS


def reporter_counts(user: Any, now: datetime) -> ReporterCounts:
    """One aggregate query over the reporter's own observations in scope that were sent on, and
    their referrals (closed ones are counted nowhere)."""
    counted = (*Referral.OPEN_STATES, Referral.State.TAKEN_OVER, Referral.State.RETURNED)
    counts = scoped(user, Observation).filter(reported_by=user, referral__state__in=counted).aggregate(
        waiting=Count("pk", filter=Q(referral__state__in=Referral.OPEN_STATES)),
        taken_over=Count("pk", filter=Q(referral__state=Referral.State.TAKEN_OVER)),
        returned=Count("pk", filter=Q(referral__state=Referral.State.RETURNED,
                                      referral__closed_at__gte=now - timedelta(days=RETURNED_RECENT_DAYS))),
    )
    return ReporterCounts(**counts)


# The partnership's numbers for bridge-building, computed by the database from the anonymous
# statistics (`Statistic`): never from observations or referrals, never in a Python loop over rows.
# Counts from 1 to 4 are shown as "<5" so that no figure points at a resident; a median or share
# computed from fewer than five referrals is not shown at all.

SMALL = figures.SMALL
MONTHS = 12


def shown(count: int) -> str:
    """A count as it may be shown: 1–4 become "<5"."""
    return figures.count_shown(count)


@dataclass(frozen=True)
class Line:
    """One row: how many observations, and how many of them were sent on as referrals."""

    label: str
    observations: int
    referrals: int
    key: str = ""
    month: date | None = None

    @property
    def observations_shown(self) -> str:
        return shown(self.observations)

    @property
    def referrals_shown(self) -> str:
        return shown(self.referrals)


@dataclass(frozen=True)
class Numbers:
    first_month: date
    last_day: date  # the period counted runs from first_month to this day (today)
    months: list[Line]
    categories: list[Line]
    urgencies: list[Line]
    total: Line
    taken_over: int
    median_hours: float | None  # None: fewer than SMALL referrals taken over
    p90_hours: float | None
    closed: int
    help_established: int

    @property
    def taken_over_shown(self) -> str:
        return shown(self.taken_over)

    @property
    def closed_shown(self) -> str:
        return shown(self.closed)

    @property
    def help_established_shown(self) -> str:
        return shown(self.help_established)

    @property
    def help_share(self) -> float | None:
        """Per cent of closed referrals with help established; None when too few to show."""
        if self.closed < SMALL or figures.too_few(self.help_established):
            return None
        return 100 * self.help_established / self.closed


def month_starts(today: date, months: int = MONTHS) -> list[date]:
    """The first day of each of the last `months` months, the current one last."""
    index = today.year * 12 + today.month - 1
    return [date(i // 12, i % 12 + 1, 1) for i in range(index - months + 1, index + 1)]


def _counts() -> dict[str, Count]:
    return {"observations": Count("pk"), "referrals": Count("pk", filter=Q(referred=True))}


def nearest_rank(values: QuerySet[Statistic], count: int, fraction: float) -> float | None:
    """The nearest-rank percentile of `hours_to_takeover` among `count` rows: one ORDER BY … LIMIT 1
    OFFSET k query, the same on SQLite and PostgreSQL."""
    if count == 0:
        return None
    rank = max(1, math.ceil(fraction * count))
    ordered = values.order_by("hours_to_takeover").values_list("hours_to_takeover", flat=True)
    found = list(ordered[rank - 1 : rank])
    return found[0] if found else None


def numbers_for(statistics: QuerySet[Statistic], *, today: date) -> Numbers:
    """All figures of the last twelve months for the given rows: seven queries at most, whatever the data size.

    1. per month  2. per urgency  3. the sign categories  4. per sign category
    5. totals, taken over, closed, help established  6. median  7. 90th percentile
    """
    months = month_starts(today)
    rows = statistics.filter(month__gte=months[0]).order_by()

    per_month = {r["month"]: r for r in rows.values("month").annotate(**_counts())}
    per_urgency = {r["urgency"]: r for r in rows.values("urgency").annotate(**_counts())}
    categories = list(SignCategory.objects.order_by("order", "name"))
    through = Statistic.categories.through
    per_category = {
        r["signcategory_id"]: r
        for r in through.objects.filter(statistic__in=rows.values("pk"))
        .values("signcategory_id")
        .annotate(observations=Count("statistic_id"), referrals=Count("statistic_id", filter=Q(statistic__referred=True)))
        .order_by()
    }
    totals = rows.aggregate(
        **_counts(),
        taken_over=Count("pk", filter=Q(taken_over=True, hours_to_takeover__isnull=False)),
        closed=Count("pk", filter=~Q(outcome="")),
        help_established=Count("pk", filter=Q(outcome=Referral.Outcome.HELP_ESTABLISHED)),
    )
    taken = rows.filter(taken_over=True, hours_to_takeover__isnull=False)
    enough = totals["taken_over"] >= SMALL

    def line(label: str, found: dict | None, key: str = "", month: date | None = None) -> Line:
        return Line(label, found["observations"] if found else 0, found["referrals"] if found else 0, key, month)

    return Numbers(
        first_month=months[0],
        last_day=today,
        months=[line(m.isoformat()[:7], per_month.get(m), m.isoformat(), m) for m in months],
        categories=[line(c.label, per_category.get(c.pk), c.code) for c in categories],
        urgencies=[line(str(u.label), per_urgency.get(u.value), u.value) for u in Urgency],
        total=Line(_("All"), totals["observations"], totals["referrals"], "all"),
        taken_over=totals["taken_over"],
        median_hours=nearest_rank(taken, totals["taken_over"], 0.5) if enough else None,
        p90_hours=nearest_rank(taken, totals["taken_over"], 0.9) if enough else None,
        closed=totals["closed"],
        help_established=totals["help_established"],
    )


def csv_rows(numbers: Numbers) -> list[list[str]]:
    """The same table as the page, suppressed the same way, for a CSV download. The header and
    the section and summary codes stay in English, so that a spreadsheet or script can rely on them."""
    rows: list[list[str]] = [["section", "label", "observations", "referrals", "value"]]
    for section, lines in (("month", numbers.months), ("sign_category", numbers.categories),
                           ("urgency", numbers.urgencies), ("total", [numbers.total])):
        rows += [[section, ln.label, ln.observations_shown, ln.referrals_shown, ""] for ln in lines]

    def figure(value: float | None, digits: int) -> str:
        return "" if value is None else str(figures.rounded(value, digits))  # half-up, as on the page

    share = numbers.help_share
    rows += [
        ["taken_over", "count", "", numbers.taken_over_shown, ""],
        ["taken_over", "median_hours", "", "", figure(numbers.median_hours, 1)],
        ["taken_over", "p90_hours", "", "", figure(numbers.p90_hours, 1)],
        ["closed", "count", "", numbers.closed_shown, ""],
        ["closed", "help_established", "", numbers.help_established_shown, ""],
        ["closed", "help_established_per_cent", "", "", figure(share, 0)],
    ]
    return rows
