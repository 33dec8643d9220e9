"""Practical help's section of the overview: open errands and the caretaker's own."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.utils.translation import gettext_lazy as _

from lokalsundhed.core.overview import register_report_link, register_section
from lokalsundhed.core.permissions import Perm
from lokalsundhed.errands.selectors import ErrandCounts, errand_counts


@register_section("errands", order=30, template="errands/overview/errands.html")
def _errands(user: Any, now: datetime) -> ErrandCounts | None:
    return errand_counts(user) if user.has_role_perm(Perm.WORK_ERRANDS) else None


register_report_link("errands:report_index", label=_("Practical help report"), order=30)
