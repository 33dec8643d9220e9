"""Competence development in the catalogue of indicators (profiles/indicators.py), for the
profiles and partnership goals: the share of front-line staff (caretakers and housing social
workers posted in the estates) trained in early detection and bridging — and not due a
refresher — at the end of the period. One SQL aggregate (`selectors.coverage_counts`);
suppressed under five and when it would give away a group of one to four."""

from __future__ import annotations

from datetime import date, timedelta
from typing import TYPE_CHECKING

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lokalsundhed.profiles.indicators import Measure, Unit, register_indicator, share
from lokalsundhed.training import selectors
from lokalsundhed.training.models import Theme

if TYPE_CHECKING:
    from django.db.models import QuerySet

    from lokalsundhed.organisations.models import Estate

GROUP = "competence"
THEME = Theme.EARLY_DETECTION


def staff_trained_share(estates: QuerySet[Estate] | None, start: date, end: date) -> Measure:
    """Front-line staff posted in the estates (None: in any estate) trained in the theme on the
    last day of the period (today, if the period runs on). One query."""
    on = min(end - timedelta(days=1), timezone.localdate())
    if estates is None:
        from lokalsundhed.organisations.models import Estate

        estates = Estate.objects.all()
    trained, staff = selectors.coverage_counts(theme=THEME, on=on, estate_ids=estates.values("pk"))
    return share(trained, staff)


register_indicator("staff_trained_share", label=_("Front-line staff trained in early detection and bridging, share"),
                   unit=Unit.PERCENT, compute=staff_trained_share, group=GROUP, order=85)
