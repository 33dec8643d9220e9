"""Bridge-building's sections of the overview: a reporter's referrals, a unit's queue."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.utils.translation import gettext_lazy as _

from lokalsundhed.core.overview import register_report_link, register_section
from lokalsundhed.core.permissions import Perm
from lokalsundhed.referrals.selectors import (
    QueueCounts,
    ReporterCounts,
    queue_counts,
    reporter_counts,
)


@register_section("queue", order=10, template="referrals/overview/queue.html")
def _queue(user: Any, now: datetime) -> QueueCounts | None:
    return queue_counts(user, now) if user.has_role_perm(Perm.WORK_REFERRALS) else None


@register_section("reports", order=20, template="referrals/overview/reports.html",
                  lead_template="referrals/overview/reports_lead.html")
def _reports(user: Any, now: datetime) -> ReporterCounts | None:
    return reporter_counts(user, now) if user.has_role_perm(Perm.REPORT_OBSERVATION) else None


register_report_link("referrals:numbers", label=_("Bridge-building in numbers"), order=10)
