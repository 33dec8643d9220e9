"""The worker's notification tasks for bridge-building as they were queued before notifications went
through the outbox (core/outbox.py): kept for tasks still in a queue at the upgrade; none are queued now."""

from __future__ import annotations

from huey.contrib.djhuey import db_task

from lokalsundhed.referrals import notifications


@db_task(retries=3, retry_delay=60)
def send_referral_sent(referral_id: int) -> None:
    notifications.referral_sent(referral_id)


@db_task(retries=3, retry_delay=60)
def send_state_changed(referral_id: int) -> None:
    notifications.state_changed(referral_id)


@db_task(retries=3, retry_delay=60)
def send_escalated(referral_id: int) -> None:
    notifications.escalated(referral_id)
