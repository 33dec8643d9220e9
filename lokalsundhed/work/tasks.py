"""Worker tasks for small steps into work."""

from __future__ import annotations

from huey.contrib.djhuey import db_periodic_task

from lokalsundhed.core.schedule import danish_crontab
from lokalsundhed.work import housekeeping


@db_periodic_task(danish_crontab(hour="3", minute="10"))
def apply_work_retention() -> int:
    """Every night: anonymise residents' interests past their retention."""
    return housekeeping.apply_retention()
