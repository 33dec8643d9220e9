"""Forms of the help guide. Every text field refuses CPR numbers (GuardedForm)."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.conf import settings
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from lokalsundhed.core.forms import GuardedForm, GuardedModelForm
from lokalsundhed.directory.models import GuidanceCard, Service, TaxonomyTerm
from lokalsundhed.organisations.models import Estate, Municipality

# The languages a service may be spoken in: those the product speaks (settings.LANGUAGES).
LANGUAGE_CHOICES = [("", _("Any language")), *settings.LANGUAGES]


class SearchForm(GuardedForm):
    q = forms.CharField(label=_("Search"), max_length=100, required=False,
                        help_text=_("E.g. 'demens', 'gæld' or 'ensom'."))
    need = forms.ModelChoiceField(label=_("Need"), queryset=TaxonomyTerm.objects.none(), required=False,
                                  empty_label=_("All needs"))
    municipality = forms.ModelChoiceField(label=_("Municipality"), queryset=Municipality.objects.none(),
                                          required=False, empty_label=_("All my municipalities"))
    estate = forms.ModelChoiceField(label=_("Estate"), queryset=Estate.objects.none(), required=False,
                                    empty_label=_("All estates"))
    language = forms.ChoiceField(label=_("Language spoken"), choices=LANGUAGE_CHOICES, required=False)
    open_now = forms.BooleanField(label=_("Open now"), required=False)

    def __init__(self, *args: Any, needs: QuerySet[TaxonomyTerm], municipalities: QuerySet[Municipality] | None,
                 estates: QuerySet[Estate] | None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["need"]).queryset = needs
        if municipalities is None:
            del self.fields["municipality"]
        else:
            cast(forms.ModelChoiceField, self.fields["municipality"]).queryset = municipalities
        if estates is None:
            del self.fields["estate"]
        else:
            cast(forms.ModelChoiceField, self.fields["estate"]).queryset = estates


class GuidanceCardForm(GuardedModelForm):
    class Meta:
        model = GuidanceCard
        fields = ["first_steps", "what_to_say", "what_not_to_do", "services"]
        widgets = {
            "first_steps": forms.Textarea(attrs={"rows": 5}),
            "what_to_say": forms.Textarea(attrs={"rows": 3}),
            "what_not_to_do": forms.Textarea(attrs={"rows": 3}),
            "services": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args: Any, services: QuerySet[Service], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelMultipleChoiceField, self.fields["services"]).queryset = services
        self.fields["services"].required = False
