"""Every read of area health profiles: population by age band now and projected (from the
imported Statistics Denmark tables), residents of estates, and referrals per 1,000 residents
by sign category. Sums are done by the database; a profile costs a fixed number of queries."""

from __future__ import annotations

import hashlib
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.core.cache import cache
from django.db.models import (
    Case,
    CharField,
    Count,
    Max,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
)

from lokalsundhed.core import figures
from lokalsundhed.organisations.models import Estate
from lokalsundhed.profiles.dst import AGE
from lokalsundhed.profiles.models import EstateResidents, StatisticsCell, StatisticsTable

COUNTRY = "000"  # Statistics Denmark's code for the whole country
POPULATION_TABLE = "FOLK1A"  # population on the first day of the quarter
PROJECTION_PREFIXES = ("FRKM", "FRDK")  # population projections (municipalities; whole country)
PROJECTION_YEARS = ("2030", "2035", "2040")
BANDS: list[tuple[str, int, int | None]] = [("0-17", 0, 17), ("18-64", 18, 64), ("65-79", 65, 79), ("80+", 80, None)]
TOTAL_CODES = ("TOT", "IALT", "TOTAL", "I ALT")
BAND_FIELDS = {"0-17": "age_0_17", "18-64": "age_18_64", "65-79": "age_65_79", "80+": "age_80_plus"}


def age_of(code: str) -> int | None:
    """The lower bound of an ALDER code: "67" (single years), "65-69", "100OV" or "85+"; None for totals."""
    head = code.strip().upper().removesuffix("OV").removesuffix("+").split("-")[0].strip()
    return int(head) if head.isdigit() else None


def band_of(code: str) -> str | None:
    age = age_of(code)
    if age is None:
        return None
    for name, low, high in BANDS:
        if age >= low and (high is None or age <= high):
            return name
    return None


def _band_case(table: StatisticsTable) -> Case:
    """SQL mapping each of the table's ALDER codes to its band."""
    codes: dict[str, list[str]] = defaultdict(list)
    for code, _label in table.dimensions.get(AGE, {}).get("categories", []):
        band = band_of(code)
        if band:
            codes[band].append(code)
    return Case(*(When(age__in=found, then=Value(band)) for band, found in codes.items()),
                default=Value(""), output_field=CharField())


def _totals_filter(table: StatisticsTable) -> dict[str, str]:
    """Other dimensions (sex, marital status …) held at their total, where the table has one."""
    chosen = {}
    for dim_id in table.dimension_ids:
        if dim_id in ("OMRÅDE", "ALDER", "Tid", "ContentsCode"):
            continue
        codes = [c for c, _l in table.dimensions[dim_id]["categories"]]
        total = next((c for c in codes if c.upper() in TOTAL_CODES), None)
        if total is not None and len(codes) > 1:
            chosen[f"codes__{dim_id}"] = total
    return chosen


def _banded(table: StatisticsTable, areas: list[str], periods: list[str] | None) -> dict[tuple[str, str], dict[str, float]]:
    """{(area, period): {band: people}}: one grouped query."""
    rows = StatisticsCell.objects.filter(table=table, area__in=areas, **_totals_filter(table))
    if periods is not None:
        rows = rows.filter(period__in=periods)
    found: dict[tuple[str, str], dict[str, float]] = defaultdict(dict)
    for row in (rows.annotate(band=_band_case(table)).exclude(band="").values("area", "period", "band")
                .annotate(people=Sum("value")).order_by()):
        found[(row["area"] or COUNTRY, row["period"])][row["band"]] = row["people"] or 0
    return found


@dataclass
class Population:
    """People by age band now (`period`) and projected, for one area."""

    area: str
    period: str = ""
    now: dict[str, float] = field(default_factory=dict)
    projected: dict[str, dict[str, float]] = field(default_factory=dict)
    estimated: bool = False  # an estate's projection: its own counts grown as its municipality's

    @property
    def total(self) -> float:
        return sum(self.now.values())

    @property
    def has_data(self) -> bool:
        return bool(self.now)

    def growth(self, band: str, year: str) -> float | None:
        """Per cent change of a band from now to a projection year."""
        base = self.now.get(band)
        later = self.projected.get(year, {}).get(band)
        if not base or later is None:
            return None
        return float(figures.rounded(100 * (later - base) / base, 1))

    def rows(self) -> list[dict[str, Any]]:
        return [{"band": band, "now": self.now.get(band), **{y: self.projected.get(y, {}).get(band) for y in PROJECTION_YEARS}}
                for band, _lo, _hi in BANDS]


