"""Worker tasks for area health profiles."""

from __future__ import annotations

from django.utils import timezone
from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from lokalsundhed.profiles import goals


@db_periodic_task(crontab(hour="3", minute="20"))
def snapshot_goals() -> int:
    """Every night: keep where each active partnership goal stands today."""
    return goals.snapshot_all(timezone.localdate())
