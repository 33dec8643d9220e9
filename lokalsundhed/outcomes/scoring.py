"""Scoring the instruments, by their published definitions.

- WHO-5: five items 0–5; score = raw sum × 4, on 0–100. A WHO-5 with an unanswered item has no
  score. ≤ 50: reduced well-being; ≤ 28: likely depression; a change of 10 points is clinically
  relevant.
- UCLA-3: three items 1–3 (1 hardly ever … 3 often); sum 3–9; ≥ 7: severe loneliness (as in the
  Danish National Health Profile). No score with an unanswered item.
- Self-rated health: one item, 1 excellent … 5 poor.
- Alone though wanting company: one item, 1 yes, often … 4 no.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

WHO5_ITEMS = 5
WHO5_MULTIPLIER = 4
WHO5_REDUCED = 50  # at or below: reduced well-being
WHO5_DEPRESSION = 28  # at or below: likely depression
WHO5_RELEVANT_CHANGE = 10
UCLA3_ITEMS = 3
UCLA3_SEVERE = 7  # at or above: severe loneliness

Values = Sequence[int | None]


def _complete(values: Values, count: int, low: int, high: int) -> list[int] | None:
    if len(values) != count or any(v is None for v in values):
        return None
    checked = [int(v) for v in values if v is not None]
    if any(not low <= v <= high for v in checked):
        raise ValueError(f"an answer outside {low}–{high}: {list(values)}")
    return checked


def who5(values: Values) -> int | None:
    """The WHO-5 score on 0–100, or None when any of the five items is unanswered."""
    items = _complete(values, WHO5_ITEMS, 0, 5)
    return None if items is None else sum(items) * WHO5_MULTIPLIER


def ucla3(values: Values) -> int | None:
    """The UCLA-3 sum 3–9, or None when any item is unanswered."""
    items = _complete(values, UCLA3_ITEMS, 1, 3)
    return None if items is None else sum(items)


def single(value: int | None, low: int, high: int) -> int | None:
    if value is None:
        return None
    if not low <= value <= high:
        raise ValueError(f"an answer outside {low}–{high}: {value}")
    return value


def srh(value: int | None) -> int | None:
    return single(value, 1, 5)


def alone(value: int | None) -> int | None:
    return single(value, 1, 4)


@dataclass(frozen=True)
class Scores:
    who5: int | None
    ucla3: int | None
    srh: int | None
    alone: int | None

    @property
    def reduced_well_being(self) -> bool | None:
        return None if self.who5 is None else self.who5 <= WHO5_REDUCED

    @property
    def likely_depression(self) -> bool | None:
        return None if self.who5 is None else self.who5 <= WHO5_DEPRESSION

    @property
    def severe_loneliness(self) -> bool | None:
        return None if self.ucla3 is None else self.ucla3 >= UCLA3_SEVERE


def score(answers: Mapping[str, Values]) -> Scores:
    """All scores from the answers by instrument code (each a list of item values in order)."""
    return Scores(
        who5=who5(answers.get("who5", [])) if answers.get("who5") else None,
        ucla3=ucla3(answers.get("ucla3", [])) if answers.get("ucla3") else None,
        srh=srh((answers.get("srh") or [None])[0]),
        alone=alone((answers.get("alone") or [None])[0]),
    )


def relevant_change(before: int, after: int) -> int:
    """+1 when WHO-5 rose by at least 10 points, -1 when it fell by at least 10, else 0."""
    change = after - before
    if change >= WHO5_RELEVANT_CHANGE:
        return 1
    if change <= -WHO5_RELEVANT_CHANGE:
        return -1
    return 0
