"""Worker tasks of the shared plumbing: the outbox's sending, its sweep and its retention."""

from __future__ import annotations

from huey.contrib.djhuey import db_periodic_task, db_task

from lokalsundhed.core import outbox
from lokalsundhed.core.schedule import danish_crontab


@db_task()
def send_outbox_entry(entry_id: int) -> bool:
    return outbox.attempt(entry_id)


@db_periodic_task(danish_crontab(minute="*"))
def send_due_outbox_entries() -> int:
    """Every minute: the notices not sent yet whose time has come."""
    return outbox.send_due()


@db_periodic_task(danish_crontab(hour="3", minute="55"))
def prune_outbox() -> int:
    """Every night: delete the record of notices sent or given up long ago."""
    return outbox.prune()
