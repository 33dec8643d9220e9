"""Dashboards for partnership leads and analysts: across the estates of a partnership, and
across the partnerships of a municipality. Aggregate figures only, each a grouped SQL query;
every count of one to four is shown as "<5" and left out of the charts."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from django.conf import settings
from django.db.models import Case, CharField, Count, F, Q, QuerySet, Value, When
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from lokalsundhed.core import kept as figures_cache
from lokalsundhed.core.figures import count_shown, too_few
from lokalsundhed.organisations.models import Estate
from lokalsundhed.profiles import indicators
from lokalsundhed.profiles.charts import Chart
from lokalsundhed.profiles.indicators import bounds

AGE_BANDS = [("0-2", 0, 2), ("3-7", 3, 7), ("8-30", 8, 30), ("31+", 31, None)]


def plotted(n: int) -> float | None:
    return None if too_few(n) else float(n)


@dataclass(frozen=True)
class Period:
    start: date
    end: date  # exclusive

    @classmethod
    def last_months(cls, months: int = 12, today: date | None = None) -> Period:
        today = today or timezone.localdate()
        first = today.replace(day=1)
        index = first.year * 12 + first.month - 1 - (months - 1)
        return cls(date(index // 12, index % 12 + 1, 1), today + timedelta(days=1))

    @property
    def last_day(self) -> date:
        return self.end - timedelta(days=1)


@dataclass
class Dashboard:
    title: str
    period: Period
    units: list[tuple[int, str]]  # (id, label): estates, or partnerships
    charts: list[Chart] = field(default_factory=list)
    outcomes: list[dict[str, Any]] = field(default_factory=list)
    overdue: int = 0

    @property
    def fresh_minutes(self) -> int:
        """How old the figures may be, in whole minutes (0: counted for this view)."""
        return -(-settings.PROFILE_FIGURES_SECONDS // 60)


def kept(area: str, period: Period, build: Callable[[], Dashboard]) -> Dashboard:
    """The dashboard of `area` ("partnership:PK", "municipality:PK") for the period, kept in the
    shared cache for PROFILE_FIGURES_SECONDS (per language: its labels are written out).
    Aggregates only, the same for every reader who may see the area."""
    key = f"dashboard:{area}:{period.start}:{period.end}:{get_language()}"
    return figures_cache.kept(key, settings.PROFILE_FIGURES_SECONDS, build, Dashboard)


def _referral_charts(units: list[tuple[int, str]], group: str, rows: QuerySet, period: Period) -> tuple[list[Chart], int]:
    """Referrals by state and, of the open ones, by age in days: two grouped queries."""
    from lokalsundhed.referrals.models import Referral

    lo, hi = bounds(period.start, period.end)
    sent = rows.filter(sent_at__gte=lo, sent_at__lt=hi)
    by_state: dict[tuple[int, str], int] = {
        (r[group], r["state"]): r["n"] for r in sent.values(group, "state").annotate(n=Count("pk", distinct=True)).order_by()
    }
    states = list(Referral.State)
    labels = [label for _pk, label in units]
    chart_states = Chart(
        key="states", title=_("Referrals by state"),
        summary=_("%(n)s referrals sent in the period.") % {"n": count_shown(sum(by_state.values()))},
        labels=labels,
        series=[(str(s.label), [plotted(by_state.get((pk, s.value), 0)) for pk, _l in units]) for s in states],
        shown=[[count_shown(by_state.get((pk, s.value), 0)) for pk, _l in units] for s in states],
    )
    now = timezone.now()
    open_rows = rows.filter(state__in=Referral.OPEN_STATES)
    age = Case(*(When(sent_at__lte=now - timedelta(days=low), sent_at__gt=now - timedelta(days=high + 1) if high is not None
                      else now - timedelta(days=36500), then=Value(name)) for name, low, high in AGE_BANDS),
               default=Value("0-2"), output_field=CharField())
    by_age: dict[tuple[int, str], int] = {}
    overdue = 0
    for r in (open_rows.annotate(age=age).values(group, "age")
              .annotate(n=Count("pk", distinct=True),
                        late=Count("pk", distinct=True, filter=Q(deadline_at__lt=now)))
              .order_by()):
        by_age[(r[group], r["age"])] = r["n"]
        overdue += r["late"]
    chart_age = Chart(
        key="open-age", title=_("Open referrals by days since sent"),
        summary=_("%(n)s referrals are open; %(late)s are past their deadline.") % {
            "n": count_shown(sum(by_age.values())), "late": count_shown(overdue)},
        labels=labels,
        series=[(_("%(days)s days") % {"days": name}, [plotted(by_age.get((pk, name), 0)) for pk, _l in units])
                for name, _lo, _hi in AGE_BANDS],
        shown=[[count_shown(by_age.get((pk, name), 0)) for pk, _l in units] for name, _lo, _hi in AGE_BANDS],
    )
    return [chart_states, chart_age], overdue


def _reach_chart(units: Sequence[tuple[int | None, str]], group: Any, sign_ups: QuerySet, period: Period) -> Chart:
    """Sign-ups and first-time participants per unit (`group`: the unit of a sign-up): one grouped query."""
    lo, hi = bounds(period.start, period.end)
    found = {r["unit"]: r for r in sign_ups.filter(created_at__gte=lo, created_at__lt=hi).annotate(unit=group)
             .values("unit")
             .annotate(n=Count("pk", distinct=True), first=Count("pk", distinct=True, filter=Q(first_time=True)))
             .order_by()}
    columns = [("n", _("Sign-ups")), ("first", _("First-time participants"))]
    total = sum(found.get(pk, {}).get("n", 0) for pk, _l in units)
    first = sum(found.get(pk, {}).get("first", 0) for pk, _l in units)
    return Chart(
        key="reach", title=_("Reach of local offers"),
        summary=_("%(n)s sign-ups, %(first)s of them first-time participants.") % {"n": count_shown(total), "first": count_shown(first)},
        labels=[label for _pk, label in units],
        series=[(str(name), [plotted(found.get(pk, {}).get(c, 0)) for pk, _l in units]) for c, name in columns],
        shown=[[count_shown(found.get(pk, {}).get(c, 0)) for pk, _l in units] for c, _name in columns],
    )


def outcomes(estates: QuerySet[Estate], period: Period) -> list[dict[str, Any]]:
    """The outcome indicators (from `outcomes/`, through the catalogue), or "no data yet"."""
    rows: list[dict[str, Any]] = []
    for key, label in indicators.OUTCOME_KEYS:
        indicator = indicators.get(key)
        if indicator is None:
            rows.append({"label": label, "value": None, "text": _("No data yet")})
            continue
        measure = indicator.measure(estates, period.start, period.end)
        rows.append({"label": indicator.label, "value": measure.shown_value, "text": indicator.format(measure),
                     "n": measure.n})
    return rows


def partnership_dashboard(partnership: Any, period: Period) -> Dashboard:
    """Across the estates of a partnership: fixed queries (estates, referrals ×2, reach, outcomes)."""
    from lokalsundhed.offers.models import SignUp
    from lokalsundhed.referrals.models import Referral

    estates = Estate.objects.filter(partnerships=partnership)
    units = list(estates.order_by("name", "pk").values_list("pk", "name"))
    referrals = Referral.objects.filter(observation__estate__in=estates.values("pk"))
    board = Dashboard(title=partnership.name, period=period, units=units)
    charts, board.overdue = _referral_charts(units, "observation__estate_id", referrals, period)
    # An offer of the partnership is for all its estates: its sign-ups have a column of their own.
    sign_ups = SignUp.objects.filter(Q(offer__estate__in=estates.values("pk")) | Q(offer__partnership=partnership))
    reach_units = [*units, (None, _("The whole partnership"))]
    board.charts = [*charts, _reach_chart(reach_units, F("offer__estate_id"), sign_ups, period)]
    board.outcomes = outcomes(estates, period)
    return board


def municipality_dashboard(municipality: Any, period: Period) -> Dashboard:
    """Across the partnerships of a municipality (an estate in two partnerships counts in both)."""
    from lokalsundhed.offers.models import SignUp
    from lokalsundhed.organisations.models import Partnership
    from lokalsundhed.referrals.models import Referral

    partnerships = Partnership.objects.filter(municipality=municipality)
    units = list(partnerships.order_by("name", "pk").values_list("pk", "name"))
    estates = Estate.objects.filter(partnerships__in=partnerships.values("pk")).distinct()
    referrals = Referral.objects.filter(observation__estate__partnerships__in=partnerships.values("pk"))
    board = Dashboard(title=str(municipality), period=period, units=units)
    charts, board.overdue = _referral_charts(units, "observation__estate__partnerships", referrals, period)
    # A partnership's own offers count for it, as its estates' offers do.
    sign_ups = SignUp.objects.filter(Q(offer__estate__partnerships__in=partnerships.values("pk"))
                                     | Q(offer__partnership__in=partnerships.values("pk")))
    unit = Coalesce("offer__partnership", "offer__estate__partnerships")
    board.charts = [*charts, _reach_chart(units, unit, sign_ups, period)]
    board.outcomes = outcomes(estates, period)
    return board
