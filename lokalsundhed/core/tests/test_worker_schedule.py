"""The worker's schedule is Danish time, as docs/operations.md says: huey matches a periodic task's
crontab against UTC, so reminders meant for 9–18 went to residents at 10–19 in winter and 11–20
in summer, and the night's retention ran an hour or two later than written."""

from __future__ import annotations

import ast
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings
from django.utils.module_loading import autodiscover_modules
from huey.contrib.djhuey import HUEY

COPENHAGEN = ZoneInfo("Europe/Copenhagen")


@pytest.fixture(scope="module", autouse=True)
def _tasks():
    autodiscover_modules("tasks")  # as the worker does when it starts


def _started(utc: datetime) -> list[str]:
    """The names of the periodic tasks the worker starts at this naive UTC time, as huey asks."""
    return [task.name.rsplit(".", 1)[-1] for task in HUEY.read_periodic(utc)]


def _due(local: datetime) -> set[str]:
    """The periodic tasks the worker starts at this Danish time."""
    return set(_started(local.astimezone(UTC).replace(tzinfo=None)))


@pytest.mark.parametrize("day", [datetime(2027, 1, 12, tzinfo=COPENHAGEN),
                                 datetime(2027, 7, 12, tzinfo=COPENHAGEN)], ids=["winter", "summer"])
def test_residents_are_reminded_in_danish_daytime(day):
    assert "remind_tomorrows_participants" in _due(day.replace(hour=9))
    assert "remind_tomorrows_participants" in _due(day.replace(hour=18))
    assert "remind_tomorrows_participants" not in _due(day.replace(hour=19))
    assert "remind_tomorrows_participants" not in _due(day.replace(hour=8))
    assert "ask_no_shows" in _due(day.replace(hour=9, minute=30))
    assert "send_questionnaire_links" in _due(day.replace(hour=10, minute=15))
    assert "send_questionnaire_links" not in _due(day.replace(hour=19, minute=15))
    assert "apply_referral_retention" in _due(day.replace(hour=3, minute=30))


@pytest.mark.parametrize("day", [datetime(2027, 3, 28, tzinfo=UTC), datetime(2027, 10, 31, tzinfo=UTC),
                                 datetime(2027, 6, 1, tzinfo=UTC)],
                         ids=["clocks-forward", "clocks-back", "ordinary"])
def test_every_nightly_task_runs_once_on_the_days_the_clocks_change(day):
    """The hour from 02:00 is missing on the last Sunday of March and there twice on the last Sunday
    of October; the night's tasks run later than that, each once a day."""
    runs: dict[str, int] = {}
    minutes = 0
    minute = (day - timedelta(hours=2)).replace(tzinfo=None)  # the Danish day, in UTC minutes
    for _ in range(25 * 60):
        local = minute.replace(tzinfo=UTC).astimezone(COPENHAGEN)
        if local.date() == day.date():
            minutes += 1
            for name in _started(minute):
                runs[name] = runs.get(name, 0) + 1
        minute += timedelta(minutes=1)
    daily = ["apply_referral_retention", "apply_offer_retention", "apply_errand_retention", "apply_work_retention",
             "apply_outcome_retention", "snapshot_goals", "flag_stale_services", "remind_refreshers",
             "remind_certificates", "apply_volunteer_retention", "prune_login_attempts",
             "clear_expired_sessions", "prune_webhook_deliveries"]
    assert {name: runs.get(name) for name in daily} == dict.fromkeys(daily, 1)
    assert runs["remind_tomorrows_participants"] == 10  # 9, 10 … 18
    assert runs["seal_access_log"] == minutes  # every minute of a day of 23, 25 or 24 hours
    assert minutes == {3: 23, 10: 25}.get(day.month, 24) * 60


def test_no_task_is_scheduled_on_hueys_utc_crontab():
    """Every periodic task takes its times from `core.schedule.danish_crontab`."""
    offenders = []
    for path in Path(settings.BASE_DIR, "lokalsundhed").rglob("*.py"):
        if "tests" in path.parts or path.name == "schedule.py":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module == "huey" and any(
                    alias.name == "crontab" for alias in node.names):
                offenders.append(str(path))
    assert not offenders, f"huey's crontab is UTC; use core.schedule.danish_crontab in {offenders}"
