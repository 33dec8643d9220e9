"""The knowledge behind area profiles and partnership goals in the national year (a step of
`national_activity.py`).

Area profiles and goals: the demo's Statistics Denmark tables (population now and projected)
grown to every municipality of the batch, each with a size and age profile of its own drawn
from the country's; residents by age band for every estate (from its homes); each partnership's
theme of the year (in December some have chosen next year's already) and a handful of shared
goals from KL/BL's recommendations on indicators of the catalogue, their baseline and target set
around what the indicator measures today, with the snapshot the nightly worker takes for every
day since the goal started, converging on today's measured value.

At scale 1: 7,000 residents' counts, 62,000 statistics cells (98 municipalities beside the country), 80
partnership years (in December about 25 more, for next year), 360 goals and 112,000 goal snapshots. Bulk inserts and COPY only, from the year's seeded random generator.
"""

from __future__ import annotations

import json
import math
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any

from django.db import connection
from django.utils import timezone

from lokalsundhed.core.permissions import Role
from lokalsundhed.demo import words
from lokalsundhed.demo.national_activity import Activity, register_step
from lokalsundhed.demo.profiles import FIXTURES, GOALS
from lokalsundhed.organisations.models import Estate, Municipality, Partnership
from lokalsundhed.profiles import dst, indicators, progress
from lokalsundhed.profiles.models import (
    EstateResidents,
    Goal,
    GoalSnapshot,
    PartnershipYear,
    Recommendation,
    StatisticsCell,
    StatisticsTable,
)
from lokalsundhed.profiles.selectors import BAND_FIELDS, COUNTRY, band_of

FIXTURES_DIR = Path(__file__).resolve().parent.parent / "profiles" / "fixtures"  # as `demo.profiles` reads them
PROJECTION_LABEL = "Befolkningsfremskrivning 2025 for kommuner efter område, køn, alder og tid"
# The biggest municipalities' people (rounded); the others get a size around the median.
BIG_CITIES = {"0101": 660_000, "0751": 370_000, "0851": 225_000, "0461": 210_000, "0630": 120_000,
              "0561": 116_000, "0147": 105_000, "0730": 100_000, "0740": 100_000, "0621": 95_000, "0615": 95_000}
# An estate's residents by age band (0–17, 18–64, 65–79, 80+): families, mixed, seniors' homes; how common.
RESIDENT_MIXES = [((0.28, 0.55, 0.12, 0.05), 40), ((0.20, 0.55, 0.17, 0.08), 50), ((0.05, 0.35, 0.35, 0.25), 10)]
PEOPLE_PER_HOME = (1.5, 2.3)
# The demo's goals and a few more, as (recommendation, indicator, title, baseline, target).
GOAL_POOL: list[tuple[str, str, str, float, float]] = [
    *GOALS,
    (Recommendation.SMALL_STEPS, "work_started", "Flere beboere tager et lille skridt mod job", 5, 30),
    (Recommendation.SMALL_STEPS, "work_reach", "Flere beboere viser interesse for job og praktik", 10, 50),
    (Recommendation.BUSINESSES, "work_completion_share", "Flere skridt mod job gennemføres hos lokale virksomheder",
     40, 60),
    (Recommendation.NETWORKS, "sign_ups", "Flere beboere deltager i de lokale tilbud", 100, 300),
]
CUMULATIVE = (indicators.Unit.COUNT, indicators.Unit.HOURS, indicators.Unit.RATE)  # grow through the period
SPREAD = {indicators.Unit.PERCENT: 45.0, indicators.Unit.POINTS: 12.0}  # one person's spread around a level
STEP = {indicators.Unit.PERCENT: (5.0, 20.0), indicators.Unit.POINTS: (2.0, 6.0)}  # a year's aim for a level


@dataclass(frozen=True)
class Shape:
    """A municipality against the country: its people, its age bands' weight, their growth."""

    people: float
    tilt: dict[str, float]
    drift: dict[str, float]  # change every five years beyond the country's projection


def _shape(activity: Activity, code: str) -> Shape:
    rng = activity.rng
    people = BIG_CITIES.get(code) or min(90_000.0, max(5_000.0, rng.lognormvariate(math.log(42_000), 0.55)))
    city = code in BIG_CITIES
    tilt = {"0-17": rng.uniform(0.85, 1.15), "18-64": rng.uniform(1.0, 1.15) if city else rng.uniform(0.9, 1.05),
            "65-79": rng.uniform(0.75, 1.0) if city else rng.uniform(0.95, 1.3), "80+": rng.uniform(0.8, 1.35)}
    drift = {band: rng.uniform(0.0, 0.04) if city else rng.uniform(-0.04, 0.02) for band in tilt}
    return Shape(people, tilt, drift)


