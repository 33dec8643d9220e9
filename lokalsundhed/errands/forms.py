"""Forms for practical help. Every text field refuses CPR numbers (GuardedForm)."""

from __future__ import annotations

import re
from itertools import groupby
from typing import Any, cast

from django import forms
from django.conf import settings
from django.db.models import QuerySet
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from lokalsundhed.core.forms import SUMMARISED_FORM, GuardedForm, guard_text_fields
from lokalsundhed.core.language_names import is_rtl, name_for_reader, own_name
from lokalsundhed.core.phones import PhoneField
from lokalsundhed.core.validators import RESIDENT_REFUSAL, STAFF_REFUSAL
from lokalsundhed.errands.models import ErrandType
from lokalsundhed.organisations.models import Dwelling, Estate


class ErrandRequestForm(GuardedForm):
    """What a resident (or staff on their behalf) asks for: a task, who, where, how to call."""
    cpr_refusal = RESIDENT_REFUSAL
    template_name = SUMMARISED_FORM

    # Each required field says what to do when left empty, not "This field is required".
    errand_type = forms.ModelChoiceField(label=_("What do you need help with?"), queryset=ErrandType.objects.none(),
                                         widget=forms.RadioSelect, empty_label=None,
                                         error_messages={"required": _("Choose what you need help with.")})
    resident_first_name = forms.CharField(label=_("First name"), max_length=60,
                                          widget=forms.TextInput(attrs={"autocomplete": "given-name"}),
                                          error_messages={"required": _("Write your first name.")})
    address = forms.CharField(label=_("Address (street, number, floor and door)"), max_length=200,
                              widget=forms.TextInput(attrs={"autocomplete": "street-address"}),
                              error_messages={"required": _("Write your address.")})
    phone = PhoneField(label=_("Phone number"), error_messages={"required": _("Write your phone number.")})
    when = forms.CharField(label=_("When does it suit you? (optional)"), max_length=100, required=False)
    note = forms.CharField(label=_("Anything else we should know? (optional)"), max_length=500, required=False,
                           widget=forms.Textarea(attrs={"rows": 2}),
                           help_text=_("No CPR number and nothing about your health."))

    def __init__(self, *args: Any, errand_types: QuerySet[ErrandType], dwellings: QuerySet[Dwelling] | None = None,
                 **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = cast(forms.ModelChoiceField, self.fields["errand_type"])
        field.queryset = errand_types
        field.label_from_instance = lambda t: t.label_html  # type: ignore[method-assign,assignment]
        if dwellings is not None:
            self.fields["dwelling"] = forms.ModelChoiceField(
                label=_("Address"), queryset=dwellings.select_related("estate"), required=False,
                help_text=_("Or write the address below."),
            )
            self.fields["address"].required = False
            self.order_fields(["errand_type", "resident_first_name", "dwelling", "address", "phone"])

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if "dwelling" in self.fields and not data.get("dwelling") and not data.get("address"):
            self.add_error("address", _("Choose or write the address."))
        return data


class StaffErrandForm(ErrandRequestForm):
    """The same request, asked by a caretaker or social worker on a resident's behalf: the labels
    speak to the member of staff about the resident, and the addresses come grouped by estate."""
    cpr_refusal = STAFF_REFUSAL

    def __init__(self, *args: Any, errand_types: QuerySet[ErrandType], dwellings: QuerySet[Dwelling],
                 estates: QuerySet[Estate], **kwargs: Any) -> None:
        super().__init__(*args, errand_types=errand_types, dwellings=dwellings, **kwargs)
        self.fields["estate"] = forms.ModelChoiceField(label=_("Estate"), queryset=estates,
                                                       empty_label=_("Choose the estate"),
                                                       error_messages={"required": _("Choose the estate.")})
        staff_words = {
            "errand_type": (_("What does the resident need help with?"),
                            _("Choose what the resident needs help with.")),
            "resident_first_name": (_("The resident's first name"), _("Write the resident's first name.")),
            "dwelling": (_("The resident's address"), None),
            "address": (_("Address, if it is not in the list (street, number, floor and door)"), None),
            "phone": (_("The resident's phone number"), _("Write the resident's phone number.")),
            "when": (_("When does it suit the resident? (optional)"), None),
            "note": (_("Anything else the helper should know? (optional)"), None),
        }
        for name, (label, required) in staff_words.items():
            self.fields[name].label = label
            if required:
                self.fields[name].error_messages["required"] = required
        self.fields["note"].help_text = _("No CPR number and nothing about the resident's health.")
        self.fields["dwelling"].widget.choices = self._dwellings_by_estate(dwellings)
        self.order_fields(["estate", "errand_type"])

    @staticmethod
    def _dwellings_by_estate(dwellings: QuerySet[Dwelling]) -> list[tuple[Any, Any]]:
        """The addresses under their estate's name, street by street and in the order of the house
        numbers (9 before 10): a list of a hundred addresses a phone's picker can be scrolled."""
        def natural(text: str) -> list[Any]:
            return [(0, int(part), "") if part.isdigit() else (1, 0, part.casefold())
                    for part in re.split(r"(\d+)", text) if part]

        ordered = sorted(dwellings.select_related("estate"), key=lambda d: (
            d.estate.name, d.estate_id, natural(d.street), natural(d.number), natural(d.floor), natural(d.door)))
        groups: list[tuple[Any, Any]] = [("", _("Choose the address"))]
        for estate, items in groupby(ordered, key=lambda dwelling: dwelling.estate):
            groups.append((estate.name, [(dwelling.pk, dwelling.address) for dwelling in items]))
        return groups


class CompleteForm(forms.Form):
    minutes = forms.IntegerField(label=_("Minutes spent"), min_value=1, max_value=480)


class ErrandTypeForm(GuardedForm):
    name = forms.CharField(label=_("Task (Danish)"), max_length=200)
    allowed = forms.BooleanField(label=_("Caretakers may do it"), required=False, initial=True)
    note = forms.CharField(label=_("Note (where help is instead, if not allowed)"), max_length=300, required=False)


class ErrandTypeNamesForm(GuardedForm):
    """A task's name in each resident language but Danish (its own name), for a task the housing
    organisation added: one field per language, written in that language's direction."""

    def __init__(self, *args: Any, errand_type: ErrandType, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        names = errand_type.names or {}
        for code in settings.RESIDENT_LANGUAGES:
            if code == settings.LANGUAGE_CODE:
                continue
            reader, own = name_for_reader(code), own_name(code)
            label = reader if own.lower() == reader.lower() else f"{reader} ({own})"
            # Left empty, residents of the language read this (a standard task's own translation).
            with translation.override(code):
                fallback = errand_type.fallback_label(english=code != "en")[0]
            self.fields[f"name_{code}"] = forms.CharField(
                label=label, max_length=200, required=False,
                initial=errand_type.name_en if code == "en" else names.get(code, ""),
                widget=forms.TextInput(attrs={"lang": code, "dir": "rtl" if is_rtl(code) else "ltr",
                                              "placeholder": fallback}),
            )
        guard_text_fields(self, self.cpr_refusal)

    def names(self) -> tuple[str, dict[str, str]]:
        """(the English name, the other languages' names given), from the valid form."""
        given = {name.removeprefix("name_"): value.strip() for name, value in self.cleaned_data.items()}
        return given.pop("en", ""), {code: value for code, value in given.items() if value}


class MonthForm(GuardedForm):
    month = forms.CharField(label=_("Month"), required=False,
                            widget=forms.TextInput(attrs={"type": "month"}))

    def chosen(self, default: Any) -> Any:
        from datetime import date

        if self.is_valid() and self.cleaned_data["month"]:
            try:
                year, month = (int(part) for part in self.cleaned_data["month"].split("-"))
                return date(year, month, 1)
            except ValueError:
                return default
        return default
