"""Reads of bridge-building that several pages share: the queue's state filters, and the counts
the overview shows a reporter and a receiving unit's worker. Always through `scoped()`; counted
by the database, one aggregate query each."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.db.models import Count, Q

from lokalsundhed.core.access import scoped
from lokalsundhed.referrals.models import Observation, Referral

# A returned referral asks for the reporter's attention this long; after that it is history.
RETURNED_RECENT_DAYS = 30


def queue_state_q(state: str, user: Any, now: datetime) -> Q:
    """The queue's state filter (`QueueFilterForm.state`) as a condition. The overview counts with
    the same conditions, so that a figure is the number of rows its link shows."""
    if state == "open":
        return Q(state__in=Referral.OPEN_STATES)
    if state == "mine":
        return Q(claimed_by=user) & ~Q(state=Referral.State.CLOSED)
    if state == "claimed":
        return Q(claimed_by=user, state__in=Referral.OPEN_STATES)
    if state == "new":
        return Q(state__in=Referral.OPEN_STATES, claimed_by__isnull=True)
    if state == "overdue":
        # Not taken over by its deadline, whether or not someone has claimed it.
        return Q(state__in=Referral.OPEN_STATES, deadline_at__lt=now)
    if state:
        return Q(state=state)
    return Q()


@dataclass(frozen=True)
class QueueCounts:
    """What waits for a receiving unit's worker; each figure has a filter of the queue (`state`)."""

    new: int  # state=new: open and nobody has claimed it, received or not
    overdue: int  # state=overdue
    claimed: int  # state=claimed: claimed by the worker, not yet taken over


def queue_counts(user: Any, now: datetime) -> QueueCounts:
    """One aggregate query over the open referrals the worker may see: every figure is about an
    open one, and the closed years of a municipality's referrals stay unread."""
    counts = scoped(user, Referral).filter(state__in=Referral.OPEN_STATES).aggregate(
        new=Count("pk", filter=queue_state_q("new", user, now)),
        overdue=Count("pk", filter=queue_state_q("overdue", user, now)),
        claimed=Count("pk", filter=queue_state_q("claimed", user, now)),
    )
    return QueueCounts(**counts)


@dataclass(frozen=True)
class ReporterCounts:
    """The state of the referrals a reporter sent — counts only, never the case."""

    waiting: int  # sent or received: waiting for the municipality
    taken_over: int
    returned: int  # returned within `returned_days`
    returned_days: int = RETURNED_RECENT_DAYS


def reporter_counts(user: Any, now: datetime) -> ReporterCounts:
    """One aggregate query over the reporter's own observations in scope that were sent on, and
    their referrals (closed ones are counted nowhere)."""
    counted = (*Referral.OPEN_STATES, Referral.State.TAKEN_OVER, Referral.State.RETURNED)
    counts = scoped(user, Observation).filter(reported_by=user, referral__state__in=counted).aggregate(
        waiting=Count("pk", filter=Q(referral__state__in=Referral.OPEN_STATES)),
        taken_over=Count("pk", filter=Q(referral__state=Referral.State.TAKEN_OVER)),
        returned=Count("pk", filter=Q(referral__state=Referral.State.RETURNED,
                                      referral__closed_at__gte=now - timedelta(days=RETURNED_RECENT_DAYS))),
    )
    return ReporterCounts(**counts)
