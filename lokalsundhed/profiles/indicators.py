"""The catalogue of indicators: figures computed from the platform's own data for an area
(a set of estates, or the whole country) and a period. Profiles, goals and dashboards use
only this catalogue, so a capability adds its figures from its own module, e.g. outcomes:

    from lokalsundhed.profiles.indicators import Measure, register_indicator

    register_indicator("who5_mean", label=_("WHO-5 well-being (mean, 0–100)"), unit=Unit.POINTS,
                       compute=who5_mean, group=Group.OUTCOMES)

A `compute(estates, start, end)` gets the estates as a queryset (None: every estate in the
country) and the period as [start, end) dates; it returns a `Measure` from one or two SQL
aggregates, never a Python loop over rows. Every figure built on fewer than five people is
suppressed by `Measure`, wherever it is shown (page, PDF, API).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time
from typing import TYPE_CHECKING

from django.core.exceptions import ImproperlyConfigured
from django.db.models import Count, F, Q, QuerySet, Sum
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lokalsundhed.core import figures

if TYPE_CHECKING:
    from django.utils.functional import Promise

    from lokalsundhed.organisations.models import Estate

SMALL = figures.SMALL  # figures built on fewer people than this are not shown


class Unit:
    PERCENT = "percent"
    COUNT = "count"
    HOURS = "hours"
    POINTS = "points"
    RATE = "per_1000"


class Group:
    BRIDGE = "bridge_building"
    REACH = "reach"
    HELP = "practical_help"
    OUTCOMES = "outcomes"


@dataclass(frozen=True)
class Measure:
    """A figure and what it rests on. `n` is the number of people (or cases) behind it; `part`
    is, for a share, how many of the `n` are in it — a share is hidden when `n` is under five or
    when it would give away a group of one to four (in or out)."""

    value: float | None
    n: int
    part: int | None = None

    @property
    def suppressed(self) -> bool:
        if self.n == 0:
            return False
        if self.n < SMALL:
            return True
        if self.part is not None:
            return figures.too_few(self.part) or figures.too_few(self.n - self.part)
        return False

    @property
    def shown_value(self) -> float | None:
        """The value as it may be shown: None when suppressed or when there is nothing to show."""
        return None if self.suppressed else self.value


Compute = Callable[["QuerySet[Estate] | None", date, date], Measure]


@dataclass(frozen=True)
class Indicator:
    key: str
    label: str | Promise
    unit: str
    compute: Compute
    group: str
    higher_is_better: bool = True
    order: int = 100

    def measure(self, estates: QuerySet[Estate] | None, start: date, end: date) -> Measure:
        return self.compute(estates, start, end)

    def format(self, measure: Measure) -> str:
        """The figure as text: "<5" or "–" when suppressed, else with its unit."""
        if measure.suppressed:
            return figures.SUPPRESSED if self.unit == Unit.COUNT else figures.MISSING
        value = measure.value
        if value is None:
            return "–"
        if self.unit == Unit.PERCENT:
            # From the counts where they are known: the value is kept to a tenth, and rounding
            # that tenth again to a whole per cent would round twice (5 of 11: 45.5, then 46).
            if measure.part is not None and measure.n:
                return figures.per_cent(100 * measure.part / measure.n)
            return figures.per_cent(value)
        if self.unit in (Unit.HOURS, Unit.RATE, Unit.POINTS):
            return figures.decimal(value, 1)
        return figures.decimal(value)


_INDICATORS: dict[str, Indicator] = {}


def register_indicator(key: str, *, label: str | Promise, unit: str, compute: Compute, group: str,
                       higher_is_better: bool = True, order: int = 100) -> Indicator:
    """Add an indicator to the catalogue. Used once per key."""
    if key in _INDICATORS:
        raise ImproperlyConfigured(f"indicator {key!r} is registered twice")
    indicator = Indicator(key, label, unit, compute, group, higher_is_better, order)
    _INDICATORS[key] = indicator
    return indicator


def get(key: str) -> Indicator | None:
    return _INDICATORS.get(key)


def catalogue(group: str | None = None) -> list[Indicator]:
    found = [i for i in _INDICATORS.values() if group is None or i.group == group]
    return sorted(found, key=lambda i: (i.order, i.key))


def choices() -> list[tuple[str, str]]:
    return [(i.key, str(i.label)) for i in catalogue()]


# Outcome figures the profile shows; `outcomes/` registers them. Until it does: "no data yet".
OUTCOME_KEYS: list[tuple[str, str | Promise]] = [
    ("ucla3_lonely_share", _("Severe loneliness (UCLA-3 ≥ 7), share")),
    ("srh_good_share", _("Self-rated health good or better, share")),
    ("who5_mean", _("WHO-5 well-being, mean (0–100)")),
    ("who5_change", _("WHO-5 change in courses, mean points")),
]


def bounds(start: date, end: date) -> tuple[datetime, datetime]:
    """[start, end) dates as local-time instants."""
    tz = timezone.get_current_timezone()
    return datetime.combine(start, time.min, tzinfo=tz), datetime.combine(end, time.min, tzinfo=tz)


def within(qs: QuerySet, estates: QuerySet[Estate] | None, path: str) -> QuerySet:
    return qs if estates is None else qs.filter(**{f"{path}__in": estates.values("pk")})


def offers_of(estates: QuerySet[Estate]) -> QuerySet:
    """The ids of the offers that count for the estates: their own, and their partnerships'. A
    UNION rather than one filter with OR: PostgreSQL cannot estimate an OR of two subqueries, and
    at national scale it then planned for every offer in the country and read every row joined to
    them (28 ms where the union takes 1)."""
    from lokalsundhed.offers.models import Offer

    ids = estates.values("pk")
    return (Offer.objects.filter(estate__in=ids).order_by().values("pk")
            .union(Offer.objects.filter(partnership__estates__in=ids).order_by().values("pk")))


def offer_ids_of(estates: QuerySet[Estate]) -> list[int]:
    """The ids of `offers_of(estates)`, read first, for filters of the sign-ups. As a subquery,
    PostgreSQL cannot see through its UNION how few offers an estate has (it guessed a hundred for
    two) and read the year's 200,000 sign-ups of the country for each count, where a list of ids
    lets it read the estate's few by their offer's index (an estate's profile 151 → 43 ms of
    indicators at scale 1). The outcome indicators keep the subquery: their responses are few."""
    return [row["pk"] for row in offers_of(estates)]


def share(part: int, whole: int) -> Measure:
    return Measure(float(figures.rounded(100 * part / whole, 1)) if whole else None, whole, part)


# --- Built-in indicators, from data the platform already holds --------------------------------


def referrals_within_deadline(estates: QuerySet[Estate] | None, start: date, end: date) -> Measure:
    """Referrals sent in the period and received by a unit before their deadline, of those that
    were received or whose deadline has passed. One query."""
    from lokalsundhed.referrals.models import Referral

    lo, hi = bounds(start, end)
    rows = within(Referral.objects.filter(sent_at__gte=lo, sent_at__lt=hi), estates, "observation__estate")
    due = Q(received_at__isnull=False) | Q(deadline_at__lt=timezone.now())
    counts = rows.aggregate(whole=Count("pk", filter=due),
                            part=Count("pk", filter=Q(received_at__isnull=False, received_at__lte=F("deadline_at"))))
    return share(counts["part"], counts["whole"])


def consent_share(estates: QuerySet[Estate] | None, start: date, end: date) -> Measure:
    """Observations in the period where the resident agreed to be contacted. One query."""
    from lokalsundhed.referrals.models import Consent, Observation

    lo, hi = bounds(start, end)
    rows = within(Observation.objects.filter(created_at__gte=lo, created_at__lt=hi), estates, "estate")
    counts = rows.aggregate(whole=Count("pk"), part=Count("pk", filter=Q(consent=Consent.YES)))
    return share(counts["part"], counts["whole"])


def _sign_ups(estates: QuerySet[Estate] | None, start: date, end: date) -> QuerySet:
    """Sign-ups in the period for offers of the estates, or of partnerships they belong to. The
    offers are a list of ids (`offer_ids_of`), not a join, so a sign-up is one row however many of
    the estates its partnership holds — and counts need no DISTINCT (a sort of every sign-up in the
    country)."""
    from lokalsundhed.offers.models import SignUp

    lo, hi = bounds(start, end)
    rows = SignUp.objects.filter(created_at__gte=lo, created_at__lt=hi)
    return rows if estates is None else rows.filter(offer__in=offer_ids_of(estates))


def first_time_participants(estates: QuerySet[Estate] | None, start: date, end: date) -> Measure:
    """Residents who signed up in the period and said it was their first municipal offer."""
    n = _sign_ups(estates, start, end).filter(first_time=True).aggregate(n=Count("pk"))["n"]
    return Measure(float(n), n)


def sign_ups(estates: QuerySet[Estate] | None, start: date, end: date) -> Measure:
    n = _sign_ups(estates, start, end).aggregate(n=Count("pk"))["n"]
    return Measure(float(n), n)


def first_time_share(estates: QuerySet[Estate] | None, start: date, end: date) -> Measure:
    counts = _sign_ups(estates, start, end).filter(first_time__isnull=False).aggregate(
        whole=Count("pk"), part=Count("pk", filter=Q(first_time=True)))
    return share(counts["part"], counts["whole"])


def errand_hours(estates: QuerySet[Estate] | None, start: date, end: date) -> Measure:
    """Hours of practical help done in the period. One query."""
    from lokalsundhed.errands.models import Errand

    lo, hi = bounds(start, end)
    rows = within(Errand.objects.filter(state=Errand.State.DONE, done_at__gte=lo, done_at__lt=hi), estates, "estate")
    counts = rows.aggregate(n=Count("pk"), minutes=Sum("minutes"))
    return Measure(float(figures.rounded((counts["minutes"] or 0) / 60, 1)), counts["n"])


def referrals_per_1000(estates: QuerySet[Estate] | None, start: date, end: date) -> Measure:
    """Referrals in the period per 1,000 residents (the latest count of each estate). Two queries."""
    from lokalsundhed.profiles.selectors import residents_total
    from lokalsundhed.referrals.models import Statistic

    rows = within(Statistic.objects.filter(month__gte=start.replace(day=1), month__lt=end, referred=True),
                  estates, "estate")
    n = rows.aggregate(n=Count("pk"))["n"]
    residents = residents_total(estates)
    if not residents:
        return Measure(None, n)
    return Measure(float(figures.rounded(1000 * n / residents, 1)), n)


register_indicator("referrals_within_deadline", label=_("Referrals received within the deadline"),
                   unit=Unit.PERCENT, compute=referrals_within_deadline, group=Group.BRIDGE, order=10)
register_indicator("consent_share", label=_("Observations with the resident's consent"), unit=Unit.PERCENT,
                   compute=consent_share, group=Group.BRIDGE, order=20)
register_indicator("referrals_per_1000", label=_("Referrals per 1,000 residents"), unit=Unit.RATE,
                   compute=referrals_per_1000, group=Group.BRIDGE, order=30)
register_indicator("sign_ups", label=_("Sign-ups for local offers"), unit=Unit.COUNT, compute=sign_ups,
                   group=Group.REACH, order=40)
register_indicator("first_time_participants", label=_("First-time participants reached"), unit=Unit.COUNT,
                   compute=first_time_participants, group=Group.REACH, order=50)
register_indicator("first_time_share", label=_("Share of sign-ups who are first-time participants"),
                   unit=Unit.PERCENT, compute=first_time_share, group=Group.REACH, order=60)
register_indicator("errand_hours", label=_("Hours of practical help"), unit=Unit.HOURS, compute=errand_hours,
                   group=Group.HELP, order=70)
