"""Forms for the administrators' editing of the help guide. Every text refuses CPR numbers
(GuardedForm); lengths and kinds follow the HSDS columns of our models."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.db.models import QuerySet
from django.forms import BaseFormSet, formset_factory
from django.utils.translation import gettext_lazy as _

from lokalsundhed.core.forms import GuardedForm
from lokalsundhed.directory.editing_services import HoursChange, PhoneChange, PlaceChange
from lokalsundhed.directory.models import WEEKDAY_CODES, Organization, Service
from lokalsundhed.organisations.models import Estate

DAY_CHOICES = [("MO", _("Monday")), ("TU", _("Tuesday")), ("WE", _("Wednesday")), ("TH", _("Thursday")),
               ("FR", _("Friday")), ("SA", _("Saturday")), ("SU", _("Sunday"))]
PHONE_TYPES = [("", "—"), ("voice", _("Voice")), ("text", _("Text message")), ("fax", _("Fax")),
               ("cell", _("Mobile")), ("pager", _("Pager")), ("textphone", _("Textphone"))]


class ServiceForm(GuardedForm):
    name = forms.CharField(label=_("Name"), max_length=300)
    organization = forms.ModelChoiceField(label=_("Organisation"), queryset=Organization.objects.none(),
                                          required=False, empty_label=_("A new organisation (name below)"))
    new_organization = forms.CharField(label=_("New organisation's name"), max_length=300, required=False)
    description = forms.CharField(label=_("Description"), widget=forms.Textarea(attrs={"rows": 4}), required=False)
    application_process = forms.CharField(label=_("How to get help"), widget=forms.Textarea(attrs={"rows": 3}),
                                          required=False)
    eligibility_description = forms.CharField(label=_("Who it is for"), widget=forms.Textarea(attrs={"rows": 2}),
                                              required=False)
    fees_description = forms.CharField(label=_("Fees"), required=False, max_length=2000)
    interpretation_services = forms.CharField(label=_("Interpretation"), required=False, max_length=2000)
    alert = forms.CharField(label=_("Alert shown on the service"), required=False, max_length=2000)
    url = forms.URLField(label=_("Web address"), max_length=500, required=False, assume_scheme="https")
    email = forms.EmailField(label=_("E-mail"), required=False)
    status = forms.ChoiceField(label=_("Status"), choices=Service.Status.choices, initial=Service.Status.ACTIVE)
    estates = forms.ModelMultipleChoiceField(
        label=_("Only for these estates (none: the whole municipality)"), queryset=Estate.objects.none(),
        required=False, widget=forms.CheckboxSelectMultiple)
    alternate_name = forms.CharField(label=_("Alternate name"), max_length=300, required=False)

    def __init__(self, *args: Any, organizations: QuerySet[Organization], estates: QuerySet[Estate],
                 **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["organization"]).queryset = organizations
        cast(forms.ModelMultipleChoiceField, self.fields["estates"]).queryset = estates

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("organization") and not data.get("new_organization", "").strip():
            self.add_error("new_organization", _("Choose the organisation or give a new one's name."))
        return data


class RowForm(GuardedForm):
    """A row of a formset: the record's id travels hidden (a UUID, not text to guard)."""

    id = forms.UUIDField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["id"].validators = []


class PhoneForm(RowForm):
    number = forms.CharField(label=_("Phone number"), max_length=50, required=False,
                             widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "off"}))
    type = forms.ChoiceField(label=_("Kind"), choices=PHONE_TYPES, required=False)
    description = forms.CharField(label=_("Note"), max_length=300, required=False,
                                  help_text=_("E.g. 'Weekdays 8–15' or 'Time bookings'."))

    def change(self) -> PhoneChange | None:
        data = self.cleaned_data
        if not data.get("number") and not data.get("id"):
            return None
        return PhoneChange(id=data.get("id"), number=data.get("number", ""), type=data.get("type", ""),
                           description=data.get("description", ""),
                           delete=bool(data.get("DELETE")) or not data.get("number"))


class HoursForm(RowForm):
    days = forms.MultipleChoiceField(label=_("Days"), choices=DAY_CHOICES, required=False,
                                     widget=forms.CheckboxSelectMultiple)
    opens_at = forms.TimeField(label=_("Opens"), required=False, widget=forms.TimeInput(attrs={"type": "time"}))
    closes_at = forms.TimeField(label=_("Closes"), required=False, widget=forms.TimeInput(attrs={"type": "time"}))
    description = forms.CharField(label=_("Note"), max_length=300, required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("DELETE") or not (data.get("days") or data.get("opens_at") or data.get("closes_at")):
            return data
        if not data.get("days"):
            self.add_error("days", _("Choose at least one day."))
        if not data.get("opens_at"):
            self.add_error("opens_at", _("Give the opening time."))
        if not data.get("closes_at"):
            self.add_error("closes_at", _("Give the closing time."))
        elif data.get("opens_at") and data["closes_at"] <= data["opens_at"]:
            self.add_error("closes_at", _("The closing time must be after the opening time."))
        return data

    def change(self) -> HoursChange | None:
        data = self.cleaned_data
        days = [d for d in WEEKDAY_CODES if d in (data.get("days") or [])]
        if not days and not data.get("id"):
            return None
        return HoursChange(id=data.get("id"), byday=",".join(days), opens_at=data.get("opens_at"),
                           closes_at=data.get("closes_at"), description=data.get("description", ""),
                           delete=bool(data.get("DELETE")) or not days)


class PlaceForm(RowForm):
    name = forms.CharField(label=_("Place"), max_length=300, required=False,
                           help_text=_("E.g. 'Fælleshuset' or 'Rådhuset'."))
    address_1 = forms.CharField(label=_("Street address"), max_length=300, required=False,
                                widget=forms.TextInput(attrs={"autocomplete": "street-address"}))
    postal_code = forms.CharField(label=_("Postcode"), max_length=4, min_length=4, required=False,
                                  widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "postal-code"}))
    city = forms.CharField(label=_("Town"), max_length=100, required=False)
    description = forms.CharField(label=_("Note"), max_length=300, required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("DELETE"):
            return data
        if (data.get("address_1") or data.get("postal_code") or data.get("city")) and not data.get("name"):
            self.add_error("name", _("Name the place."))
        if data.get("address_1") and not (data.get("postal_code") and data.get("city")):
            self.add_error("postal_code", _("An address needs its postcode and town."))
        if data.get("postal_code") and not data["postal_code"].isdigit():
            self.add_error("postal_code", _("A Danish postcode is four digits."))
        return data

    def change(self) -> PlaceChange | None:
        data = self.cleaned_data
        if not data.get("name") and not data.get("id"):
            return None
        return PlaceChange(id=data.get("id"), name=data.get("name", ""), address_1=data.get("address_1", ""),
                           postal_code=data.get("postal_code", ""), city=data.get("city", ""),
                           description=data.get("description", ""),
                           delete=bool(data.get("DELETE")) or not data.get("name"))


class RowFormSet(BaseFormSet):
    def add_fields(self, form: forms.Form, index: int | None) -> None:
        super().add_fields(form, index)
        if "DELETE" in form.fields:
            form.fields["DELETE"].label = _("Remove")


PhoneFormSet = formset_factory(PhoneForm, formset=RowFormSet, extra=1, can_delete=True, max_num=20, absolute_max=40)
HoursFormSet = formset_factory(HoursForm, formset=RowFormSet, extra=1, can_delete=True, max_num=20, absolute_max=40)
PlaceFormSet = formset_factory(PlaceForm, formset=RowFormSet, extra=1, can_delete=True, max_num=20, absolute_max=40)
