"""The worker's schedule, in Danish time.

huey matches a periodic task's crontab against UTC (its default `utc=True`, which also keeps the
times of queued tasks unambiguous), so `crontab(hour="9-18")` reminded residents at 10–19 in
winter and 11–20 in summer. `danish_crontab` takes the same fields and matches them against the
time in `settings.TIME_ZONE` (Europe/Copenhagen). Nightly tasks are set after 03:00: the hour
from 02:00 is missing on the last Sunday of March and comes twice on the last Sunday of October.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

from django.utils import timezone
from huey import crontab


def danish_crontab(**fields: str) -> Callable[[datetime], bool]:
    """huey's `crontab(minute=…, hour=…, day=…, month=…, day_of_week=…)`, read in Danish time."""
    matches = crontab(**fields)

    def validate(timestamp: datetime) -> bool:
        # huey asks with naive UTC (utc=True); an aware time is taken as it is.
        aware = timestamp if timestamp.tzinfo else timestamp.replace(tzinfo=UTC)
        return bool(matches(timezone.localtime(aware, timezone.get_default_timezone()).replace(tzinfo=None)))

    return validate
