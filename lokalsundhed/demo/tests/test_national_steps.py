"""The national year's capability steps run in the order they were registered, each moved after
the steps whose rows it reads (`register_step(..., after=...)`)."""

from __future__ import annotations

import pytest

from lokalsundhed.demo import (
    national,  # noqa: F401  (registers every step)
    national_activity,
)
from lokalsundhed.demo.national_activity import steps


def test_the_goals_are_set_after_the_steps_they_measure():
    names = [name for name, _step in steps()]
    for before in ("measured courses", "training enrolments", "interests in work"):
        assert names.index(before) < names.index("goal snapshots")


def test_a_step_waits_for_a_later_registered_one_and_the_others_keep_their_order(monkeypatch):
    def step(activity):
        return 0

    monkeypatch.setattr(national_activity, "_STEPS", {"a": step, "goals": step, "b": step, "c": step})
    monkeypatch.setattr(national_activity, "_AFTER", {"a": (), "goals": ("c",), "b": (), "c": ()})
    assert [name for name, _step in steps()] == ["a", "b", "c", "goals"]


def test_a_step_named_but_not_registered_is_refused(monkeypatch):
    monkeypatch.setattr(national_activity, "_STEPS", {"goals": lambda activity: 0})
    monkeypatch.setattr(national_activity, "_AFTER", {"goals": ("training",)})
    with pytest.raises(LookupError, match="training"):
        steps()
