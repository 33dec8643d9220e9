"""Forms of competence development. Every text field refuses CPR numbers (GuardedForm)."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from lokalsundhed.accounts.models import User
from lokalsundhed.core.forms import GuardedForm, datetime_picker
from lokalsundhed.organisations.models import Organisation
from lokalsundhed.training.models import Module, Theme


class ThemeFilterForm(forms.Form):
    theme = forms.ChoiceField(label=_("Theme"), required=False,
                              choices=[("", _("All themes")), *Theme.choices])


class SessionForm(GuardedForm):
    module = forms.ModelChoiceField(label=_("Module"), queryset=Module.objects.none())
    host = forms.ModelChoiceField(label=_("For organisation"), queryset=Organisation.objects.none())
    starts_at = forms.DateTimeField(label=_("Starts"), widget=datetime_picker())
    ends_at = forms.DateTimeField(label=_("Ends"), widget=datetime_picker())
    place = forms.CharField(label=_("Place"), max_length=200)
    capacity = forms.IntegerField(label=_("Places"), min_value=1, max_value=500, initial=20)

    def __init__(self, *args: Any, modules: QuerySet[Module], hosts: QuerySet[Organisation], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        module_field = cast(forms.ModelChoiceField, self.fields["module"])
        module_field.queryset = modules
        module_field.label_from_instance = lambda m: m.label  # type: ignore[method-assign,assignment]
        cast(forms.ModelChoiceField, self.fields["host"]).queryset = hosts

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("starts_at") and data.get("ends_at") and data["ends_at"] <= data["starts_at"]:
            self.add_error("ends_at", _("The session must end after it starts."))
        return data


class EnrolColleagueForm(forms.Form):
    participant = forms.ModelChoiceField(label=_("Colleague"), queryset=User.objects.none())

    def __init__(self, *args: Any, people: QuerySet[User], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["participant"]).queryset = people
