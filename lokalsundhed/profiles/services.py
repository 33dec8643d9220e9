"""Every write of area health profiles: importing statistics tables, residents of an estate,
a partnership's theme of the year, its goals and their snapshots. Each takes `actor` (None for
the worker and management commands), runs in one transaction and writes the access log."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_noop

from lokalsundhed.audit.models import Action
from lokalsundhed.audit.services import record
from lokalsundhed.organisations.models import Estate, Partnership
from lokalsundhed.profiles.dst import AGE, AREA, TIME, BadTable, ParsedTable
from lokalsundhed.profiles.models import (
    EstateResidents,
    Goal,
    GoalSnapshot,
    PartnershipYear,
    StatisticsCell,
    StatisticsTable,
)

BATCH = 5000


@dataclass(frozen=True)
class Imported:
    table: StatisticsTable
    cells: int
    replaced: bool


def import_table(parsed: ParsedTable, *, actor: Any | None, label: str = "") -> Imported:
    """Store a parsed table; a newer version of a table replaces the old one whole. An older
    version than the one stored is refused (BadTable), and nothing changes."""
    with transaction.atomic():
        existing = StatisticsTable.objects.select_for_update().filter(table_id=parsed.table_id).first()
        if existing and existing.updated and parsed.updated and parsed.updated < existing.updated:
            raise BadTable(
                f"{parsed.table_id} in the file was updated {parsed.updated:%Y-%m-%d %H:%M}, "
                f"older than the stored version of {existing.updated:%Y-%m-%d %H:%M}; nothing was changed"
            )
        table = existing or StatisticsTable(table_id=parsed.table_id)
        if existing:
            existing.cells.all().delete()
        table.label = label or parsed.label
        table.source = parsed.source
        table.updated = parsed.updated
        table.dimension_ids = [d.id for d in parsed.dimensions]
        table.dimensions = {d.id: {"label": d.label, "categories": [list(c) for c in d.categories]}
                            for d in parsed.dimensions}
        table.roles = parsed.roles
        table.units = parsed.units
        table.source_format = parsed.source_format
        table.imported_at = timezone.now()
        table.imported_by = actor if getattr(actor, "pk", None) else None
        table.save()
        ids = table.dimension_ids
        position = {name: ids.index(name) if name in ids else None for name in (AREA, AGE, TIME)}

        def pick(codes: tuple[str, ...], name: str) -> str:
            i = position[name]
            return codes[i] if i is not None else ""

        StatisticsCell.objects.bulk_create(
            (
                StatisticsCell(table=table, key="|".join(codes), codes=dict(zip(ids, codes, strict=True)),
                               area=pick(codes, AREA), age=pick(codes, AGE), period=pick(codes, TIME),
                               value=value, status=status)
                for codes, value, status in parsed.cells
            ),
            batch_size=BATCH,
        )
        record(actor=actor, action=Action.CREATE, obj=table, purpose=gettext_noop("statistics table imported (%s cells)") % len(parsed.cells),
               actor_label="" if getattr(actor, "pk", None) else "import_statistics")
    return Imported(table=table, cells=len(parsed.cells), replaced=existing is not None)


def set_residents(estate: Estate, *, as_of: date, counts: dict[str, int], actor: Any) -> EstateResidents:
    """Record how many live in the estate by age band on a date (replacing that date's count)."""
    with transaction.atomic():
        row, _created = EstateResidents.objects.update_or_create(estate=estate, as_of=as_of, defaults=counts)
        record(actor=actor, action=Action.CHANGE, obj=row, organisation_id=estate.housing_organisation_id,
               purpose=gettext_noop("residents of the estate"))
    return row


def set_theme(partnership: Partnership, *, year: int, theme: str, actor: Any) -> PartnershipYear:
    """The partnership's theme of the year; the partnership's current theme follows the newest year."""
    with transaction.atomic():
        row, _created = PartnershipYear.objects.update_or_create(
            partnership=partnership, year=year, defaults={"theme": theme, "created_by": actor}
        )
        if not PartnershipYear.objects.filter(partnership=partnership, year__gt=year).exists():
            Partnership.objects.filter(pk=partnership.pk).update(yearly_theme=theme)
        record(actor=actor, action=Action.CHANGE, obj=row, organisation_id=partnership.municipality_id,
               purpose=gettext_noop("theme of the year"))
    return row


@dataclass(frozen=True)
class GoalInput:
    year: int
    recommendation: str
    indicator: str
    title: str
    baseline: float
    target: float
    starts_on: date
    target_date: date


def create_goal(partnership: Partnership, data: GoalInput, *, actor: Any) -> Goal:
    with transaction.atomic():
        goal = Goal.objects.create(partnership=partnership, created_by=actor, **data.__dict__)
        record(actor=actor, action=Action.CREATE, obj=goal, organisation_id=partnership.municipality_id,
               purpose=gettext_noop("partnership goal"))
    return goal


def archive_goal(goal: Goal, *, actor: Any) -> Goal:
    """Goals are archived, not deleted: their history stays. Archiving twice changes nothing."""
    if goal.archived_at is not None:
        return goal
    with transaction.atomic():
        goal.archived_at = timezone.now()
        goal.save(update_fields=["archived_at"])
        record(actor=actor, action=Action.CHANGE, obj=goal, organisation_id=goal.partnership.municipality_id,
               purpose=gettext_noop("partnership goal archived"))
    return goal


def snapshot_goals(goals: list[Goal], *, today: date, actor: Any | None) -> list[GoalSnapshot]:
    """Write (or refresh) today's snapshot of each goal: its indicator's value, what was
    expected by today on a straight line from baseline to target, and whether it is on track."""
    from lokalsundhed.profiles.progress import measure_goal

    snapshots = []
    with transaction.atomic():
        for goal in goals:
            progress = measure_goal(goal, today=today)
            snapshot, _created = GoalSnapshot.objects.update_or_create(
                goal=goal, taken_on=today,
                defaults={"value": progress.value, "n": progress.n, "expected": progress.expected,
                          "on_track": progress.on_track},
            )
            snapshots.append(snapshot)
        if goals:
            record(actor=actor, action=Action.CREATE, object_type="profiles.goalsnapshot",
                   object_id=",".join(str(g.pk) for g in goals)[:60], purpose=gettext_noop("goal progress snapshot"),
                   actor_label="" if getattr(actor, "pk", None) else gettext_noop("background worker"))
    return snapshots
