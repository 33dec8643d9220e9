"""Worker tasks for volunteers."""

from __future__ import annotations

from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from lokalsundhed.volunteers import reminders


@db_periodic_task(crontab(hour="7", minute="30"))
def remind_certificates() -> int:
    """Every morning: tell coordinators of criminal-record certificates that run out soon."""
    return reminders.remind_certificates()
