"""The logged-in overview: for each role a person holds, what needs them now — in counts, from
the apps' selectors, each through the scoping helper and counted by the database. Counts only:
no resident's name or address reaches this page."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.db.models import Count, Q, Window
from django.utils import timezone

from lokalsundhed.accounts.permissions import Perm
from lokalsundhed.core.access import scoped
from lokalsundhed.directory.queries import stale_service_count
from lokalsundhed.directory.scopes import editable_municipality_ids
from lokalsundhed.errands.selectors import ErrandCounts, errand_counts
from lokalsundhed.offers.models import Offer, Session
from lokalsundhed.offers.scopes import offer_q
from lokalsundhed.referrals.selectors import (
    QueueCounts,
    ReporterCounts,
    queue_counts,
    reporter_counts,
)

# How far ahead a runner of offers sees their sessions.
UPCOMING_DAYS = 7


@dataclass(frozen=True)
class UpcomingSessions:
    count: int
    next: Session | None  # with its offer
    days: int = UPCOMING_DAYS


def upcoming_sessions(user: Any, now: datetime, days: int = UPCOMING_DAYS) -> UpcomingSessions:
    """Sessions of the offers the user organises or facilitates (among those they run) that are
    under way or start within `days`, not cancelled. One query: the first session, with its offer
    and the number of them all (a window count)."""
    organised = Offer.organisers.through.objects.filter(user_id=user.pk).values("offer_id")
    first = (
        scoped(user, Session)
        .filter(offer_q(user, Perm.RUN_OFFERS, prefix="offer__"))
        .filter(Q(offer__facilitator=user) | Q(offer_id__in=organised))
        .filter(cancelled_at__isnull=True, offer__archived_at__isnull=True, ends_at__gt=now,
                starts_at__lt=now + timedelta(days=days))
        .select_related("offer")
        .only("starts_at", "ends_at", "offer__title")
        .annotate(total=Window(Count("pk")))
        .order_by("starts_at", "pk")
        .first()
    )
    return UpcomingSessions(count=first.total if first else 0, next=first, days=days)


@dataclass(frozen=True)
class Overview:
    """One section per role; None (or False) where the person does not hold the role."""

    reports: ReporterCounts | None = None  # report_observation
    queue: QueueCounts | None = None  # work_referrals
    errands: ErrandCounts | None = None  # work_errands
    sessions: UpcomingSessions | None = None  # run_offers
    numbers: bool = False  # view_aggregates
    stale_services: int | None = None  # manage_directory in a municipality

    @property
    def has_sections(self) -> bool:
        return any([self.reports, self.queue, self.errands, self.sessions, self.numbers,
                    self.stale_services is not None])


def overview_for(user: Any, now: datetime | None = None) -> Overview:
    """The sections of the overview the user's roles call for: at most one query each."""
    now = now or timezone.now()
    return Overview(
        reports=reporter_counts(user, now) if user.has_role_perm(Perm.REPORT_OBSERVATION) else None,
        queue=queue_counts(user, now) if user.has_role_perm(Perm.WORK_REFERRALS) else None,
        errands=errand_counts(user) if user.has_role_perm(Perm.WORK_ERRANDS) else None,
        sessions=upcoming_sessions(user, now) if user.has_role_perm(Perm.RUN_OFFERS) else None,
        numbers=user.has_role_perm(Perm.VIEW_AGGREGATES),
        stale_services=(stale_service_count(user, timezone.localdate(now))
                        if editable_municipality_ids(user) else None),
    )
