"""Queue notifications on the worker; the request never waits for mail or SMS. The services
call these (not the tasks) so that a caller may hold notifications back (the demo's history)."""

from __future__ import annotations

from lokalsundhed.referrals import notification_tasks


def notify_sent(referral_id: int) -> None:
    notification_tasks.send_referral_sent(referral_id)


def notify_state_changed(referral_id: int) -> None:
    notification_tasks.send_state_changed(referral_id)


def notify_escalated(referral_id: int) -> None:
    notification_tasks.send_escalated(referral_id)
