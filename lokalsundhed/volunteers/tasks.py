"""Worker tasks for volunteers."""

from __future__ import annotations

from huey.contrib.djhuey import db_periodic_task

from lokalsundhed.core.schedule import danish_crontab
from lokalsundhed.volunteers import housekeeping, reminders


@db_periodic_task(danish_crontab(hour="7", minute="30"))
def remind_certificates() -> int:
    """Every morning: tell coordinators of criminal-record certificates that run out soon."""
    return reminders.remind_certificates()


@db_periodic_task(danish_crontab(hour="3", minute="5"))
def apply_volunteer_retention() -> int:
    """Every night: anonymise volunteers past their retention."""
    return housekeeping.apply_retention()
