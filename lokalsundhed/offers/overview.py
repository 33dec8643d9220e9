"""Local offers' section of the overview: the sessions a person runs in the coming days."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.utils.translation import gettext_lazy as _

from lokalsundhed.core.overview import register_report_link, register_section
from lokalsundhed.core.permissions import Perm
from lokalsundhed.offers.selectors import UpcomingSessions, upcoming_sessions


@register_section("sessions", order=40, template="offers/overview/sessions.html")
def _sessions(user: Any, now: datetime) -> UpcomingSessions | None:
    return upcoming_sessions(user, now) if user.has_role_perm(Perm.RUN_OFFERS) else None


register_report_link("offers:reach", label=_("Reach of local offers"), order=20)
