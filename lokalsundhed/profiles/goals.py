"""Partnership goals and their history: today's snapshot of each active goal is taken by the
worker every night and, if it has not been taken yet, when the goals are viewed; the page
then reads the snapshots (two queries, however many goals)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from lokalsundhed.core import figures
from lokalsundhed.profiles import indicators, services
from lokalsundhed.profiles.models import Goal, GoalSnapshot

HISTORY_DAYS = 400


@dataclass(frozen=True)
class GoalProgress:
    goal: Goal
    latest: GoalSnapshot | None
    history: list[GoalSnapshot]

    @property
    def indicator_label(self) -> Any:
        found = indicators.get(self.goal.indicator)
        return found.label if found else self.goal.indicator

    @property
    def status(self) -> str:
        """"on_track", "behind" or "unknown" (too few to show, or not measured yet)."""
        if self.latest is None or self.latest.on_track is None:
            return "unknown"
        return "on_track" if self.latest.on_track else "behind"

    @property
    def share_done(self) -> float | None:
        if self.latest is None or self.latest.value is None:
            return None
        return int(figures.rounded(100 * (self.latest.value - self.goal.baseline) / (self.goal.target - self.goal.baseline)))


def active_goals(partnership: Any) -> list[Goal]:
    return list(Goal.objects.filter(partnership=partnership, archived_at__isnull=True))


def progress_for(partnership: Any, *, today: date, actor: Any | None) -> list[GoalProgress]:
    """Each active goal with its latest snapshot and history; today's snapshot taken if missing."""
    goals = active_goals(partnership)
    snapshots: dict[int, list[GoalSnapshot]] = defaultdict(list)
    for snapshot in GoalSnapshot.objects.filter(goal__in=[g.pk for g in goals],
                                                taken_on__gte=today - timedelta(days=HISTORY_DAYS)).order_by("taken_on"):
        snapshots[snapshot.goal_id].append(snapshot)
    missing = [g for g in goals if not snapshots[g.pk] or snapshots[g.pk][-1].taken_on != today]
    for snapshot in services.snapshot_goals(missing, today=today, actor=actor):
        snapshots[snapshot.goal_id].append(snapshot)
    return [GoalProgress(g, snapshots[g.pk][-1] if snapshots[g.pk] else None, snapshots[g.pk]) for g in goals]


def snapshot_all(today: date) -> int:
    """Every active goal's snapshot for today (the worker's nightly run)."""
    goals = list(Goal.objects.filter(archived_at__isnull=True, starts_on__lte=today))
    return len(services.snapshot_goals(goals, today=today, actor=None))
