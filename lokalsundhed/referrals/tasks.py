"""Worker tasks for bridge-building: the periodic housekeeping here, the notifications in
`notification_tasks` (imported so that the worker's discovery of `tasks` finds them too)."""

from __future__ import annotations

from huey.contrib.djhuey import db_periodic_task

from lokalsundhed.core.schedule import danish_crontab
from lokalsundhed.referrals import housekeeping
from lokalsundhed.referrals.notification_tasks import (
    send_escalated,
    send_referral_sent,
    send_state_changed,
)

__all__ = ["apply_referral_retention", "escalate_overdue_referrals", "send_escalated", "send_referral_sent",
           "send_state_changed"]


@db_periodic_task(danish_crontab(minute="*/5"))
def escalate_overdue_referrals() -> int:
    """Every five minutes: escalate unclaimed referrals past their deadline."""
    return housekeeping.escalate_overdue()


@db_periodic_task(danish_crontab(hour="3", minute="30"))
def apply_referral_retention() -> int:
    """Every night: anonymise personal data whose retention period has ended."""
    return housekeeping.apply_retention()
