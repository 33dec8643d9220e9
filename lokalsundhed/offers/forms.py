"""Forms for local offers. Every text field refuses CPR numbers (GuardedForm)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any, cast

from django import forms
from django.conf import settings
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from lokalsundhed.core.forms import GuardedForm
from lokalsundhed.offers.languages import resident_language_choices
from lokalsundhed.offers.models import Offer, Slot
from lokalsundhed.organisations.models import Estate, Facility, Partnership


class OfferForm(GuardedForm):
    kind = forms.ChoiceField(label=_("Kind"), choices=Offer.Kind.choices, widget=forms.RadioSelect)
    home = forms.ChoiceField(
        label=_("Where"), help_text=_("An estate, or a partnership (then it is for all its estates).")
    )
    facility = forms.ModelChoiceField(label=_("Room"), queryset=Facility.objects.none(), required=False)
    title = forms.CharField(label=_("Title (Danish)"), max_length=200)
    description = forms.CharField(
        label=_("Description (Danish, easy to read)"), max_length=2000, required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Short sentences. Say what happens, what it costs and what to bring."),
    )
    target_group = forms.CharField(label=_("Who it is for"), max_length=200, required=False)
    capacity = forms.IntegerField(
        label=_("Places"), min_value=1, max_value=500, required=False,
        help_text=_("Empty: no limit. When the places are taken, residents join the waiting list."),
    )
    completion_sessions = forms.IntegerField(
        label=_("Sessions needed to complete (courses)"), min_value=1, max_value=50, initial=4
    )
    first_session = forms.DateTimeField(
        label=_("First time"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
    )
    minutes = forms.IntegerField(label=_("Length (minutes)"), min_value=15, max_value=600, initial=120)
    sessions = forms.IntegerField(
        label=_("Number of times (weekly)"), min_value=1, max_value=52, initial=1,
        help_text=_("A course of 6 sessions: 6. A weekly café for two months: 8."),
    )
    slot_minutes = forms.IntegerField(
        label=_("Length of each booking (outreach hours)"), min_value=5, max_value=120, initial=15, required=False
    )

    def __init__(self, *args: Any, estates: QuerySet[Estate], partnerships: QuerySet[Partnership],
                 facilities: QuerySet[Facility], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._estates = {str(e.pk): e for e in estates}
        self._partnerships = {str(p.pk): p for p in partnerships}
        cast(forms.ChoiceField, self.fields["home"]).choices = [
            (_("Estates"), [(f"estate-{pk}", e.name) for pk, e in self._estates.items()]),
            (_("Partnerships"), [(f"partnership-{pk}", p.name) for pk, p in self._partnerships.items()]),
        ]
        facility = cast(forms.ModelChoiceField, self.fields["facility"])
        facility.queryset = facilities.select_related("estate")
        facility.label_from_instance = lambda f: f"{f.name} ({f.estate.name})"  # type: ignore[method-assign,assignment]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        home = data.get("home") or ""
        kind, _sep, pk = home.partition("-")
        data["estate"] = self._estates.get(pk) if kind == "estate" else None
        data["partnership"] = self._partnerships.get(pk) if kind == "partnership" else None
        if home and data["estate"] is None and data["partnership"] is None:
            self.add_error("home", _("Choose one of your estates or partnerships."))
        if data.get("kind") == Offer.Kind.OUTREACH and not data.get("slot_minutes"):
            self.add_error("slot_minutes", _("Say how long each booking is."))
        return data

    @property
    def duration(self) -> timedelta:
        return timedelta(minutes=self.cleaned_data["minutes"])


class TranslationForm(GuardedForm):
    language = forms.ChoiceField(label=_("Language"))
    title = forms.CharField(label=_("Title"), max_length=200)
    description = forms.CharField(label=_("Description"), max_length=2000, required=False,
                                  widget=forms.Textarea(attrs={"rows": 4}))
    target_group = forms.CharField(label=_("Who it is for"), max_length=200, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["language"]).choices = [
            (code, name) for code, name in resident_language_choices() if code != settings.LANGUAGE_CODE
        ]


class SignUpForm(GuardedForm):
    """The minimum a resident gives: a first name and a mobile number or an e-mail address."""

    slot = forms.ModelChoiceField(
        label=_("Choose a time"), queryset=Slot.objects.none(), required=False, widget=forms.RadioSelect,
        empty_label=None,
    )
    first_name = forms.CharField(label=_("Your first name"), max_length=60,
                                 widget=forms.TextInput(attrs={"autocomplete": "given-name"}))
    phone = forms.CharField(
        label=_("Mobile number"), max_length=20, required=False,
        widget=forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}),
    )
    email = forms.EmailField(label=_("E-mail"), required=False,
                             widget=forms.EmailInput(attrs={"autocomplete": "email"}))
    language = forms.ChoiceField(label=_("Which language should we write to you in?"), required=False)
    first_time = forms.ChoiceField(
        label=_("Is this the first time you use an offer from the municipality?"),
        required=False,
        widget=forms.RadioSelect,
        choices=[("yes", _("Yes")), ("no", _("No")), ("", _("I would rather not say"))],
    )

    def __init__(self, *args: Any, slots: list[Slot] | None = None, language: str = "da", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["language"]).choices = resident_language_choices()
        self.fields["language"].initial = language
        if slots is None:
            del self.fields["slot"]
        else:
            field = cast(forms.ModelChoiceField, self.fields["slot"])
            field.queryset = Slot.objects.filter(pk__in=[s.pk for s in slots]).order_by("starts_at")
            field.required = True
            field.label_from_instance = _slot_label  # type: ignore[method-assign,assignment]

    def clean_phone(self) -> str:
        phone = "".join(ch for ch in self.cleaned_data["phone"] if ch.isdigit() or ch == "+")
        if phone and len(phone.lstrip("+")) < 8:
            raise forms.ValidationError(_("Write the whole mobile number, at least 8 digits."))
        return phone

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("phone") and not data.get("email") and not self.has_error("phone") \
                and not self.has_error("email"):
            raise forms.ValidationError(_("Give a mobile number or an e-mail address, so we can reach you."))
        return data

    @property
    def first_time_value(self) -> bool | None:
        return {"yes": True, "no": False}.get(self.cleaned_data.get("first_time") or "")


def _slot_label(slot: Slot) -> str:
    from django.utils import formats, timezone

    start = timezone.localtime(slot.starts_at)
    return f"{formats.date_format(start, 'l j. F')} {start:%H:%M}–{timezone.localtime(slot.ends_at):%H:%M}"


class ReachFilterForm(forms.Form):
    """No free text: a period for the reach figures."""

    since = forms.DateField(label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    until = forms.DateField(label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
