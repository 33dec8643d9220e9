"""Rooms in the national year (a step of `national_activity.py`).

Rooms: a share of the facilities is split into bookable rooms as the demo splits its own
(`demo/rooms.py`: the common house's hall, its kitchen, now and then a garden or a meeting room;
consultation rooms in the health houses; a meeting room in some caretakers' offices; the
workshop), with the demo's opening hours, and bookings from a year back to three months ahead —
weekly series (the Friday café, a course, the nurse's outreach hours) and single times, a few
cancelled. Every booking lies in one of the fixed slots of its room's day and no slot is taken
twice, so no two bookings of a room overlap (PostgreSQL's exclusion constraint holds them to it).

At scale 1: about 5,200 rooms with 32,000 opening hours and 150,000 bookings. Bulk inserts and COPY only, from the year's seeded random generator.
"""

from __future__ import annotations

import base64
import uuid
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from django.utils import timezone

from lokalsundhed.core.permissions import Role
from lokalsundhed.demo.national_activity import Activity, register_step
from lokalsundhed.demo.rooms import EVENINGS_TOO, WEEKDAYS_8_TO_16
from lokalsundhed.organisations.models import Facility
from lokalsundhed.rooms.models import Booking, OpeningHours, Room

AHEAD_DAYS = 91  # bookings reach this far ahead
BOOKERS = {"housing": (Role.SOCIAL_WORKER, Role.CARETAKER, Role.ADMIN), "municipality": (Role.PROFESSIONAL, Role.ADMIN)}


# A room's day in slots that never overlap; every booking lies inside one of them.
SLOTS: dict[str, list[tuple[time, time]]] = {
    "day": [(time(8), time(10)), (time(10), time(12)), (time(13), time(15)), (time(15), time(16))],
    "evening": [(time(10), time(12)), (time(13), time(16)), (time(16, 30), time(18, 30)), (time(19), time(21))],
    "open": [(time(10), time(13)), (time(14), time(17)), (time(17), time(20))],
}
HOURS = {"day": WEEKDAYS_8_TO_16, "evening": EVENINGS_TOO, "open": {}}  # "open": no hours, always open


@dataclass(frozen=True)
class RoomSpec:
    name: str
    kind: str
    capacity: int | None  # None: the facility's
    chance: float
    hours: str
    use: float  # how busy, relative to the others
    municipal: float  # the share of its bookings made by the municipality's staff


# Facility kind → (the share of them with bookable rooms, their rooms).
ROOMS_OF: dict[str, tuple[float, list[RoomSpec]]] = {
    Facility.Kind.COMMON_ROOM: (0.37, [
        RoomSpec("Salen", Room.Kind.COMMON_HOUSE, None, 1.0, "evening", 1.4, 0.25),
        RoomSpec("Køkkenet", Room.Kind.KITCHEN, 12, 0.5, "evening", 0.8, 0.15),
        RoomSpec("Haven", Room.Kind.GARDEN, 40, 0.15, "open", 0.3, 0.1),
        RoomSpec("Mødelokalet", Room.Kind.OTHER, 10, 0.15, "evening", 0.7, 0.2),
    ]),
    Facility.Kind.HEALTH_CENTRE: (0.9, [
        RoomSpec("Konsultationsrum 1", Room.Kind.CONSULTATION, 3, 1.0, "day", 1.5, 0.8),
        RoomSpec("Konsultationsrum 2", Room.Kind.CONSULTATION, 3, 0.8, "day", 1.2, 0.8),
        RoomSpec("Konsultationsrum 3", Room.Kind.CONSULTATION, 3, 0.4, "day", 0.9, 0.8),
        RoomSpec("Gruppelokalet", Room.Kind.COMMON_HOUSE, 20, 0.6, "evening", 1.0, 0.6),
    ]),
    Facility.Kind.CARETAKER_OFFICE: (0.08, [RoomSpec("Mødelokalet", Room.Kind.OTHER, 8, 1.0, "day", 0.5, 0.2)]),
    Facility.Kind.OTHER: (0.15, [RoomSpec("Værkstedet", Room.Kind.OTHER, 12, 1.0, "evening", 0.6, 0.1)]),
}

