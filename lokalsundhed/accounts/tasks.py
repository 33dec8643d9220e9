"""Worker tasks for logins."""

from __future__ import annotations

from huey.contrib.djhuey import db_periodic_task

from lokalsundhed.accounts import housekeeping
from lokalsundhed.core.schedule import danish_crontab


@db_periodic_task(danish_crontab(hour="3", minute="25"))
def prune_login_attempts() -> int:
    """Every night: delete login attempts past their retention."""
    return housekeeping.prune_login_attempts()


@db_periodic_task(danish_crontab(hour="3", minute="35"))
def clear_expired_sessions() -> None:
    """Every night: delete the sessions that have ended."""
    housekeeping.clear_expired_sessions()
