"""Worker tasks for competence development."""

from __future__ import annotations

from huey.contrib.djhuey import db_periodic_task

from lokalsundhed.core.schedule import danish_crontab
from lokalsundhed.training import reminders


@db_periodic_task(danish_crontab(hour="7", minute="15"))
def remind_refreshers() -> int:
    """Every morning: remind people whose training runs out soon."""
    return reminders.send_refresher_reminders()
