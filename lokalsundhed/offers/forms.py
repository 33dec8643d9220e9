"""Forms for local offers. Every text field refuses CPR numbers (GuardedForm)."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any, cast

from django import forms
from django.conf import settings
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lokalsundhed.accounts.models import User
from lokalsundhed.core import cldr
from lokalsundhed.core.forms import (
    SUMMARISED_FORM,
    GuardedForm,
    PeriodMixin,
    date_picker,
    datetime_picker,
)
from lokalsundhed.core.language_names import resident_language_choices
from lokalsundhed.core.phones import PhoneField
from lokalsundhed.core.validators import RESIDENT_REFUSAL
from lokalsundhed.offers.models import MAX_PLACES, SESSION_MINUTES, Offer, Session, Slot
from lokalsundhed.organisations.models import Estate, Facility, Partnership
from lokalsundhed.rooms.models import Room


class OfferDetailsForm(GuardedForm):
    """What an offer says and where it is: the same rules when it is created and when it is changed."""

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
        label=_("Places"), min_value=1, max_value=MAX_PLACES, required=False,
        help_text=_("Empty: no limit. When the places are taken, residents join the waiting list."),
    )
    completion_sessions = forms.IntegerField(
        label=_("Sessions needed to complete (courses)"), min_value=1, max_value=50, initial=4
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
        return data


def add_room_field(form: forms.Form, rooms: QuerySet[Room] | None) -> None:
    """A choice of the rooms the user may book; each session then books the room."""
    form.fields["room"] = forms.ModelChoiceField(
        label=_("Book a room"), queryset=rooms if rooms is not None else Room.objects.none(), required=False,
        help_text=_("Each time books the room. A room that is taken at one of the times is refused."),
    )
    cast(forms.ModelChoiceField, form.fields["room"]).label_from_instance = (  # type: ignore[method-assign]
        lambda r: f"{r.name} ({r.facility.name}, {r.facility.estate.name})"  # type: ignore[assignment]
    )


class OfferForm(OfferDetailsForm):
    kind = forms.ChoiceField(label=_("Kind"), choices=Offer.Kind.choices, widget=forms.RadioSelect)
    first_session = forms.DateTimeField(
        label=_("First time"), widget=datetime_picker(),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
    )
    minutes = forms.IntegerField(label=_("Length (minutes)"), min_value=SESSION_MINUTES[0],
                                 max_value=SESSION_MINUTES[1], initial=120)
    sessions = forms.IntegerField(
        label=_("Number of times (weekly)"), min_value=1, max_value=52, initial=1,
        help_text=_("A course of 6 sessions: 6. A weekly café for two months: 8."),
    )
    slot_minutes = forms.IntegerField(
        label=_("Length of each booking (outreach hours)"), min_value=5, max_value=120, initial=15, required=False
    )
    field_order = ["kind", "home", "facility", "title", "description", "target_group", "capacity",
                   "completion_sessions", "first_session", "minutes", "sessions", "slot_minutes", "room"]

    def __init__(self, *args: Any, rooms: QuerySet[Room] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        add_room_field(self, rooms)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("kind") == Offer.Kind.OUTREACH and not data.get("slot_minutes"):
            self.add_error("slot_minutes", _("Say how long each booking is."))
        return data

    @property
    def duration(self) -> timedelta:
        return timedelta(minutes=self.cleaned_data["minutes"])


class OfferEditForm(OfferDetailsForm):
    """Everything but the kind. Courses also have a facilitator and a completion threshold;
    outreach hours are booked by time, so they have no places. Once residents have signed up,
    the offer stays where it is (moving it would show their names to other staff)."""

    organisers = forms.ModelMultipleChoiceField(
        label=_("Organisers"), queryset=User.objects.none(), required=False, widget=forms.CheckboxSelectMultiple,
        help_text=_("Staff who run offers where the offer is."),
    )
    facilitator = forms.ModelChoiceField(label=_("Facilitator"), queryset=User.objects.none(), required=False)
    field_order = ["title", "description", "target_group", "home", "facility", "capacity", "completion_sessions",
                   "facilitator", "organisers"]

    def __init__(self, *args: Any, offer: Offer, staff: QuerySet[User], can_move: bool,
                 facilities: QuerySet[Facility], **kwargs: Any) -> None:
        initial = {
            "home": f"estate-{offer.estate_id}" if offer.estate_id else f"partnership-{offer.partnership_id}",
            "facility": offer.facility_id, "title": offer.title, "description": offer.description,
            "target_group": offer.target_group, "capacity": offer.capacity,
            "completion_sessions": offer.completion_sessions, "facilitator": offer.facilitator_id,
            "organisers": [u.pk for u in offer.organisers.all()],
        }
        super().__init__(*args, initial=initial, facilities=facilities, **kwargs)
        # The offer's own home and room are always choices, even outside the editor's estates.
        if offer.estate is not None:
            self._estates.setdefault(str(offer.estate_id), offer.estate)
        elif offer.partnership is not None:
            self._partnerships.setdefault(str(offer.partnership_id), offer.partnership)
        home = cast(forms.ChoiceField, self.fields["home"])
        if can_move:
            home.choices = [
                (_("Estates"), [(f"estate-{pk}", e.name) for pk, e in self._estates.items()]),
                (_("Partnerships"), [(f"partnership-{pk}", p.name) for pk, p in self._partnerships.items()]),
            ]
        else:
            home.choices = [(initial["home"], offer.estate.name if offer.estate else offer.partnership.name)]  # type: ignore[union-attr]
            home.disabled = True
            home.help_text = _("Residents have signed up, so the offer stays where it is.")
        if offer.facility_id is not None:
            cast(forms.ModelChoiceField, self.fields["facility"]).queryset = Facility.objects.filter(
                Q(pk__in=facilities.values("pk")) | Q(pk=offer.facility_id)
            ).select_related("estate").order_by("estate__name", "name")
        for name in ("organisers", "facilitator"):
            field = cast(forms.ModelChoiceField, self.fields[name])
            field.queryset = staff
            field.label_from_instance = lambda u: u.full_name or u.email  # type: ignore[method-assign,assignment]
        if not offer.is_course:
            del self.fields["completion_sessions"], self.fields["facilitator"]
        if offer.is_outreach:
            del self.fields["capacity"]

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        data.setdefault("completion_sessions", self.initial["completion_sessions"])
        data.setdefault("capacity", None)
        data.setdefault("facilitator", None)
        return data


class SessionForm(GuardedForm):
    """One more time for an offer; outreach hours may be cut into bookable times at once."""

    starts_at = forms.DateTimeField(
        label=_("Starts"), widget=datetime_picker(),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
    )
    minutes = forms.IntegerField(label=_("Length (minutes)"), min_value=SESSION_MINUTES[0],
                                 max_value=SESSION_MINUTES[1], initial=120)
    slot_minutes = forms.IntegerField(
        label=_("Length of each booking"), min_value=5, max_value=120, initial=15, required=False,
        help_text=_("The time is cut into bookable times of this length. Empty: add them later."),
    )

    def __init__(self, *args: Any, outreach: bool, rooms: QuerySet[Room] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not outreach:
            del self.fields["slot_minutes"]
        add_room_field(self, rooms)

    def clean_starts_at(self) -> datetime:
        starts_at: datetime = self.cleaned_data["starts_at"]
        if starts_at <= timezone.now():
            raise forms.ValidationError(_("Choose a time in the future."))
        return starts_at

    @property
    def times(self) -> tuple[datetime, datetime]:
        start = self.cleaned_data["starts_at"]
        return start, start + timedelta(minutes=self.cleaned_data["minutes"])


class SlotsForm(GuardedForm):
    """Bookable times one after another in a block of outreach hours."""

    start = forms.TimeField(label=_("First time starts at"), widget=forms.TimeInput(attrs={"type": "time"},
                                                                                     format="%H:%M"))
    minutes = forms.IntegerField(label=_("Length of each booking (minutes)"), min_value=5, max_value=120, initial=15)
    count = forms.IntegerField(label=_("Number of times"), min_value=1, max_value=48, initial=4)

    def __init__(self, *args: Any, session: Session, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.session = session

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("start") is not None:
            day = timezone.localtime(self.session.starts_at).date()
            data["first"] = datetime.combine(day, data["start"], tzinfo=timezone.get_current_timezone())
            if data["first"] <= timezone.now():
                self.add_error("start", _("Choose a time in the future."))
        return data

    @property
    def times(self) -> list[tuple[datetime, datetime]]:
        """The times the form asks for (a preview: nothing is saved)."""
        data = self.cleaned_data
        length = timedelta(minutes=data["minutes"])
        return [(data["first"] + n * length, data["first"] + (n + 1) * length) for n in range(data["count"])]


class MoveForm(GuardedForm):
    """A session's new day and times (local time); the service refuses a past or backwards time."""

    day = forms.DateField(label=_("Date"), widget=date_picker())
    start = forms.TimeField(label=_("Starts at"), widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"))
    end = forms.TimeField(label=_("Ends at"), widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"))

    @classmethod
    def initial_for(cls, session: Session) -> dict[str, Any]:
        start, end = timezone.localtime(session.starts_at), timezone.localtime(session.ends_at)
        return {"day": start.date(), "start": start.time(), "end": end.time()}

    @property
    def times(self) -> tuple[datetime, datetime]:
        zone = timezone.get_current_timezone()
        day = self.cleaned_data["day"]
        return (datetime.combine(day, self.cleaned_data["start"], tzinfo=zone),
                datetime.combine(day, self.cleaned_data["end"], tzinfo=zone))


class CancelForm(GuardedForm):
    reason = forms.CharField(
        label=_("Why is it cancelled?"), max_length=200,
        help_text=_("A few words for your colleagues. Residents are not told why: only that it is cancelled."),
    )


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
    cpr_refusal = RESIDENT_REFUSAL
    template_name = SUMMARISED_FORM

    slot = forms.ModelChoiceField(
        label=_("Choose a time"), queryset=Slot.objects.none(), required=False, widget=forms.RadioSelect,
        empty_label=None, error_messages={"required": _("Choose a time.")},
    )
    first_name = forms.CharField(label=_("Your first name"), max_length=60,
                                 widget=forms.TextInput(attrs={"autocomplete": "given-name"}),
                                 error_messages={"required": _("Write your first name.")})
    phone = PhoneField(label=_("Mobile number"), required=False)
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
    """The time in the reader's language; the range isolated (FSI … PDI) so that a right-to-left
    page does not turn "14:30–15:00" around."""
    return cldr.day_time_range(slot.starts_at, slot.ends_at)


class ReachFilterForm(PeriodMixin, forms.Form):
    """No free text: a period for the reach figures."""

    since = forms.DateField(label=_("From"), required=False, widget=date_picker())
    until = forms.DateField(label=_("To"), required=False, widget=date_picker())