# (room kind, who books) → what for.
TITLES: dict[tuple[str, str], tuple[str, ...]] = {
    (Room.Kind.COMMON_HOUSE, "housing"): ("Fredagscafé", "Beboermøde", "Fællesspisning", "Lektiecafé", "Seniortræf",
                                          "Afdelingsmøde", "Strikkecafé", "Banko"),
    (Room.Kind.COMMON_HOUSE, "municipality"): ("LÆR AT TACKLE angst og depression", "LÆR AT TACKLE kroniske smerter",
                                               "Informationsmøde om sund kost", "Motion for seniorer", "Sundhedscafé"),
    (Room.Kind.CONSULTATION, "housing"): ("Samtaler med boligsocial medarbejder", "Gældsrådgivning"),
    (Room.Kind.CONSULTATION, "municipality"): ("Fremskudt konsultation: sundhedsplejerske", "Fremskudt konsultation: læge",
                                               "Sundhedssamtaler", "Rygestop", "Åben rådgivning fra jobcenteret"),
    (Room.Kind.KITCHEN, "housing"): ("Fællesspisning", "Madklub", "Bagedag"),
    (Room.Kind.KITCHEN, "municipality"): ("Madlavning for mænd", "Sund mad på budget"),
    (Room.Kind.GARDEN, "housing"): ("Havedag", "Petanque for alle", "Sommerfest", "Fællesgrill"),
    (Room.Kind.GARDEN, "municipality"): ("Udendørs træning",),
    (Room.Kind.OTHER, "housing"): ("Bestyrelsesmøde", "Cykelværksted", "Reparationscafé", "Frivilligmøde"),
    (Room.Kind.OTHER, "municipality"): ("Netværksmøde", "Åben rådgivning"),
}
WEEKS = (4, 6, 6, 8, 8, 10, 12, 16, 20)
CANCELLED = 0.04


def _token(activity: Activity) -> str:
    """A feed token like `rooms.models.new_feed_token`, from the seeded generator."""
    return base64.urlsafe_b64encode(activity.rng.randbytes(24)).decode()


@register_step("room bookings")
def rooms(activity: Activity) -> int:
    """Rooms in a share of the facilities, their opening hours and bookings; returns the number
    of bookings."""
    rng, world = activity.rng, activity.world
    place = {e[0]: e for e in world.estates}
    have = set(Room.objects.values_list("facility_id", flat=True))
    facilities = [f for f in Facility.objects.order_by("pk").values_list("pk", "estate_id", "kind", "capacity",
                                                                          "step_free_access")
                  if f[0] not in have and f[1] in place]
    made: list[tuple[Room, RoomSpec, dict[str, tuple[int, list[int]]]]] = []
    for facility_id, estate_id, kind, capacity, step_free in facilities:
        share, specs = ROOMS_OF.get(kind, (0.0, []))
        if rng.random() >= share:
            continue
        _e, housing_id, municipality_id, _p = place[estate_id]
        # Who may book here: the housing organisation, and the municipality the estate lies in.
        bookers = {"housing": (housing_id, activity.staff_of(housing_id, *BOOKERS["housing"]))}
        council = world.council_of.get(municipality_id)
        if council is not None and activity.staff_of(council, *BOOKERS["municipality"]):
            bookers["municipality"] = (council, activity.staff_of(council, *BOOKERS["municipality"]))
        if not bookers["housing"][1]:
            del bookers["housing"]
        if not bookers:
            continue
        for spec in specs:
            if rng.random() >= spec.chance:
                continue
            room = Room(facility_id=facility_id, name=spec.name, kind=spec.kind,
                        capacity=spec.capacity or capacity or 40, step_free_access=step_free,
                        hearing_loop=spec.kind == Room.Kind.COMMON_HOUSE and rng.random() < 0.4,
                        accessible_toilet=step_free and rng.random() < 0.7, feed_token=_token(activity))
            made.append((room, spec, bookers))
    if not made:
        return 0
    weights = [spec.use * rng.lognormvariate(0, 0.5) for _r, spec, _b in made]
    per_weight = max(1, round(150_000 * activity.scale)) / sum(weights)
    bookings: list[tuple[Any, ...]] = []  # (room's index, then BOOKING_COLUMNS after the room)
    for index, ((room, spec, bookers), weight) in enumerate(zip(made, weights, strict=True)):
        rows = _bookings(activity, index, spec, max(1, round(weight * per_weight)), bookers)
        bookings += rows
        room.bookings_changed_at = max((row[8] or row[7] for row in rows), default=None)
    saved = activity.insert("rooms", (r[0] for r in made), len(made))
    hours = [(room.pk, day, opens, closes) for room, (_r, spec, _b) in zip(saved, made, strict=True)
             for day, (opens, closes) in sorted(HOURS[spec.hours].items())]
    activity.copy("opening hours", OpeningHours, ["room_id", "weekday", "opens", "closes"], hours, len(hours))
    columns = ["room_id", "starts_at", "ends_at", "title", "organisation_id", "booked_by_id", "series", "created_at",
               "cancelled_at", "cancelled_by_id", "revision"]
    activity.copy("room bookings", Booking, columns, ((saved[row[0]].pk, *row[1:]) for row in bookings), len(bookings))
    activity.counts |= {"rooms": len(saved), "opening hours": len(hours)}
    return len(bookings)


