"""The demo's rooms: the facilities of each estate split into bookable rooms (a consultation room
in the health house, the common house's hall and kitchen, a garden), with opening hours and
accessibility, and a few weeks of bookings — the Friday café weekly, a residents' meeting, the
doctor's outreach hours — so the rooms pages, the feed and utilisation have something to show.

Played through the real services, so the bookings are checked and logged. Written once.
"""

from __future__ import annotations

from datetime import datetime, time, timedelta

from django.utils import timezone

from lokalsundhed.accounts.models import User
from lokalsundhed.demo.two_factor import DEMO_DOMAIN
from lokalsundhed.demo.words import email_local_part
from lokalsundhed.organisations.models import Facility
from lokalsundhed.rooms import services
from lokalsundhed.rooms.models import Room

WEEKDAYS_8_TO_16 = {day: (time(8), time(16)) for day in range(5)}
EVENINGS_TOO = {day: (time(8), time(21)) for day in range(7)}

# Facility name → rooms: (name, kind, capacity, step-free, hearing loop, accessible toilet, hours).
ROOMS = {
    "Sundhedshuset Egeskov": [
        ("Konsultationsrum 1", Room.Kind.CONSULTATION, 3, True, True, True, WEEKDAYS_8_TO_16),
        ("Konsultationsrum 2", Room.Kind.CONSULTATION, 3, True, False, True, WEEKDAYS_8_TO_16),
    ],
    "Fælleshuset Egeskov": [
        ("Salen", Room.Kind.COMMON_HOUSE, 60, True, True, True, EVENINGS_TOO),
        ("Køkkenet", Room.Kind.KITCHEN, 12, True, False, True, EVENINGS_TOO),
        ("Haven bag fælleshuset", Room.Kind.GARDEN, 40, True, False, False, {}),
    ],
    "Beboerlokalet Vestervold": [
        ("Beboerlokalet", Room.Kind.COMMON_HOUSE, 30, False, False, False, EVENINGS_TOO),
    ],
    "Fælleshuset Prangerparken": [
        ("Store sal", Room.Kind.COMMON_HOUSE, 80, True, True, True, EVENINGS_TOO),
        ("Mødelokalet", Room.Kind.CONSULTATION, 8, True, False, True, WEEKDAYS_8_TO_16),
    ],
    "Fælleslokalet Nørremarken": [
        ("Fælleslokalet", Room.Kind.COMMON_HOUSE, 40, True, False, True, EVENINGS_TOO),
    ],
}

# Room → bookings: (booker, weekday, hour, hours, title, weeks).
BOOKINGS = {
    "Salen": [("Camilla Friis Larsen", 4, 14, 3, "Fredagscafé", 8),
              ("Camilla Friis Larsen", 1, 19, 2, "Beboermøde", 1)],
    "Konsultationsrum 1": [("Sofie Lund Mikkelsen", 2, 9, 3, "Fremskudt konsultation: læge", 6)],
    "Køkkenet": [("Camilla Friis Larsen", 3, 16, 3, "Fællesspisning", 4)],
    "Store sal": [("Nadia Khalil", 0, 10, 2, "LÆR AT TACKLE angst og depression", 6)],
}


def _user(full_name: str) -> User:
    return User.objects.get(email=f"{email_local_part(full_name)}@{DEMO_DOMAIN}")


def _next(weekday: int, hour: int) -> datetime:
    today = timezone.localdate() + timedelta(days=1)
    day = today + timedelta(days=(weekday - today.weekday()) % 7)
    return datetime.combine(day, time(hour), tzinfo=timezone.get_current_timezone())


def load_rooms() -> None:
    """Create the demo's rooms and bookings once."""
    if Room.objects.filter(facility__name__in=list(ROOMS)).exists():
        return
    admin = _user("Torben Vestergaard")
    rooms: dict[str, Room] = {}
    for facility_name, specs in ROOMS.items():
        facility = Facility.objects.filter(name=facility_name).select_related("estate").first()
        if facility is None:
            continue
        for name, kind, capacity, step_free, loop, toilet, hours in specs:
            room = services.save_room(
                services.RoomInput(facility=facility, name=name, kind=kind, capacity=capacity,
                                   step_free_access=step_free, hearing_loop=loop, accessible_toilet=toilet),
                actor=admin,
            )
            services.set_opening_hours(room, dict(hours), actor=admin)
            rooms[name] = room
    for room_name, bookings in BOOKINGS.items():
        for booker, weekday, hour, length, title, weeks in bookings:
            start = _next(weekday, hour)
            services.book(rooms[room_name], services.weekly(start, start + timedelta(hours=length), weeks),
                          title=title, actor=_user(booker))
