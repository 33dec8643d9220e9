"""Worker tasks for local offers."""

from __future__ import annotations

from huey.contrib.djhuey import db_periodic_task, db_task

from lokalsundhed.core.schedule import danish_crontab
from lokalsundhed.offers import housekeeping, notifications


@db_task(retries=3, retry_delay=60)
def send_message(sign_up_id: int, kind: str, session_id: int | None = None) -> None:
    """For messages queued before they went through the outbox (core/outbox.py); none are queued now."""
    notifications.send(sign_up_id, kind, session_id)


@db_periodic_task(danish_crontab(minute="0", hour="9-18"))
def remind_tomorrows_participants() -> int:
    """Every hour in the daytime: remind those with a place tomorrow (each once)."""
    return housekeeping.send_reminders()


@db_periodic_task(danish_crontab(minute="30", hour="9-18"))
def ask_no_shows() -> int:
    """Every hour in the daytime: ask those who missed a session if they want to continue."""
    return housekeeping.follow_up_no_shows()


@db_periodic_task(danish_crontab(hour="3", minute="45"))
def apply_offer_retention() -> int:
    """Every night: remove residents' details from offers that ended long ago."""
    return housekeeping.apply_retention()
