"""Outcome measurement on the overview: the report of anonymous figures, from the numbers card."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from lokalsundhed.core.overview import register_report_link

register_report_link("outcomes:report", label=_("Effect of the offers (WHO-5, loneliness, health)"), order=30)
