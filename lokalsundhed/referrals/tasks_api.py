"""Notifications go through the outbox: written in the change's transaction, sent by the worker
after the commit (the request never waits for mail or SMS, and a crash loses none). The services
call these (not the outbox) so that a caller may hold notifications back (the demo's history)."""

from __future__ import annotations

from lokalsundhed.core import outbox


def notify_sent(referral_id: int) -> None:
    outbox.add("referrals.sent", referral_id)


def notify_state_changed(referral_id: int) -> None:
    outbox.add("referrals.state_changed", referral_id)


def notify_escalated(referral_id: int) -> None:
    outbox.add("referrals.escalated", referral_id)
