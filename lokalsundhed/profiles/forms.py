"""Forms of area health profiles: the period filter, the theme of the year, a goal."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lokalsundhed.core.forms import GuardedForm, PeriodMixin, date_picker
from lokalsundhed.profiles import indicators
from lokalsundhed.profiles.dashboards import Period
from lokalsundhed.profiles.models import Recommendation

DATE = date_picker()


class PeriodForm(PeriodMixin, GuardedForm):
    period_fields = ("start", "end")

    start = forms.DateField(label=_("From"), required=False, widget=DATE)
    end = forms.DateField(label=_("To"), required=False, widget=DATE)

    def period(self) -> Period:
        default = Period.last_months(12)
        if not self.is_valid():
            return default
        start = self.cleaned_data.get("start") or default.start
        end = self.cleaned_data.get("end") or default.last_day
        return Period(start, end + timedelta(days=1))


class ThemeForm(GuardedForm):
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    theme = forms.CharField(label=_("Theme of the year"), max_length=200)


class GoalForm(GuardedForm):
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    recommendation = forms.ChoiceField(label=_("KL/BL recommendation"), choices=Recommendation.choices)
    indicator = forms.ChoiceField(label=_("Indicator"), choices=())
    title = forms.CharField(label=_("Goal"), max_length=200)
    baseline = forms.FloatField(label=_("Baseline"))
    target = forms.FloatField(label=_("Target"))
    starts_on = forms.DateField(label=_("From"), widget=DATE)
    target_date = forms.DateField(label=_("Reached by"), widget=DATE)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["indicator"].choices = indicators.choices()  # type: ignore[attr-defined]
        today = timezone.localdate()
        self.fields["year"].initial = today.year
        self.fields["starts_on"].initial = date(today.year, 1, 1)
        self.fields["target_date"].initial = date(today.year, 12, 31)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("starts_on") and data.get("target_date") and data["target_date"] <= data["starts_on"]:
            self.add_error("target_date", _("The goal must be reached after it starts."))
        if data.get("baseline") is not None and data.get("target") is not None and data["baseline"] == data["target"]:
            self.add_error("target", _("The target must differ from the baseline."))
        return data
