"""Forms of outcome measurement: the plan, answers from paper, a file to import, report filters.
Answers are choices, never free text; the participant code refuses CPR numbers."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from lokalsundhed.core.forms import GuardedForm, GuardedModelForm, PeriodMixin, date_picker
from lokalsundhed.outcomes.models import Instrument, MeasurementPlan, Round
from lokalsundhed.outcomes.services import CODE_PATTERN, INSTRUMENT_ORDER


class PlanForm(GuardedModelForm):
    class Meta:
        model = MeasurementPlan
        fields = ["programme", "followup_days", "send_links"]
        error_messages = {"followup_days": {"max_value": _(
            "At most %(limit_value)s days: the participants' contact details are removed half a year after "
            "the last session, and a later follow-up could not be sent.")}}


class PaperAnswersForm(GuardedForm):
    """One participant's answers in one round, from a paper questionnaire (empty: unanswered)."""

    participant = forms.RegexField(label=_("Participant code"), regex=CODE_PATTERN, max_length=32,
                                   help_text=_("The code on the paper questionnaire. A new code becomes a new "
                                               "participant."))
    round = forms.ChoiceField(label=_("Round"), choices=Round.choices)

    def __init__(self, *args: Any, instruments: dict[str, Instrument], language: str = "da", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.instruments = instruments
        for code in INSTRUMENT_ORDER:
            instrument = instruments[code]
            wording = instrument.wording(language)
            choices = [("", _("Not answered")), *[(str(v), f"{v} – {label}") for v, label in wording["options"]]]
            for number, text in enumerate(wording["items"], start=1):
                self.fields[f"{code}_{number}"] = forms.TypedChoiceField(
                    label=text, choices=choices, required=False, coerce=int, empty_value=None)

    def answers(self) -> dict[str, list[int | None]]:
        return {code: [self.cleaned_data[f"{code}_{n}"] for n in range(1, self.instruments[code].item_count + 1)]
                for code in INSTRUMENT_ORDER}


class ImportForm(forms.Form):
    file = forms.FileField(label=_("CSV file"))

    def text(self) -> str:
        upload = self.cleaned_data["file"]
        try:
            return upload.read().decode("utf-8-sig")
        except UnicodeDecodeError:
            raise forms.ValidationError(_("The file must be UTF-8 text.")) from None


class ReportFilterForm(PeriodMixin, forms.Form):
    """No free text: what to report on and when."""

    programme = forms.ChoiceField(label=_("Course type"), required=False,
                                  choices=[("", _("All")), *MeasurementPlan.Programme.choices])
    estate = forms.TypedChoiceField(label=_("Estate"), required=False, coerce=int, empty_value=None)
    partnership = forms.TypedChoiceField(label=_("Partnership"), required=False, coerce=int, empty_value=None)
    municipality = forms.TypedChoiceField(label=_("Municipality"), required=False, coerce=int, empty_value=None)
    since = forms.DateField(label=_("First session from"), required=False,
                            widget=date_picker())
    until = forms.DateField(label=_("First session to"), required=False,
                            widget=date_picker())

    def __init__(self, *args: Any, estates: Any, partnerships: Any, municipalities: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Each a list of (key, name).
        self.fields["estate"].choices = [("", _("All")), *estates]  # type: ignore[attr-defined]
        self.fields["partnership"].choices = [("", _("All")), *partnerships]  # type: ignore[attr-defined]
        self.fields["municipality"].choices = [("", _("All")), *municipalities]  # type: ignore[attr-defined]
