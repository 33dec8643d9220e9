"""Competence development's section of the overview: the module that helps a front-line worker
with what they report, in a theme they have not completed (one query)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.utils.translation import gettext_lazy as _

from lokalsundhed.core.overview import register_report_link, register_section
from lokalsundhed.core.permissions import Perm
from lokalsundhed.training.models import Module
from lokalsundhed.training.selectors import suggested_module


@register_section("training", order=35, template="training/overview/suggestion.html")
def _training(user: Any, now: datetime) -> Module | None:
    return suggested_module(user, now) if user.has_role_perm(Perm.REPORT_OBSERVATION) else None


register_report_link("training:coverage", label=_("Training coverage"), order=40)
