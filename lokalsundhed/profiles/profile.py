"""An area health profile: an estate (or a municipality) beside its municipality and the
country — population by age band now and projected, residents, the catalogue's indicators,
referrals per 1,000 residents by sign category, and outcomes once they are measured."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from lokalsundhed.core.figures import decimal as decimal_figure
from lokalsundhed.organisations.models import Estate, Municipality
from lokalsundhed.profiles import indicators, selectors
from lokalsundhed.profiles.dashboards import Period
from lokalsundhed.profiles.selectors import BANDS, COUNTRY, PROJECTION_YEARS, Population

COUNTRY_AREA = "country"


@dataclass
class Column:
    label: str
    estates: QuerySet[Estate] | None
    population: Population
    area: str  # the key its figures are kept under: "estate:12", "municipality:0607", "country"


@dataclass(frozen=True)
class Figures:
    """One column's figures for a period: aggregates only, the same for every reader."""

    measures: dict[str, indicators.Measure]
    residents: int
    categories: dict[str, int]


@dataclass
class Profile:
    title: str
    period: Period
    columns: list[Column]
    indicator_rows: list[dict[str, Any]] = field(default_factory=list)
    category_rows: list[dict[str, Any]] = field(default_factory=list)
    outcome_rows: list[dict[str, Any]] = field(default_factory=list)

    @property
    def fresh_minutes(self) -> int:
        """How old the figures may be, in whole minutes (they are kept in the shared cache)."""
        return -(-settings.PROFILE_FIGURES_SECONDS // 60)

    @property
    def population_rows(self) -> list[dict[str, Any]]:
        """One row per band: each column's count now and in each projection year."""
        rows = []
        for band, _lo, _hi in BANDS:
            cells = []
            for column in self.columns:
                p = column.population
                cells.append({"now": p.now.get(band), "years": [p.projected.get(y, {}).get(band) for y in PROJECTION_YEARS],
                              "growth": p.growth(band, PROJECTION_YEARS[-1])})
            rows.append({"band": band, "cells": cells})
        return rows

    @property
    def years(self) -> tuple[str, ...]:
        return PROJECTION_YEARS


def _rate(referrals: int, residents: int) -> str:
    if 0 < referrals < indicators.SMALL:
        return "–"
    if not residents:
        return "–"
    return decimal_figure(1000 * referrals / residents, 1)


def _key(area: str, period: Period) -> str:
    return f"profile-figures:{area}:{period.start.isoformat()}:{period.end.isoformat()}"


def _compute(estates: QuerySet[Estate] | None, period: Period) -> Figures:
    """One query per indicator, one for the residents, one for referrals by sign category."""
    return Figures(
        measures={i.key: i.measure(estates, period.start, period.end) for i in indicators.catalogue()},
        residents=selectors.residents_total(estates),
        categories=selectors.referrals_by_category(estates, period.start, period.end),
    )


def keep_country(period: Period) -> bool:
    """Count the country's column for the period afresh and keep it (the worker, more often than it
    expires): every estate's and municipality's profile shows it, and it counts the whole country's
    year — a third of a second at national scale that no reader should wait for. False when figures
    are counted on every view (`PROFILE_FIGURES_SECONDS` 0)."""
    seconds = settings.PROFILE_FIGURES_SECONDS
    if seconds <= 0:
        return False
    cache.set(_key(COUNTRY_AREA, period), _compute(None, period), seconds)
    return True


def figures(columns: list[Column], period: Period) -> list[Figures]:
    """Each column's indicator values, residents and referrals by sign category, kept in the shared
    cache for `PROFILE_FIGURES_SECONDS` under the column's area and period: a profile counts a year
    of an area (the country's column every referral, sign-up and errand of the year), the same for
    every reader, and not by the minute. One cache read for all columns; what is missing is
    computed and stored."""
    seconds = settings.PROFILE_FIGURES_SECONDS
    if not seconds:
        return [_compute(c.estates, period) for c in columns]
    keys = [_key(c.area, period) for c in columns]
    found = cache.get_many(keys)
    missing = {key: _compute(c.estates, period) for key, c in zip(keys, columns, strict=True)
               if not isinstance(found.get(key), Figures)}
    if missing:
        cache.set_many(missing, seconds)
    return [missing.get(key) or found[key] for key in keys]


def build(title: str, columns: list[Column], period: Period) -> Profile:
    from lokalsundhed.referrals.models import SignCategory

    profile = Profile(title=title, period=period, columns=columns)
    found = figures(columns, period)
    for indicator in indicators.catalogue():
        if indicator.group == indicators.Group.OUTCOMES:
            continue
        profile.indicator_rows.append({"key": indicator.key, "label": indicator.label,
                                       "cells": [indicator.format(f.measures[indicator.key]) for f in found]})
    for category in SignCategory.objects.order_by("order", "name"):
        profile.category_rows.append({"label": category.label, "cells": [
            _rate(f.categories.get(category.code, 0), f.residents) for f in found]})
    for key, label in indicators.OUTCOME_KEYS:
        outcome = indicators.get(key)
        if outcome is None:
            profile.outcome_rows.append({"label": label, "cells": [_("No data yet")] * len(columns)})
        else:
            profile.outcome_rows.append({"label": outcome.label, "cells": [
                outcome.format(f.measures[key]) for f in found]})
    return profile


def estate_profile(estate: Estate, period: Period) -> Profile:
    municipality = estate.municipality
    populations = selectors.population([municipality.code, COUNTRY])
    own = Estate.objects.filter(pk=estate.pk)
    columns = [
        Column(estate.name, own, selectors.estate_population(own, populations[municipality.code]), f"estate:{estate.pk}"),
        Column(municipality.name, Estate.objects.filter(municipality=municipality), populations[municipality.code],
               f"municipality:{municipality.code}"),
        Column(_("Denmark"), None, populations[COUNTRY], COUNTRY_AREA),
    ]
    return build(estate.name, columns, period)


def municipality_profile(municipality: Municipality, period: Period) -> Profile:
    populations = selectors.population([municipality.code, COUNTRY])
    columns = [
        Column(municipality.name, Estate.objects.filter(municipality=municipality), populations[municipality.code],
               f"municipality:{municipality.code}"),
        Column(_("Denmark"), None, populations[COUNTRY], COUNTRY_AREA),
    ]
    return build(municipality.name, columns, period)


def default_period(today: date | None = None) -> Period:
    return Period.last_months(12, today)
