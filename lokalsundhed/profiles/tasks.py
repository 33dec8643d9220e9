"""Worker tasks for area health profiles."""

from __future__ import annotations

from django.utils import timezone
from huey.contrib.djhuey import db_periodic_task

from lokalsundhed.core.schedule import danish_crontab
from lokalsundhed.profiles import goals, profile
from lokalsundhed.profiles.dashboards import Period


@db_periodic_task(danish_crontab(hour="3", minute="20"))
def snapshot_goals() -> int:
    """Every night: keep where each active partnership goal stands today."""
    return goals.snapshot_all(timezone.localdate())


@db_periodic_task(danish_crontab(minute="*/10"))
def keep_country_figures() -> bool:
    """Every ten minutes: the country's column of the health profiles for their default period
    (the last twelve months), counted afresh and kept, so no reader waits for it."""
    return profile.keep_country(Period.last_months(12))
