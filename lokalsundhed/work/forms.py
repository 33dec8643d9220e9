"""Forms for small steps into work. Every text field refuses CPR numbers (GuardedForm)."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from lokalsundhed.core.forms import SUMMARISED_FORM, GuardedForm
from lokalsundhed.core.phones import PhoneField
from lokalsundhed.core.validators import RESIDENT_REFUSAL
from lokalsundhed.organisations.models import Estate
from lokalsundhed.work.cvr import validate_cvr
from lokalsundhed.work.models import Company, Interest, Opportunity


class InterestForm(GuardedForm):
    """A resident's interest: first name, phone and consent — nothing more is needed to call back. A
    failed send opens on the error summary; each required field says what to do."""
    cpr_refusal = RESIDENT_REFUSAL
    template_name = SUMMARISED_FORM

    first_name = forms.CharField(label=_("First name"), max_length=60,
                                 widget=forms.TextInput(attrs={"autocomplete": "given-name"}),
                                 error_messages={"required": _("Write your first name.")})
    phone = PhoneField(label=_("Phone number"), error_messages={"required": _("Write your phone number.")})
    message = forms.CharField(label=_("Anything you would like us to know? (optional)"), max_length=500,
                              required=False, widget=forms.Textarea(attrs={"rows": 2}),
                              help_text=_("No CPR number and nothing about your health."))
    consent = forms.BooleanField(
        label=_("I agree that the housing social worker calls me about this. My name and number are deleted "
                "when we are done."),
        error_messages={"required": _("We can only call you if you agree to be contacted.")},
    )

class CompanyForm(GuardedForm):
    name = forms.CharField(label=_("Company name"), max_length=200)
    cvr = forms.CharField(label=_("CVR number"), max_length=14, validators=[validate_cvr],
                          help_text=_("8 digits; the last is a check digit."))
    contact_name = forms.CharField(label=_("Contact person"), max_length=120)
    contact_phone = PhoneField(label=_("Contact's phone"), required=False)
    contact_email = forms.EmailField(label=_("Contact's e-mail"), required=False)
    is_active = forms.BooleanField(label=_("Active"), required=False, initial=True)

    @classmethod
    def initial_for(cls, company: Company) -> dict[str, Any]:
        return {"name": company.name, "cvr": company.cvr, "contact_name": company.contact_name,
                "contact_phone": company.contact_phone, "contact_email": company.contact_email,
                "is_active": company.is_active}


class OpportunityForm(GuardedForm):
    estate = forms.ModelChoiceField(label=_("Estate"), queryset=Estate.objects.none())
    company = forms.ModelChoiceField(label=_("Company"), queryset=Company.objects.none(), required=False,
                                     empty_label=_("The housing organisation itself"))
    kind = forms.ChoiceField(label=_("Kind"), choices=Opportunity.Kind.choices, widget=forms.RadioSelect)
    title = forms.CharField(label=_("Title (easy to read)"), max_length=200)
    description = forms.CharField(label=_("What it is"), max_length=2000, required=False,
                                  widget=forms.Textarea(attrs={"rows": 4}))
    hours_per_week = forms.IntegerField(label=_("Hours a week"), min_value=1, max_value=40, required=False)
    is_published = forms.BooleanField(label=_("Show it to residents"), required=False, initial=True)

    def __init__(self, *args: Any, estates: QuerySet[Estate], companies: QuerySet[Company], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["estate"]).queryset = estates
        cast(forms.ModelChoiceField, self.fields["company"]).queryset = companies

    @classmethod
    def initial_for(cls, opportunity: Opportunity) -> dict[str, Any]:
        return {"estate": opportunity.estate_id, "company": opportunity.company_id, "kind": opportunity.kind,
                "title": opportunity.title, "description": opportunity.description,
                "hours_per_week": opportunity.hours_per_week, "is_published": opportunity.is_published}


class StopForm(forms.Form):
    # No reason chosen beforehand: a stop is for good, and its reason counts in the figures.
    reason = forms.ChoiceField(label=_("Why did it stop?"),
                               choices=[("", _("Choose why")), *Interest.StopReason.choices])


class JobcenterForm(forms.Form):
    consent = forms.BooleanField(
        label=_("The resident agreed that we send their first name, phone number and interest to the jobcenter."),
        error_messages={"required": _("Ask the resident first: the jobcenter is only told with their consent.")},
    )
