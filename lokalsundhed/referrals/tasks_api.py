"""Queue notifications on the worker; the request never waits for mail or SMS."""

from __future__ import annotations


def notify_sent(referral_id: int) -> None:
    from lokalsundhed.referrals.tasks import send_referral_sent

    send_referral_sent(referral_id)


def notify_state_changed(referral_id: int) -> None:
    from lokalsundhed.referrals.tasks import send_state_changed

    send_state_changed(referral_id)


def notify_escalated(referral_id: int) -> None:
    from lokalsundhed.referrals.tasks import send_escalated

    send_escalated(referral_id)