def _year(period: str) -> int:
    return int(period[:4]) if period[:4].isdigit() else 0


def _json(value: dict[str, str]) -> Any:
    """A JSON column's value for `Activity.copy`: text to PostgreSQL's COPY, the object to a model."""
    return json.dumps(value, ensure_ascii=False) if connection.vendor == "postgresql" else value


def _statistics(activity: Activity) -> int:
    """The demo's tables (stored as the demo imports them, when missing), grown to every
    municipality of the batch from the country's own cells; returns the number of cells made."""
    columns = ["table_id", "key", "codes", "area", "age", "period", "value", "status"]
    stored = set(StatisticsTable.objects.values_list("table_id", flat=True))
    made = 0
    for name in FIXTURES:
        if name.split(".")[0] not in stored:
            table, rows = _fixture(activity, name)
            made += activity.copy(table.table_id, StatisticsCell, columns, rows, len(rows))
    ids = {e[2] for e in activity.world.estates} | set(activity.world.council_of)
    names = dict(Municipality.objects.filter(pk__in=ids).values_list("code", "name"))
    shapes = {code: _shape(activity, code) for code in sorted(names)}
    grown: list[tuple[Any, ...]] = []
    for table in StatisticsTable.objects.filter(table_id__in=[n.split(".")[0] for n in FIXTURES]).order_by("table_id"):
        grown += _grown(table, names, shapes)
    return made + activity.copy("statistics", StatisticsCell, columns, grown, len(grown))


def _fixture(activity: Activity, name: str) -> tuple[StatisticsTable, list[tuple[Any, ...]]]:
    """A fixture's table as `profiles.services.import_table` stores it, with its cells as rows —
    without the import's access-log entry, which, dated now amid a log dated over the year, would
    hold up sealing the generated log."""
    parsed = dst.read(FIXTURES_DIR / name)
    table = StatisticsTable.objects.create(
        table_id=parsed.table_id, label=PROJECTION_LABEL if name.startswith("FRKM") else parsed.label,
        source=parsed.source, updated=parsed.updated, dimension_ids=[d.id for d in parsed.dimensions],
        dimensions={d.id: {"label": d.label, "categories": [list(c) for c in d.categories]} for d in parsed.dimensions},
        roles=parsed.roles, units=parsed.units, source_format=parsed.source_format, imported_at=activity.now,
    )
    dims = table.dimension_ids
    return table, [_cell(table, dims, dict(zip(dims, codes, strict=True)), value, status)
                   for codes, value, status in parsed.cells]


def _grown(table: StatisticsTable, names: dict[str, str], shapes: dict[str, Shape]) -> list[tuple[Any, ...]]:
    """Cells of the areas the table lacks, each the country's cell times the area's share, age
    tilt and growth (the age totals: their sums); the table's area dimension gets their names."""
    dims = table.dimension_ids
    categories = table.dimensions.get(dst.AREA, {}).get("categories", [])
    new = [code for code in shapes if code not in {c for c, _l in categories}]
    country = list(StatisticsCell.objects.filter(table=table, area=COUNTRY).order_by("pk").values_list("codes", "value"))
    if not new or not country or dst.AGE not in dims:
        return []
    base = min(codes.get(dst.TIME, "") for codes, _v in country)
    bands: dict[str, float] = defaultdict(float)  # the country's people by band, in the first period
    for codes, value in country:
        band = band_of(codes[dst.AGE])
        if band and codes.get(dst.TIME, "") == base:
            bands[band] += value or 0
    whole = sum(bands.values())
    if not whole:
        return []
    rows = []
    for code in new:
        shape = shapes[code]
        scale = shape.people / sum(bands[b] * shape.tilt[b] for b in bands)
        sums: dict[tuple[str, ...], float] = defaultdict(float)
        totals = []
        for codes, value in country:
            cell = {**codes, dst.AREA: code}
            band = band_of(codes[dst.AGE])
            rest = tuple(c for d, c in cell.items() if d != dst.AGE)
            if band is None:
                totals.append((cell, rest))
                continue
            years = (_year(codes.get(dst.TIME, "")) - _year(base)) / 5
            people = None if value is None else \
                float(round(value * scale * shape.tilt[band] * (1 + shape.drift[band]) ** years))
            sums[rest] += people or 0
            rows.append(_cell(table, dims, cell, people))
        rows += [_cell(table, dims, cell, sums[rest]) for cell, rest in totals]
    label = {code: name.removesuffix(" Kommune") for code, name in names.items()}
    dimensions = {**table.dimensions, dst.AREA: {**table.dimensions[dst.AREA],
                                                 "categories": [*categories, *([c, label[c]] for c in new)]}}
    StatisticsTable.objects.filter(pk=table.pk).update(dimensions=dimensions)
    return rows


