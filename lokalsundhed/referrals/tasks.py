"""Worker tasks for bridge-building."""

from __future__ import annotations

from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task

from lokalsundhed.referrals import housekeeping, notifications


@db_task(retries=3, retry_delay=60)
def send_referral_sent(referral_id: int) -> None:
    notifications.referral_sent(referral_id)


@db_task(retries=3, retry_delay=60)
def send_state_changed(referral_id: int) -> None:
    notifications.state_changed(referral_id)


@db_task(retries=3, retry_delay=60)
def send_escalated(referral_id: int) -> None:
    notifications.escalated(referral_id)


@db_periodic_task(crontab(minute="*/5"))
def escalate_overdue_referrals() -> int:
    """Every five minutes: escalate unclaimed referrals past their deadline."""
    return housekeeping.escalate_overdue()


@db_periodic_task(crontab(hour="2", minute="30"))
def apply_referral_retention() -> int:
    """Every night: anonymise personal data whose retention period has ended."""
    return housekeeping.apply_retention()
