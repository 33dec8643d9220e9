"""Forms for rooms and booking. Every text field refuses CPR numbers (GuardedForm)."""

from __future__ import annotations

from datetime import date, datetime, time
from typing import Any, cast

from django import forms
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lokalsundhed.core.forms import GuardedForm, date_picker
from lokalsundhed.organisations.models import Facility
from lokalsundhed.rooms.models import WEEKDAYS, Room
from lokalsundhed.rooms.services import MAX_WEEKS


def _time_field(label: str) -> forms.TimeField:
    return forms.TimeField(label=label, required=False,
                           widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"))


class BookingForm(GuardedForm):
    """A time in a room, once or the same time each week."""

    day = forms.DateField(label=_("Date"), widget=date_picker())
    start = forms.TimeField(label=_("From"), widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"))
    end = forms.TimeField(label=_("To"), widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"))
    title = forms.CharField(label=_("What for"), max_length=200,
                            help_text=_("Shown to colleagues and in the room's calendar: no names of residents."))
    weeks = forms.IntegerField(label=_("Number of weeks"), min_value=1, max_value=MAX_WEEKS, initial=1,
                               help_text=_("1: once. More: the same time each week."))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("day") and data.get("start") and data.get("end"):
            zone = timezone.get_current_timezone()
            data["starts_at"] = datetime.combine(data["day"], data["start"], tzinfo=zone)
            data["ends_at"] = datetime.combine(data["day"], data["end"], tzinfo=zone)
            if data["ends_at"] <= data["starts_at"]:
                self.add_error("end", _("The time must end after it starts."))
            elif data["ends_at"] <= timezone.now():
                self.add_error("day", _("Choose a time in the future."))
        return data


class RoomForm(GuardedForm):
    """A room of a facility: what it is, how many it holds, its accessibility and opening hours."""

    facility = forms.ModelChoiceField(label=_("Facility"), queryset=Facility.objects.none())
    name = forms.CharField(label=_("Name"), max_length=200)
    kind = forms.ChoiceField(label=_("Kind"), choices=Room.Kind.choices)
    capacity = forms.IntegerField(label=_("Capacity (people)"), min_value=1, max_value=1000)
    step_free_access = forms.BooleanField(label=_("Step-free access"), required=False)
    hearing_loop = forms.BooleanField(label=_("Hearing loop"), required=False)
    accessible_toilet = forms.BooleanField(label=_("Accessible toilet"), required=False)

    def __init__(self, *args: Any, facilities: QuerySet[Facility], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = cast(forms.ModelChoiceField, self.fields["facility"])
        field.queryset = facilities.select_related("estate")
        field.label_from_instance = lambda f: f"{f.name} ({f.estate.name})"  # type: ignore[method-assign,assignment]
        for day, label in enumerate(WEEKDAYS):
            self.fields[f"opens_{day}"] = _time_field(_("%(day)s opens") % {"day": label})
            self.fields[f"closes_{day}"] = _time_field(_("%(day)s closes") % {"day": label})

    @classmethod
    def initial_for(cls, room: Room) -> dict[str, Any]:
        initial: dict[str, Any] = {
            "facility": room.facility_id, "name": room.name, "kind": room.kind, "capacity": room.capacity,
            "step_free_access": room.step_free_access, "hearing_loop": room.hearing_loop,
            "accessible_toilet": room.accessible_toilet,
        }
        for hours in room.opening_hours.all():
            initial[f"opens_{hours.weekday}"] = hours.opens
            initial[f"closes_{hours.weekday}"] = hours.closes
        return initial

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        hours: dict[int, tuple[time, time] | None] = {}
        for day in range(7):
            opens, closes = data.get(f"opens_{day}"), data.get(f"closes_{day}")
            if opens is None and closes is None:
                hours[day] = None
            elif opens is None or closes is None:
                self.add_error(f"closes_{day}" if opens else f"opens_{day}",
                               _("Give both the opening and the closing time, or neither."))
            elif closes <= opens:
                self.add_error(f"closes_{day}", _("The room must close after it opens."))
            else:
                hours[day] = (opens, closes)
        data["hours"] = hours
        return data


class RoomSearchForm(GuardedForm):
    q = forms.CharField(label=_("Find a room"), max_length=100, required=False,
                        help_text=_("A room, a place or an estate, e.g. 'fælleshus' or the estate's name."),
                        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}))

    def words(self) -> str | None:
        """What to look for; None when the search was refused (nothing is searched then)."""
        if not self.is_bound:
            return ""
        return cast(str, self.cleaned_data["q"]).strip() if self.is_valid() else None


class WeekForm(forms.Form):
    week = forms.DateField(label=_("From the week of"), required=False,
                           widget=date_picker())

    def chosen(self, default: date) -> date:
        if self.is_valid() and self.cleaned_data["week"]:
            return cast(date, self.cleaned_data["week"])
        return default
