"""The logged-in overview: for each role a person holds, what needs them now — in counts, from
the apps' selectors, each through the scoping helper and counted by the database. Counts only:
no resident's name or address reaches this page."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.utils import timezone

from lokalsundhed.accounts.permissions import Perm
from lokalsundhed.directory.queries import stale_service_count
from lokalsundhed.directory.scopes import editable_municipality_ids
from lokalsundhed.errands.selectors import ErrandCounts, errand_counts
from lokalsundhed.offers.selectors import UpcomingSessions, upcoming_sessions
from lokalsundhed.referrals.selectors import (
    QueueCounts,
    ReporterCounts,
    queue_counts,
    reporter_counts,
)


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
