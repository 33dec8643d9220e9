"""Forms for bridge-building. Every text field refuses CPR numbers (GuardedForm)."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from lokalsundhed.core.forms import SUMMARISED_FORM, GuardedForm
from lokalsundhed.organisations.models import Dwelling
from lokalsundhed.referrals.models import Consent, LegalBasis, Referral, Sign, Urgency


class ObservationForm(GuardedForm):
    dwelling = forms.ModelChoiceField(
        label=_("Address"),
        queryset=Dwelling.objects.none(),
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose the resident's address."),
                        "invalid_choice": _("Choose an address from your own estates.")},
    )
    resident_first_name = forms.CharField(
        label=_("Resident's first name (optional)"),
        max_length=60,
        required=False,
        help_text=_("First name only. Never a CPR number."),
    )
    signs = forms.ModelMultipleChoiceField(
        label=_("What have you noticed?"),
        queryset=Sign.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Tick at least one sign.")},
    )
    description = forms.CharField(
        label=_("Anything else the municipality should know? (optional)"),
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Describe what you saw, briefly. No CPR number, no diagnoses you have guessed."),
    )
    consent = forms.ChoiceField(
        label=_("Has the resident agreed that the municipality contacts them?"),
        choices=Consent.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Say whether the resident agreed.")},
    )
    legal_basis = forms.ModelChoiceField(
        label=_("Legal basis for sending without consent"),
        queryset=LegalBasis.objects.filter(is_active=True),
        required=False,
        widget=forms.RadioSelect,
    )
    legal_basis_reason = forms.CharField(
        label=_("Why does the legal basis apply?"),
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    # Generated with the form and sent with it: the same form sent twice files one observation.
    idempotency_key = forms.UUIDField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args: Any, dwellings: QuerySet[Dwelling], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["dwelling"]).queryset = dwellings.select_related("estate")
        signs = cast(forms.ModelMultipleChoiceField, self.fields["signs"])
        signs.queryset = Sign.objects.filter(is_active=True).select_related("category")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        consent, basis = data.get("consent"), data.get("legal_basis")
        if consent == Consent.YES:
            data["legal_basis"], data["legal_basis_reason"] = None, ""
        elif basis is not None and not (data.get("legal_basis_reason") or "").strip():
            self.add_error("legal_basis_reason", _("Explain why the legal basis applies, or choose no legal basis."))
        return data

    @property
    def will_be_sent(self) -> bool:
        data = getattr(self, "cleaned_data", {})
        return data.get("consent") == Consent.YES or data.get("legal_basis") is not None


class QueueFilterForm(forms.Form):
    """Filters of the receiving units' queue (no free text)."""

    urgency = forms.ChoiceField(label=_("Urgency"), required=False, choices=[("", _("All"))] + Urgency.choices)
    state = forms.ChoiceField(
        label=_("State"),
        required=False,
        choices=[("open", _("Open (sent or received)")), ("new", _("New, not yet claimed")), ("mine", _("Claimed by me")),
                 ("claimed", _("Claimed by me, not taken over yet")), ("overdue", _("Overdue")),
                 ("", _("All"))] + Referral.State.choices,
    )
    older_than_days = forms.IntegerField(label=_("Older than (days)"), required=False, min_value=0, max_value=365)


class TakeOverForm(GuardedForm):
    template_name = SUMMARISED_FORM

    status_text = forms.CharField(
        label=_("Status for the reporter"),
        max_length=200,
        required=False,
        help_text=_("Short and without details about the resident, e.g. 'We have made contact'."),
    )


class CloseForm(GuardedForm):
    template_name = SUMMARISED_FORM

    outcome = forms.ChoiceField(label=_("Outcome"), choices=Referral.Outcome.choices, widget=forms.RadioSelect)
    status_text = forms.CharField(
        label=_("Status for the reporter"),
        max_length=200,
        required=False,
        help_text=_("Short and without details about the resident."),
    )


class ReturnForm(GuardedForm):
    template_name = SUMMARISED_FORM

    reason = forms.CharField(
        label=_("Why is it returned?"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("The reporter sees this reason."),
    )
