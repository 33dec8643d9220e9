"""The authorization matrix's rows for area health profiles, goals and dashboards
(core/tests/test_authorization.py builds `Row`s from these) and the records they need."""

from __future__ import annotations

from datetime import date
from typing import Any

from lokalsundhed.core.pdf import pdf_unavailable_reason

# Holders of view_aggregates (and of manage_goals: the same analysts and administrators).
READERS = {"housing_admin", "housing_analyst", "municipal_admin", "municipal_analyst", "other_municipality_admin"}
# Estate A, its partnership and Fredericia: Vejle's administrator is told they do not exist.
INSIDE = READERS - {"other_municipality_admin"}
OUTSIDE = {"other_municipality_admin"}

ROWS: dict[str, dict[str, Any]] = {
    "profiles:index": {"ok": READERS},
    "profiles:estate": {"ok": INSIDE, "not_found": OUTSIDE, "kwargs": lambda w: {"pk": w.estate_a.pk}},
    "profiles:municipality": {"ok": INSIDE, "not_found": OUTSIDE, "kwargs": lambda w: {"code": "0607"}},
    "profiles:goal_list": {"ok": INSIDE, "not_found": OUTSIDE, "kwargs": lambda w: {"pk": w.partnership.pk}},
    "profiles:goal_new": {"ok": INSIDE, "not_found": OUTSIDE, "kwargs": lambda w: {"pk": w.partnership.pk}},
    "profiles:theme_set": {"ok": INSIDE, "not_found": OUTSIDE, "kwargs": lambda w: {"pk": w.partnership.pk},
                           "method": "post", "ok_status": 302},
    "profiles:goal_archive": {"ok": INSIDE, "not_found": OUTSIDE, "kwargs": lambda w: {"pk": w.goal.pk},
                              "method": "post", "ok_status": 302},
    "profiles:dashboard_partnership": {"ok": INSIDE, "not_found": OUTSIDE,
                                       "kwargs": lambda w: {"pk": w.partnership.pk}},
    "profiles:dashboard_partnership_pdf": {"ok": INSIDE, "not_found": OUTSIDE,
                                           "kwargs": lambda w: {"pk": w.partnership.pk},
                                           "ok_status": 200 if pdf_unavailable_reason() is None else 503},
    # A municipality's dashboard is for its own analysts and administrators.
    "profiles:dashboard_municipality": {"ok": {"municipal_admin", "municipal_analyst"},
                                        "not_found": {"housing_admin", "housing_analyst", "other_municipality_admin"},
                                        "kwargs": lambda w: {"pk": w.municipality_m.pk}},
}


def add_to_world(world: Any) -> None:
    """A goal of the partnership: more first-time participants this year; an imported statistics
    table (FOLK1A) for the API's public statistics route."""
    from lokalsundhed.profiles import services
    from lokalsundhed.profiles.tests.factories import FIXTURES, load

    if not getattr(world, "statistics_loaded", False):
        load(FIXTURES / "FOLK1A.json")
        world.statistics_loaded = True
    world.statistics_table_id = "FOLK1A"

    world.goal = services.create_goal(world.partnership, services.GoalInput(
        year=2025, recommendation="networks", indicator="first_time_participants", title="Flere nye deltagere",
        baseline=0, target=40, starts_on=date(2025, 1, 1), target_date=date(2025, 12, 31)),
        actor=world.users["municipal_analyst"])