def _cell(table: StatisticsTable, dims: list[str], codes: dict[str, str], value: float | None,
          status: str = "") -> tuple[Any, ...]:
    ordered = {d: codes[d] for d in dims}
    return (table.pk, "|".join(ordered.values()), _json(ordered), codes.get(dst.AREA, ""), codes.get(dst.AGE, ""),
            codes.get(dst.TIME, ""), value, status)


def _residents(activity: Activity) -> int:
    """Every estate's residents by age band on the first of January, from its homes."""
    rng = activity.rng
    as_of = date(timezone.localdate(activity.now).year, 1, 1)
    have = set(EstateResidents.objects.filter(as_of=as_of).values_list("estate_id", flat=True))
    rows = []
    for estate_id, _h, _m, _p in activity.world.estates:
        if estate_id in have:
            continue
        people = (len(activity.world.dwellings.get(estate_id, [])) or rng.randint(4, 40)) * rng.uniform(*PEOPLE_PER_HOME)
        mix = rng.choices([m for m, _w in RESIDENT_MIXES], [w for _m, w in RESIDENT_MIXES])[0]
        rows.append((estate_id, as_of, *(round(people * share * rng.uniform(0.8, 1.2)) for share in mix)))
    return activity.copy("residents", EstateResidents, ["estate_id", "as_of", *BAND_FIELDS.values()], rows, len(rows))


def _aim(activity: Activity, indicator: indicators.Indicator, measure: indicators.Measure, elapsed: float,
         demo: tuple[float, float]) -> tuple[float, float]:
    """A baseline and a target around what the indicator measures today, `elapsed` (0–1) into
    the goal's period: about half the goals on track."""
    rng = activity.rng
    value = measure.shown_value
    if value is None or elapsed < 0.05:
        baseline, target = (x * rng.uniform(0.8, 1.2) for x in demo)
    elif indicator.unit in CUMULATIVE:  # counted from the start: aim at where the year is heading
        heading = value / elapsed
        baseline, target = heading * rng.uniform(0, 0.1), heading * rng.uniform(0.75, 1.3)
    else:  # a level: moved part of the way a straight line says by now
        sign = 1 if indicator.higher_is_better else -1
        step = sign * rng.uniform(*STEP.get(indicator.unit, (2.0, 6.0)))
        baseline = value - step * elapsed * rng.uniform(0.3, 1.6)
        target = baseline + step
        if indicator.unit == indicators.Unit.PERCENT:
            baseline, target = min(100.0, max(0.0, baseline)), min(100.0, max(0.0, target))
    digits = 0 if indicator.unit == indicators.Unit.COUNT else 1
    baseline, target = round(baseline, digits), round(target, digits)
    if target == baseline:
        target = baseline + (1 if indicator.higher_is_better else -1)
    return baseline, target


def _history(activity: Activity, goal: Goal, indicator: indicators.Indicator, measure: indicators.Measure,
             today: date) -> list[tuple[Any, ...]]:
    """A snapshot for every day of the goal's period until today, as the nightly worker takes them:
    the figure growing (a count) or settling (a level) on what it measures today, on few people
    at first and so often suppressed. Rows: (goal, day, value, n, expected, on track)."""
    rng = activity.rng
    days = (today - goal.starts_on).days + 1
    rows = []
    last = 0.0
    for i in range(days):
        day = goal.starts_on + timedelta(days=i)
        done = (i + 1) / days
        if i == days - 1:
            shown, n = measure.shown_value, measure.n
        else:
            n = int(measure.n * done)
            value = None if measure.value is None else measure.value * done if indicator.unit in CUMULATIVE else \
                measure.value + rng.gauss(0, SPREAD.get(indicator.unit, 10.0)) / math.sqrt(max(n, 1)) * (1 - done)
            if indicator.unit == indicators.Unit.COUNT:
                value = float(n)
            elif value is not None and indicator.unit in CUMULATIVE:
                value = last = max(last, round(value, 1))
            elif value is not None:
                value = round(min(100.0, max(0.0, value)) if indicator.unit == indicators.Unit.PERCENT else value, 1)
            part = round(value * n / 100) if value is not None and indicator.unit == indicators.Unit.PERCENT else None
            shown = indicators.Measure(value, n, part).shown_value
        expected = progress.expected_by(goal, day)
        rows.append((goal.pk, day, shown, n, expected, progress.judge(goal, shown, expected)[0]))
    return rows


