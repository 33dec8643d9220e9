"""Forms about volunteers. Every text field refuses CPR numbers (GuardedForm)."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.conf import settings
from django.db.models import QuerySet
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _

from lokalsundhed.core.forms import SUMMARISED_FORM, GuardedForm, date_picker
from lokalsundhed.core.phones import PhoneField
from lokalsundhed.core.validators import RESIDENT_REFUSAL
from lokalsundhed.offers.models import Offer, Session
from lokalsundhed.volunteers.models import Volunteer


def _language_choices() -> list[tuple[str, Any]]:
    names = dict(settings.LANGUAGES)
    return [(code, names[code]) for code in settings.RESIDENT_LANGUAGES]


class ApplicationForm(GuardedForm):
    """A resident offers to volunteer (the public recruitment page). A failed send opens on the
    error summary; each required field says what to do, not "This field is required"."""
    cpr_refusal = RESIDENT_REFUSAL
    template_name = SUMMARISED_FORM

    first_name = forms.CharField(label=_("First name"), max_length=60,
                                 widget=forms.TextInput(attrs={"autocomplete": "given-name"}),
                                 error_messages={"required": _("Write your first name.")})
    phone = PhoneField(label=_("Phone number"), required=False)
    email = forms.EmailField(label=_("E-mail (optional)"), required=False,
                             widget=forms.EmailInput(attrs={"autocomplete": "email"}))
    languages = forms.MultipleChoiceField(label=_("Languages you speak"), required=False,
                                          widget=forms.CheckboxSelectMultiple, choices=_language_choices)
    skills = forms.CharField(label=_("What would you like to help with? (optional)"), max_length=300,
                             required=False, widget=forms.Textarea(attrs={"rows": 2}))
    availability = forms.CharField(label=_("When can you help? (optional)"), max_length=200, required=False)
    consent = forms.BooleanField(
        label=_("I agree that the housing organisation keeps my name and contact details to arrange volunteering. "
                "I can withdraw at any time."),
        error_messages={"required": _("We can only call you if you agree to be contacted.")})

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("phone") and not data.get("email") and "phone" not in self.errors:
            self.add_error("phone", _("Write a phone number or an e-mail address, so that we can reach you."))
        return data


class VolunteerForm(GuardedForm):
    """What a coordinator keeps about a volunteer."""

    status = forms.ChoiceField(label=_("Status"), choices=Volunteer.Status.choices)
    phone = PhoneField(label=_("Mobile phone"), required=False)
    skills = forms.CharField(label=_("Skills"), max_length=300, required=False)
    availability = forms.CharField(label=_("Availability"), max_length=200, required=False)
    criminal_record_checked_on = forms.DateField(
        label=_("Criminal-record certificate (børneattest) dated"), required=False,
        # A date picker reads only ISO dates: a date in the Danish format shows as empty, and saving erased it.
        widget=date_picker())


def _activity_label(offer: Offer) -> str:
    """Two activities of one name (the Friday café of each estate) are told apart by where they are."""
    where = offer.estate or offer.partnership
    return f"{offer.title} ({where.name})" if where else offer.title


def _time_label(session: Session) -> str:
    """A session as the calendar shows it, in local time: "fredag 11. december 2026 14:00–16:00"."""
    start, end = timezone.localtime(session.starts_at), timezone.localtime(session.ends_at)
    return f"{formats.date_format(start, 'l j. F Y')} {start:%H:%M}–{end:%H:%M}"


class AssignForm(GuardedForm):
    offer = forms.ModelChoiceField(label=_("Activity"), queryset=Offer.objects.none())
    role = forms.CharField(label=_("Role"), max_length=100)

    def __init__(self, *args: Any, offers: QuerySet[Offer], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = cast(forms.ModelChoiceField, self.fields["offer"])
        field.queryset = offers.select_related("estate", "partnership")
        field.label_from_instance = _activity_label  # type: ignore[method-assign,assignment]


class ShiftForm(GuardedForm):
    session = forms.ModelChoiceField(label=_("Time"), queryset=Session.objects.none())
    role = forms.CharField(label=_("Role"), max_length=100)
    volunteer = forms.ModelChoiceField(label=_("Volunteer (empty: open for volunteers to take)"),
                                       queryset=Volunteer.objects.none(), required=False)

    def __init__(self, *args: Any, sessions: QuerySet[Session], volunteers: QuerySet[Volunteer],
                 **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = cast(forms.ModelChoiceField, self.fields["session"])
        field.queryset = sessions
        field.label_from_instance = _time_label  # type: ignore[method-assign,assignment]
        cast(forms.ModelChoiceField, self.fields["volunteer"]).queryset = volunteers


class HoursForm(forms.Form):
    minutes = forms.IntegerField(label=_("Minutes given"), min_value=1, max_value=720)