# An area's population changes only when a table is imported again, which changes the key.
POPULATION_SECONDS = 24 * 60 * 60


def population(areas: list[str]) -> dict[str, Population]:
    """Population by band for Statistics Denmark area codes (e.g. ["0607", "000"]), kept in the
    shared cache under the tables' import stamps: two queries (the stamps, one cache read), and the
    first reader after an import three more (the tables, the latest population, the projections)."""
    wanted = Q(table_id=POPULATION_TABLE)
    for prefix in PROJECTION_PREFIXES:
        wanted |= Q(table_id__startswith=prefix)
    stamps = sorted(StatisticsTable.objects.filter(wanted).values_list("pk", "imported_at"))
    version = hashlib.sha256(repr(stamps).encode()).hexdigest()[:16]
    keys = {area: f"population:{version}:{area}" for area in areas}
    found = cache.get_many(list(keys.values()))
    missing = [area for area in areas if keys[area] not in found]
    computed = _population(missing, wanted) if missing else {}
    if computed:
        cache.set_many({keys[area]: computed[area] for area in missing}, POPULATION_SECONDS)
    return {area: computed[area] if area in computed else found[keys[area]] for area in areas}


def _population(areas: list[str], wanted: Q) -> dict[str, Population]:
    result = {area: Population(area) for area in areas}
    tables = list(StatisticsTable.objects.filter(wanted))
    current = next((t for t in tables if t.table_id == POPULATION_TABLE), None)
    projections = sorted((t for t in tables if t.table_id.startswith(PROJECTION_PREFIXES)),
                         key=lambda t: t.table_id, reverse=True)
    if current is not None:
        periods = [c for c, _l in current.dimensions.get("Tid", {}).get("categories", [])]
        latest = max(periods) if periods else None
        for (area, period), bands in _banded(current, [*areas, ""], [latest] if latest else None).items():
            if area in result:
                result[area].period = period
                result[area].now = bands
    if projections:
        projection = projections[0]
        for (area, period), bands in _banded(projection, [*areas, ""], list(PROJECTION_YEARS)).items():
            if area in result:
                result[area].projected[period] = bands
    return result


def latest_residents(estates: QuerySet[Estate] | None) -> QuerySet[EstateResidents]:
    """The newest count of each estate."""
    newest = EstateResidents.objects.filter(estate=OuterRef("estate")).order_by("-as_of").values("as_of")[:1]
    rows = EstateResidents.objects.filter(as_of=Subquery(newest))
    return rows if estates is None else rows.filter(estate__in=estates.values("pk"))


def residents_total(estates: QuerySet[Estate] | None) -> int:
    totals = latest_residents(estates).aggregate(**{f: Sum(f) for f in BAND_FIELDS.values()})
    return sum(v or 0 for v in totals.values())


def estate_population(estates: QuerySet[Estate], municipality: Population) -> Population:
    """The estates' residents by band (one query), projected as their municipality's bands grow."""
    totals = latest_residents(estates).aggregate(as_of=Max("as_of"), **{f: Sum(f) for f in BAND_FIELDS.values()})
    result = Population("estate", period=totals["as_of"].isoformat() if totals["as_of"] else "", estimated=True)
    if totals["as_of"] is None:
        return result
    result.now = {band: float(totals[f] or 0) for band, f in BAND_FIELDS.items()}
    for year in PROJECTION_YEARS:
        grown: dict[str, float] = {}
        for band, people in result.now.items():
            change = municipality.growth(band, year)
            if change is not None:
                grown[band] = round(people * (1 + change / 100))
        if grown:
            result.projected[year] = grown
    return result


def referrals_by_category(estates: QuerySet[Estate] | None, start: date, end: date) -> dict[str, int]:
    """Referrals per sign category (code) in the period, from the anonymous statistics: one query."""
    from lokalsundhed.referrals.models import Statistic

    through = Statistic.categories.through
    rows = through.objects.filter(statistic__referred=True, statistic__month__gte=start.replace(day=1),
                                  statistic__month__lt=end)
    if estates is not None:
        rows = rows.filter(statistic__estate__in=estates.values("pk"))
    return {r["signcategory__code"]: r["n"] for r in rows.values("signcategory__code").annotate(n=Count("pk")).order_by()}


def statistics_tables() -> QuerySet[StatisticsTable]:
    return StatisticsTable.objects.order_by("table_id")
