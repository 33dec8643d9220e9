"""Volunteers' section of the overview: a volunteer (a login without any staff role) is pointed
to their shifts. Staff cost no query here."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.utils.translation import gettext_lazy as _

from lokalsundhed.core.overview import register_report_link, register_section
from lokalsundhed.volunteers.models import Volunteer
from lokalsundhed.volunteers.selectors import volunteer_of


@register_section("volunteer", order=5, template="volunteers/overview/volunteer.html")
def _volunteer(user: Any, now: datetime) -> Volunteer | None:
    return None if user.active_memberships else volunteer_of(user)


register_report_link("volunteers:numbers", label=_("Volunteers in numbers"), order=50)
