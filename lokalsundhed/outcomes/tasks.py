"""Worker tasks for outcome measurement."""

from __future__ import annotations

from huey.contrib.djhuey import db_periodic_task

from lokalsundhed.core.schedule import danish_crontab
from lokalsundhed.outcomes import housekeeping


@db_periodic_task(danish_crontab(minute="15", hour="10-18"))
def send_questionnaire_links() -> int:
    """Every hour in the daytime: the links to rounds that are due, and one reminder."""
    return housekeeping.send_links()


@db_periodic_task(danish_crontab(hour="3", minute="15"))
def apply_outcome_retention() -> int:
    """Every night: remove the keys from participant codes to sign-ups once no longer needed."""
    return housekeeping.apply_retention()
