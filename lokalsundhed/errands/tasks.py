"""Worker tasks for practical help."""

from __future__ import annotations

from huey.contrib.djhuey import db_periodic_task

from lokalsundhed.core.schedule import danish_crontab
from lokalsundhed.errands import housekeeping


@db_periodic_task(danish_crontab(hour="3", minute="50"))
def apply_errand_retention() -> int:
    """Every night: remove residents' details from errands finished long ago."""
    return housekeeping.apply_retention()
