"""A goal's progress: its indicator measured from the goal's start until today (the SQL
aggregate of the indicator), against a straight line from baseline to target.

On track: the value has gone at least as far towards the target as the line says it should
have by today (for a goal to bring a figure down, as far down). Unknown (None) while the
figure rests on too few people to be shown.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from lokalsundhed.core import figures
from lokalsundhed.organisations.models import Estate
from lokalsundhed.profiles import indicators
from lokalsundhed.profiles.models import Goal


@dataclass(frozen=True)
class Progress:
    value: float | None
    n: int
    expected: float
    on_track: bool | None
    share_done: float | None  # 0–100+: how far from baseline to target the value has come


def expected_by(goal: Goal, today: date) -> float:
    """Where the straight line from baseline (at the start) to target (at the date) is today."""
    span = (goal.target_date - goal.starts_on).days
    elapsed = min(max((today - goal.starts_on).days, 0), span)
    return goal.baseline + (goal.target - goal.baseline) * elapsed / span


def judge(goal: Goal, value: float | None, expected: float) -> tuple[bool | None, float | None]:
    if value is None:
        return None, None
    rising = goal.target > goal.baseline
    on_track = value >= expected if rising else value <= expected
    done = 100 * (value - goal.baseline) / (goal.target - goal.baseline)
    return on_track, float(figures.rounded(done, 1))


def measure_goal(goal: Goal, *, today: date) -> Progress:
    indicator = indicators.get(goal.indicator)
    # Kept as it is: the goals table rounds it once, half-up, where it is shown.
    expected = expected_by(goal, today)
    if indicator is None:
        return Progress(None, 0, expected, None, None)
    estates = Estate.objects.filter(partnerships=goal.partnership_id)
    end = min(today, goal.target_date)
    measure = indicator.measure(estates, goal.starts_on, date.fromordinal(end.toordinal() + 1))
    value = measure.shown_value
    on_track, done = judge(goal, value, expected)
    return Progress(value, measure.n, expected, on_track, done)
