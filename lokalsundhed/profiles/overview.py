"""Area health profiles on the overview: links on the numbers card for `view_aggregates`."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from lokalsundhed.core.overview import register_report_link

register_report_link("profiles:index", label=_("Health profiles, goals and dashboards"), order=40)