# Goals are set around what their indicators measure today: after the steps whose rows they count
# (the WHO-5 change of measured courses, staff trained, steps into work).
@register_step("goal snapshots", after=("measured courses", "training enrolments", "interests in work"))
def profiles(activity: Activity) -> int:
    """Statistics for every municipality, residents of every estate, and the partnerships'
    themes, goals and goal history; returns the number of goal snapshots."""
    rng, now = activity.rng, activity.now
    activity.counts["statistics cells"] = _statistics(activity)
    activity.counts["residents' counts"] = _residents(activity)
    today = timezone.localdate(now)
    tz = timezone.get_current_timezone()
    year_start = date(today.year, 1, 1)
    busy = set(PartnershipYear.objects.filter(year=today.year).values_list("partnership_id", flat=True))
    busy |= set(Goal.objects.values_list("partnership_id", flat=True))
    partnerships = [p for p in Partnership.objects.filter(pk__in=set(activity.world.partnership_of.values()))
                    .exclude(pk__in=busy).order_by("pk")
                    if (p.starts_on or year_start) <= today
                    and activity.staff_of(p.municipality_id, Role.ANALYST, Role.ADMIN)]
    pool = [(recommendation, found, title, (baseline, target)) for recommendation, key, title, baseline, target
            in GOAL_POOL if (found := indicators.get(key)) is not None]

    def moment_from(day: date) -> datetime:
        at = datetime.combine(day + timedelta(days=rng.uniform(0, 20)), time(rng.randint(8, 15), rng.randint(0, 59)),
                              tzinfo=tz)
        return min(at, now - timedelta(minutes=rng.randint(5, 600)))

    years, goals, measured, renamed = [], [], [], []
    for partnership in partnerships:
        lead = rng.choice(activity.staff_of(partnership.municipality_id, Role.ANALYST, Role.ADMIN))
        starts = max(year_start, partnership.starts_on or year_start)
        theme = partnership.yearly_theme or rng.choice(words.PARTNERSHIP_THEMES)
        years.append(PartnershipYear(partnership=partnership, year=today.year, theme=theme, created_by_id=lead,
                                     created_at=moment_from(starts)))
        if today.month == 12 and rng.random() < 0.3:  # next year's theme, chosen in December
            partnership.yearly_theme = rng.choice([t for t in words.PARTNERSHIP_THEMES if t != theme])
            years.append(PartnershipYear(partnership=partnership, year=today.year + 1, theme=partnership.yearly_theme,
                                         created_by_id=lead, created_at=moment_from(max(starts, today - timedelta(days=5)))))
            renamed.append(partnership)
        estates = Estate.objects.filter(partnerships=partnership.pk)
        end = date(today.year, 12, 31)
        if end <= starts:
            continue
        for recommendation, indicator, title, demo in rng.sample(pool, min(len(pool), rng.randint(3, 6))):
            # What the goal measures today (`profiles.progress.measure_goal`): the baseline and target go round it.
            measure = indicator.measure(estates, starts, today + timedelta(days=1))
            elapsed = (today - starts).days / (end - starts).days
            baseline, target = _aim(activity, indicator, measure, elapsed, demo)
            created = moment_from(starts)
            archived = created + (now - created) * rng.random() if rng.random() < 0.05 else None
            goals.append(Goal(partnership=partnership, year=today.year, recommendation=recommendation,
                              indicator=indicator.key, title=title, baseline=baseline, target=target,
                              starts_on=starts, target_date=end, created_by_id=lead, created_at=created,
                              archived_at=archived))
            measured.append((indicator, measure))
    activity.insert("partner years", years, len(years))
    Partnership.objects.bulk_update(renamed, ["yearly_theme"])  # the current theme follows the newest year
    goals = activity.insert("goals", goals, len(goals))

    # Taken from the day the goal was set until it was archived, if it was.
    snapshots = [row for goal, (indicator, measure) in zip(goals, measured, strict=True)
                 for row in _history(activity, goal, indicator, measure, today)
                 if timezone.localdate(goal.created_at) <= row[1]
                 and (goal.archived_at is None or row[1] <= timezone.localdate(goal.archived_at))]
    columns = ["goal_id", "taken_on", "value", "n", "expected", "on_track"]
    made = activity.copy("goal snapshots", GoalSnapshot, columns, snapshots, len(snapshots))
    activity.counts |= {"partnership years": len(years), "partnership goals": len(goals)}
    return made
