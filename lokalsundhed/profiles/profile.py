"""An area health profile: an estate (or a municipality) beside its municipality and the
country — population by age band now and projected, residents, the catalogue's indicators,
referrals per 1,000 residents by sign category, and outcomes once they are measured."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from lokalsundhed.organisations.models import Estate, Municipality
from lokalsundhed.profiles import indicators, selectors
from lokalsundhed.profiles.dashboards import Period
from lokalsundhed.profiles.selectors import BANDS, COUNTRY, PROJECTION_YEARS, Population


@dataclass
class Column:
    label: str
    estates: QuerySet[Estate] | None
    population: Population


@dataclass
class Profile:
    title: str
    period: Period
    columns: list[Column]
    indicator_rows: list[dict[str, Any]] = field(default_factory=list)
    category_rows: list[dict[str, Any]] = field(default_factory=list)
    outcome_rows: list[dict[str, Any]] = field(default_factory=list)

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
    return f"{1000 * referrals / residents:.1f}".replace(".", ",")


def build(title: str, columns: list[Column], period: Period) -> Profile:
    from lokalsundhed.referrals.models import SignCategory

    profile = Profile(title=title, period=period, columns=columns)
    for indicator in indicators.catalogue():
        if indicator.group == indicators.Group.OUTCOMES:
            continue
        measures = [indicator.measure(c.estates, period.start, period.end) for c in columns]
        profile.indicator_rows.append({"key": indicator.key, "label": indicator.label,
                                       "cells": [indicator.format(m) for m in measures]})
    residents = [selectors.residents_total(c.estates) for c in columns]
    counts = [selectors.referrals_by_category(c.estates, period.start, period.end) for c in columns]
    for category in SignCategory.objects.order_by("order", "name"):
        profile.category_rows.append({"label": category.label, "cells": [
            _rate(found.get(category.code, 0), people) for found, people in zip(counts, residents, strict=True)]})
    for key, label in indicators.OUTCOME_KEYS:
        outcome = indicators.get(key)
        if outcome is None:
            profile.outcome_rows.append({"label": label, "cells": [_("No data yet")] * len(columns)})
        else:
            profile.outcome_rows.append({"label": outcome.label, "cells": [
                outcome.format(outcome.measure(c.estates, period.start, period.end)) for c in columns]})
    return profile


def estate_profile(estate: Estate, period: Period) -> Profile:
    municipality = estate.municipality
    populations = selectors.population([municipality.code, COUNTRY])
    own = Estate.objects.filter(pk=estate.pk)
    columns = [
        Column(estate.name, own, selectors.estate_population(own, populations[municipality.code])),
        Column(municipality.name, Estate.objects.filter(municipality=municipality), populations[municipality.code]),
        Column(_("Denmark"), None, populations[COUNTRY]),
    ]
    return build(estate.name, columns, period)


def municipality_profile(municipality: Municipality, period: Period) -> Profile:
    populations = selectors.population([municipality.code, COUNTRY])
    columns = [
        Column(municipality.name, Estate.objects.filter(municipality=municipality), populations[municipality.code]),
        Column(_("Denmark"), None, populations[COUNTRY]),
    ]
    return build(municipality.name, columns, period)


def default_period(today: date | None = None) -> Period:
    return Period.last_months(12, today)