def _bookings(activity: Activity, index: int, spec: RoomSpec, quota: int,
              bookers: dict[str, tuple[int, list[int]]]) -> list[tuple[Any, ...]]:
    """About `quota` bookings of one room from a year back to AHEAD_DAYS ahead: weekly series and
    single times, each in a slot of its day nobody has taken. Rows: (room's index, starts, ends,
    title, organisation, booked by, series, created, cancelled, cancelled by, revision)."""
    rng, now = activity.rng, activity.now
    tz = timezone.get_current_timezone()
    first = timezone.localdate(now) - timedelta(days=365)
    span = 365 + AHEAD_DAYS
    slots = SLOTS[spec.hours]
    taken: set[tuple[date, int]] = set()
    rows: list[tuple[Any, ...]] = []
    for _attempt in range(3 * quota):
        if len(rows) >= quota:
            break
        who = "municipality" if "municipality" in bookers and (
            "housing" not in bookers or rng.random() < spec.municipal) else "housing"
        organisation, people = bookers[who]
        booker = rng.choice(people)
        day = first + timedelta(days=rng.randrange(span))
        if spec.hours == "day" and day.weekday() >= 5:  # open on weekdays only
            day += timedelta(days=7 - day.weekday())
        slot = rng.randrange(len(slots))
        opens, closes = slots[slot]
        length = closes.hour - opens.hour
        late = timedelta(minutes=30) if length >= 2 and rng.random() < 0.3 else timedelta(0)
        early = timedelta(minutes=30) if length >= 3 and rng.random() < 0.3 else timedelta(0)
        times: list[tuple[datetime, datetime]] = []
        for week in range(rng.choice(WEEKS) if rng.random() < 0.55 else 1):
            at = day + timedelta(weeks=week)
            if (at - first).days >= span or len(rows) + len(times) >= quota:
                break
            if (at, slot) not in taken:
                taken.add((at, slot))
                times.append((datetime.combine(at, opens, tzinfo=tz) + late,
                              datetime.combine(at, closes, tzinfo=tz) - early))
        if not times:
            continue
        # Booked some days or weeks before the first time, and never after now.
        created = min(times[0][0] - timedelta(days=rng.uniform(1, 30)), now - timedelta(hours=rng.uniform(1, 500)))
        created = min(max(created, now - timedelta(days=365)), times[0][0])
        series = uuid.UUID(int=rng.getrandbits(128), version=4) if len(times) > 1 else None
        title = rng.choice(TITLES[(spec.kind, who)])
        for start, end in times:
            cancelled = created + (min(start, now) - created) * rng.random() if rng.random() < CANCELLED else None
            rows.append((index, start, end, title, organisation, booker, series, created, cancelled,
                         booker if cancelled else None, 1 if cancelled else 0))
    return rows
