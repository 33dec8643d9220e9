"""Rooms, small steps into work and the knowledge behind area profiles and partnership goals in
the national year (steps of `national_activity.py`).

Rooms: a share of the facilities is split into bookable rooms as the demo splits its own
(`demo/rooms.py`: the common house's hall, its kitchen, now and then a garden or a meeting room;
consultation rooms in the health houses; a meeting room in some caretakers' offices; the
workshop), with the demo's opening hours, and bookings from a year back to three months ahead —
weekly series (the Friday café, a course, the nurse's outreach hours) and single times, a few
cancelled. Every booking lies in one of the fixed slots of its room's day and no slot is taken
twice, so no two bookings of a room overlap (PostgreSQL's exclusion constraint holds them to it).

Small steps into work: each housing organisation's registry of local companies (valid CVR
numbers), opportunities in its estates (a company's, or the housing organisation's own, some
archived), and residents' interest followed up by the housing social workers — every move
recorded, from "interested" to the interest's state (the older, the further it got).

Area profiles and goals: the demo's Statistics Denmark tables (population now and projected)
grown to every municipality of the batch, each with a size and age profile of its own drawn
from the country's; residents by age band for every estate (from its homes); each partnership's
theme of the year (in December some have chosen next year's already) and a handful of shared
goals from KL/BL's recommendations on indicators of the catalogue, their baseline and target set
around what the indicator measures today, with the snapshot the nightly worker takes for every
day since the goal started, converging on today's measured value.

At scale 1: about 5,200 rooms with 32,000 opening hours and 150,000 bookings; 3,000 companies,
10,000 opportunities and 40,000 interests with 105,000 state changes; 7,000 residents' counts,
62,000 statistics cells (98 municipalities beside the country), 80 partnership years (in December
about 25 more, for next year), 360 goals and 112,000 goal snapshots — some 18 s on PostgreSQL.
Bulk inserts and COPY only, from the year's seeded random generator.
"""

from __future__ import annotations

import base64
import json
import math
import uuid
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any

from django.db import connection
from django.utils import timezone

from lokalsundhed.core.permissions import Role
from lokalsundhed.demo import words
from lokalsundhed.demo.national_activity import Activity, register_step
from lokalsundhed.demo.profiles import FIXTURES, GOALS
from lokalsundhed.demo.rooms import EVENINGS_TOO, WEEKDAYS_8_TO_16
from lokalsundhed.organisations.models import Estate, Facility, Municipality, Partnership
from lokalsundhed.profiles import dst, indicators, progress
from lokalsundhed.profiles.models import (
    EstateResidents,
    Goal,
    GoalSnapshot,
    PartnershipYear,
    Recommendation,
    StatisticsCell,
    StatisticsTable,
)
from lokalsundhed.profiles.selectors import BAND_FIELDS, COUNTRY, band_of
from lokalsundhed.rooms.models import Booking, OpeningHours, Room
from lokalsundhed.work.models import Company, Interest, InterestTransition, Opportunity

AHEAD_DAYS = 91  # bookings reach this far ahead
BOOKERS = {"housing": (Role.SOCIAL_WORKER, Role.CARETAKER, Role.ADMIN), "municipality": (Role.PROFESSIONAL, Role.ADMIN)}

# --- Rooms ---------------------------------------------------------------------------------------

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


# --- Small steps into work ------------------------------------------------------------------------

Kind = Opportunity.Kind
State = Interest.State
# A company's trade: its name ({place}: the town, {surname}, {stem}) and what it offers:
# (kind, title, hours a week, description).
TRADES: list[tuple[str, list[tuple[str, str, int, str]]]] = [
    ("Bageriet i {place}", [
        (Kind.SMALL_JOB, "Hjælp i bageriet lørdag morgen", 4, "Pak brød og hjælp i butikken fra kl. 6 til 10."),
        (Kind.TRIAL, "Praktik i bageriet", 15, "Fire uger i bageriet og butikken. Du lærer det hele på stedet.")]),
    ("{place} Cykelværksted", [
        (Kind.INTERNSHIP, "Læreplads på cykelværkstedet", 30, "For dig, der vil være cykelmekaniker."),
        (Kind.SMALL_JOB, "Hjælp på værkstedet om eftermiddagen", 6, "Lap slanger og skift kæder sammen med os.")]),
    ("Byggemarkedet {place}", [
        (Kind.TRIAL, "Praktik i byggemarkedets lager", 20, "Modtag varer og hjælp kunderne. Sikkerhedssko får du af os."),
        (Kind.SMALL_JOB, "Varer på hylderne om aftenen", 8, "To aftener om ugen, når butikken er lukket.")]),
    ("{surname}s Malerfirma", [
        (Kind.TRIAL, "Praktik som maler", 25, "Seks uger med på opgaver i området. Arbejdstøj får du af os.")]),
    ("Rengøringsfirmaet {stem}", [
        (Kind.SMALL_JOB, "Rengøring af trappeopgange", 6, "Tidligt om morgenen, tre dage om ugen."),
        (Kind.TRIAL, "Praktik i rengøring", 20, "Fire ugers praktik med fast kollega.")]),
    ("Café {stem}", [
        (Kind.SMALL_JOB, "Opvask og servering i weekenden", 8, "Lørdag og søndag formiddag."),
        (Kind.TRIAL, "Praktik i caféens køkken", 20, "Lær at lave frokost til mange sammen med kokken.")]),
    ("{surname} Anlæg og Have", [
        (Kind.TRIAL, "Praktik med grønne områder", 20, "Græs, hække og beplantning i boligområderne."),
        (Kind.SMALL_JOB, "Sommerhjælp i haverne", 10, "Juni til august, gerne om formiddagen.")]),
    ("Købmanden i {place}", [
        (Kind.SMALL_JOB, "Flaskeretur og varer på hylderne", 6, "Et par timer efter skole eller arbejde.")]),
    ("{surname}s Autoværksted", [
        (Kind.INTERNSHIP, "Læreplads som mekaniker", 30, "Vi tager en lærling i år. Start med en uges praktik.")]),
]
# What the housing organisation offers itself.
OWN: list[tuple[str, str, int, str]] = [
    (Kind.TRIAL, "Praktik hos ejendomsfunktionærerne", 15,
     "Tre måneder med grønne områder, affald og små reparationer sammen med vores ejendomsfunktionærer."),
    (Kind.VOLUNTEERING, "Frivillig i fredagscaféen", 3, "Lav kaffe, bag kage og tag imod naboerne."),
    (Kind.VOLUNTEERING, "Frivillig lektiehjælper", 2, "Hjælp børnene med lektierne i beboerhuset."),
    (Kind.SMALL_JOB, "Sommerjob med grønne områder", 10, "Slå græs og luge bede i sommerferien."),
    (Kind.SMALL_JOB, "Hjælp til storskraldsdagen", 5, "Sortér og bær sammen med ejendomsfunktionærerne."),
]
MESSAGES = ("", "", "", "", "Jeg kan kun om formiddagen.", "Ring gerne efter kl. 15.", "Jeg har prøvet det før.",
            "Jeg taler bedst engelsk.", "Kan jeg tage min veninde med?", "Jeg vil gerne høre mere.")
STOPS: dict[str, tuple[str, ...]] = {State.INTERESTED: (Interest.StopReason.NO_CONTACT, Interest.StopReason.RESIDENT_WITHDREW),
         State.CONTACTED: (Interest.StopReason.NOT_SUITABLE, Interest.StopReason.RESIDENT_WITHDREW,
                           Interest.StopReason.OTHER_WORK),
         State.STARTED: (Interest.StopReason.OTHER_WORK, Interest.StopReason.NOT_SUITABLE, Interest.StopReason.OTHER)}
# From each open state: (the next state, chance, days until it happens).
NEXT: dict[str, tuple[str, float, tuple[float, float]]] = {
    State.INTERESTED: (State.CONTACTED, 0.85, (0.5, 10)),
    State.CONTACTED: (State.STARTED, 0.6, (3, 30)),
    State.STARTED: (State.COMPLETED, 0.7, (14, 120)),
}
STAMP: dict[str, str] = {State.CONTACTED: "contacted_at", State.STARTED: "started_at", State.COMPLETED: "closed_at",
         State.STOPPED: "closed_at"}
def _cvr(activity: Activity, taken: set[str]) -> str:
    """A new CVR number whose check digit is right (`work.cvr`)."""
    while True:
        digits = [activity.rng.randint(1, 9)] + [activity.rng.randrange(10) for _ in range(6)]
        check = -sum(d * w for d, w in zip(digits, (2, 7, 6, 5, 4, 3, 2), strict=False)) % 11
        cvr = "".join(map(str, digits)) + str(check)
        if check < 10 and cvr not in taken:
            taken.add(cvr)
            return cvr


@register_step("interests in work")
def work(activity: Activity) -> int:
    """Companies, opportunities, interests and their every state change; returns the number of
    interests."""
    from lokalsundhed.demo.national import NATIONAL_DOMAIN  # (national imports this module)

    rng, now = activity.rng, activity.now
    # The housing organisations whose social workers follow residents up (`work_steps`).
    followers = {h: activity.staff_of(h, Role.SOCIAL_WORKER) for h in {e[1] for e in activity.world.estates}}
    estates = [e for e in activity.world.estates if followers[e[1]]]
    if not estates:
        return 0
    towns = dict(Estate.objects.filter(pk__in=[e[0] for e in estates]).values_list("pk", "city"))
    estates_of: dict[int, list[tuple[int, int, int, str]]] = defaultdict(list)
    for estate in estates:
        estates_of[estate[1]].append(estate)

    taken = set(Company.objects.values_list("cvr", flat=True))
    registries = sorted(estates_of)
    plan: list[tuple[Company, int]] = []  # (company, its trade)
    for n in range(max(1, round(3_000 * activity.scale))):
        # Every registry gets a company while there are enough; the big ones get more.
        housing = registries[n] if n < len(registries) else \
            rng.choices(registries, [len(estates_of[h]) for h in registries])[0]
        trade = rng.randrange(len(TRADES))
        surname, contact = rng.choice(words.SURNAMES), f"{rng.choice(words.FIRST_NAMES)} {rng.choice(words.SURNAMES)}"
        name = TRADES[trade][0].format(place=towns[rng.choice(estates_of[housing])[0]] or "Byen", surname=surname,
                                       stem=rng.choice(words.STEMS))
        plan.append((Company(
            housing_organisation_id=housing, name=name, cvr=_cvr(activity, taken), contact_name=contact,
            contact_phone=words.mobile(activity.rng),
            contact_email=f"{words.email_local_part(contact)}@virksomhed.{NATIONAL_DOMAIN}" if rng.random() < 0.6 else "",
            is_active=rng.random() < 0.95, created_by_id=rng.choice(followers[housing]), created_at=activity.moment(),
        ), trade))
    companies = activity.insert("companies", (c for c, _t in plan), len(plan))
    registry: dict[int, list[tuple[Company, int]]] = defaultdict(list)
    for company, (_c, trade) in zip(companies, plan, strict=True):
        if company.is_active:
            registry[company.housing_organisation_id].append((company, trade))

    opportunities = []
    for _ in range(max(1, round(10_000 * activity.scale))):
        estate_id, housing, _m, _p = rng.choice(estates)
        offered: tuple[Company | None, int] = (None, -1)
        if registry[housing] and rng.random() < 0.7:
            offered = rng.choice(registry[housing])
        by, trade = offered
        kind, title, hours, description = rng.choice(TRADES[trade][1] if by else OWN)
        created = activity.moment(330)
        if by is not None:  # offered once the company is in the registry
            created = min(max(created, by.created_at + timedelta(days=1)), now - timedelta(hours=1))
        archived = created + timedelta(days=rng.uniform(30, 240)) if rng.random() < 0.15 else None
        opportunities.append(Opportunity(
            estate_id=estate_id, company_id=by.pk if by else None, kind=kind, title=title, description=description,
            hours_per_week=hours, is_published=rng.random() < 0.93, created_by_id=rng.choice(followers[housing]),
            created_at=created, archived_at=archived if archived and archived < now else None,
        ))
    opportunities = activity.insert("opportunities", opportunities, len(opportunities))
    housing_of = {e[0]: e[1] for e in estates}

    interests: list[Interest] = []
    histories: list[list[tuple[str, str, int | None, datetime]]] = []
    # Residents see published opportunities only, and an archived one only until it was archived.
    shown = [o for o in opportunities if o.is_published]
    popularity = [rng.lognormvariate(0, 0.8) for _ in shown]
    for opportunity in rng.choices(shown, popularity, k=max(1, round(40_000 * activity.scale))) if shown else []:
        workers = followers[housing_of[opportunity.estate_id]]
        until = opportunity.archived_at or now
        created = opportunity.created_at + (until - opportunity.created_at) * rng.random() ** 0.8
        interest = Interest(opportunity_id=opportunity.pk, first_name=rng.choice(words.FIRST_NAMES),
                            phone=words.mobile(activity.rng), message=rng.choice(MESSAGES), consent=True, created_at=created)
        # Most show interest on the public page; now and then a social worker enters it for them.
        entered_by = rng.choice(workers) if rng.random() < 0.2 else None
        history: list[tuple[str, str, int | None, datetime]] = [("", State.INTERESTED, entered_by, created)]
        at = created
        worker = rng.choice(workers)
        while interest.state in NEXT:
            to, chance, (low, high) = NEXT[interest.state]
            if rng.random() > chance:  # stopped on the way
                to, (low, high) = State.STOPPED, (low, high / 2)
            at += timedelta(days=rng.uniform(low, high))
            if at > now:  # still waiting for its next step
                break
            if to == State.STOPPED:
                interest.stop_reason = rng.choice(STOPS[interest.state])
            history.append((interest.state, to, worker, at))
            interest.state = to
            setattr(interest, STAMP[to], at)
        interests.append(interest)
        histories.append(history)
    saved = activity.insert("interests", interests, len(interests))
    changes = [(i.pk, a, b, actor, at) for i, history in zip(saved, histories, strict=True)
               for a, b, actor, at in history]
    activity.copy("interest changes", InterestTransition, ["interest_id", "from_state", "to_state", "actor_id", "at"],
                  changes, len(changes))
    activity.counts |= {"companies": len(companies), "opportunities": len(opportunities),
                        "interest state changes": len(changes)}
    return len(saved)


# --- Area profiles and partnership goals ----------------------------------------------------------

FIXTURES_DIR = Path(__file__).resolve().parent.parent / "profiles" / "fixtures"  # as `demo.profiles` reads them
PROJECTION_LABEL = "Befolkningsfremskrivning 2025 for kommuner efter område, køn, alder og tid"
# The biggest municipalities' people (rounded); the others get a size around the median.
BIG_CITIES = {"0101": 660_000, "0751": 370_000, "0851": 225_000, "0461": 210_000, "0630": 120_000,
              "0561": 116_000, "0147": 105_000, "0730": 100_000, "0740": 100_000, "0621": 95_000, "0615": 95_000}
# An estate's residents by age band (0–17, 18–64, 65–79, 80+): families, mixed, seniors' homes; how common.
RESIDENT_MIXES = [((0.28, 0.55, 0.12, 0.05), 40), ((0.20, 0.55, 0.17, 0.08), 50), ((0.05, 0.35, 0.35, 0.25), 10)]
PEOPLE_PER_HOME = (1.5, 2.3)
# The demo's goals and a few more, as (recommendation, indicator, title, baseline, target).
GOAL_POOL: list[tuple[str, str, str, float, float]] = [
    *GOALS,
    (Recommendation.SMALL_STEPS, "work_started", "Flere beboere tager et lille skridt mod job", 5, 30),
    (Recommendation.SMALL_STEPS, "work_reach", "Flere beboere viser interesse for job og praktik", 10, 50),
    (Recommendation.BUSINESSES, "work_completion_share", "Flere skridt mod job gennemføres hos lokale virksomheder",
     40, 60),
    (Recommendation.NETWORKS, "sign_ups", "Flere beboere deltager i de lokale tilbud", 100, 300),
]
CUMULATIVE = (indicators.Unit.COUNT, indicators.Unit.HOURS, indicators.Unit.RATE)  # grow through the period
SPREAD = {indicators.Unit.PERCENT: 45.0, indicators.Unit.POINTS: 12.0}  # one person's spread around a level
STEP = {indicators.Unit.PERCENT: (5.0, 20.0), indicators.Unit.POINTS: (2.0, 6.0)}  # a year's aim for a level


@dataclass(frozen=True)
class Shape:
    """A municipality against the country: its people, its age bands' weight, their growth."""

    people: float
    tilt: dict[str, float]
    drift: dict[str, float]  # change every five years beyond the country's projection


def _shape(activity: Activity, code: str) -> Shape:
    rng = activity.rng
    people = BIG_CITIES.get(code) or min(90_000.0, max(5_000.0, rng.lognormvariate(math.log(42_000), 0.55)))
    city = code in BIG_CITIES
    tilt = {"0-17": rng.uniform(0.85, 1.15), "18-64": rng.uniform(1.0, 1.15) if city else rng.uniform(0.9, 1.05),
            "65-79": rng.uniform(0.75, 1.0) if city else rng.uniform(0.95, 1.3), "80+": rng.uniform(0.8, 1.35)}
    drift = {band: rng.uniform(0.0, 0.04) if city else rng.uniform(-0.04, 0.02) for band in tilt}
    return Shape(people, tilt, drift)


def _year(period: str) -> int:
    return int(period[:4]) if period[:4].isdigit() else 0


def _json(value: dict[str, str]) -> Any:
    """A JSON column's value for `Activity.copy`: text to PostgreSQL's COPY, the object to a model."""
    return json.dumps(value, ensure_ascii=False) if connection.vendor == "postgresql" else value


def _statistics(activity: Activity) -> int:
    """The demo's tables (stored as the demo imports them, when missing), grown to every
    municipality of the batch from the country's own cells; returns the number of cells made."""
    columns = ["table_id", "key", "codes", "area", "age", "period", "value", "status"]
    stored = set(StatisticsTable.objects.values_list("table_id", flat=True))
    made = 0
    for name in FIXTURES:
        if name.split(".")[0] not in stored:
            table, rows = _fixture(activity, name)
            made += activity.copy(table.table_id, StatisticsCell, columns, rows, len(rows))
    ids = {e[2] for e in activity.world.estates} | set(activity.world.council_of)
    names = dict(Municipality.objects.filter(pk__in=ids).values_list("code", "name"))
    shapes = {code: _shape(activity, code) for code in sorted(names)}
    grown: list[tuple[Any, ...]] = []
    for table in StatisticsTable.objects.filter(table_id__in=[n.split(".")[0] for n in FIXTURES]).order_by("table_id"):
        grown += _grown(table, names, shapes)
    return made + activity.copy("statistics", StatisticsCell, columns, grown, len(grown))


def _fixture(activity: Activity, name: str) -> tuple[StatisticsTable, list[tuple[Any, ...]]]:
    """A fixture's table as `profiles.services.import_table` stores it, with its cells as rows —
    without the import's access-log entry, which, dated now amid a log dated over the year, would
    hold up sealing the generated log."""
    parsed = dst.read(FIXTURES_DIR / name)
    table = StatisticsTable.objects.create(
        table_id=parsed.table_id, label=PROJECTION_LABEL if name.startswith("FRKM") else parsed.label,
        source=parsed.source, updated=parsed.updated, dimension_ids=[d.id for d in parsed.dimensions],
        dimensions={d.id: {"label": d.label, "categories": [list(c) for c in d.categories]} for d in parsed.dimensions},
        roles=parsed.roles, units=parsed.units, source_format=parsed.source_format, imported_at=activity.now,
    )
    dims = table.dimension_ids
    return table, [_cell(table, dims, dict(zip(dims, codes, strict=True)), value, status)
                   for codes, value, status in parsed.cells]


def _grown(table: StatisticsTable, names: dict[str, str], shapes: dict[str, Shape]) -> list[tuple[Any, ...]]:
    """Cells of the areas the table lacks, each the country's cell times the area's share, age
    tilt and growth (the age totals: their sums); the table's area dimension gets their names."""
    dims = table.dimension_ids
    categories = table.dimensions.get(dst.AREA, {}).get("categories", [])
    new = [code for code in shapes if code not in {c for c, _l in categories}]
    country = list(StatisticsCell.objects.filter(table=table, area=COUNTRY).order_by("pk").values_list("codes", "value"))
    if not new or not country or dst.AGE not in dims:
        return []
    base = min(codes.get(dst.TIME, "") for codes, _v in country)
    bands: dict[str, float] = defaultdict(float)  # the country's people by band, in the first period
    for codes, value in country:
        band = band_of(codes[dst.AGE])
        if band and codes.get(dst.TIME, "") == base:
            bands[band] += value or 0
    whole = sum(bands.values())
    if not whole:
        return []
    rows = []
    for code in new:
        shape = shapes[code]
        scale = shape.people / sum(bands[b] * shape.tilt[b] for b in bands)
        sums: dict[tuple[str, ...], float] = defaultdict(float)
        totals = []
        for codes, value in country:
            cell = {**codes, dst.AREA: code}
            band = band_of(codes[dst.AGE])
            rest = tuple(c for d, c in cell.items() if d != dst.AGE)
            if band is None:
                totals.append((cell, rest))
                continue
            years = (_year(codes.get(dst.TIME, "")) - _year(base)) / 5
            people = None if value is None else \
                float(round(value * scale * shape.tilt[band] * (1 + shape.drift[band]) ** years))
            sums[rest] += people or 0
            rows.append(_cell(table, dims, cell, people))
        rows += [_cell(table, dims, cell, sums[rest]) for cell, rest in totals]
    label = {code: name.removesuffix(" Kommune") for code, name in names.items()}
    dimensions = {**table.dimensions, dst.AREA: {**table.dimensions[dst.AREA],
                                                 "categories": [*categories, *([c, label[c]] for c in new)]}}
    StatisticsTable.objects.filter(pk=table.pk).update(dimensions=dimensions)
    return rows


def _cell(table: StatisticsTable, dims: list[str], codes: dict[str, str], value: float | None,
          status: str = "") -> tuple[Any, ...]:
    ordered = {d: codes[d] for d in dims}
    return (table.pk, "|".join(ordered.values()), _json(ordered), codes.get(dst.AREA, ""), codes.get(dst.AGE, ""),
            codes.get(dst.TIME, ""), value, status)


def _residents(activity: Activity) -> int:
    """Every estate's residents by age band on the first of January, from its homes."""
    rng = activity.rng
    as_of = date(timezone.localdate(activity.now).year, 1, 1)
    have = set(EstateResidents.objects.filter(as_of=as_of).values_list("estate_id", flat=True))
    rows = []
    for estate_id, _h, _m, _p in activity.world.estates:
        if estate_id in have:
            continue
        people = (len(activity.world.dwellings.get(estate_id, [])) or rng.randint(4, 40)) * rng.uniform(*PEOPLE_PER_HOME)
        mix = rng.choices([m for m, _w in RESIDENT_MIXES], [w for _m, w in RESIDENT_MIXES])[0]
        rows.append((estate_id, as_of, *(round(people * share * rng.uniform(0.8, 1.2)) for share in mix)))
    return activity.copy("residents", EstateResidents, ["estate_id", "as_of", *BAND_FIELDS.values()], rows, len(rows))


def _aim(activity: Activity, indicator: indicators.Indicator, measure: indicators.Measure, elapsed: float,
         demo: tuple[float, float]) -> tuple[float, float]:
    """A baseline and a target around what the indicator measures today, `elapsed` (0–1) into
    the goal's period: about half the goals on track."""
    rng = activity.rng
    value = measure.shown_value
    if value is None or elapsed < 0.05:
        baseline, target = (x * rng.uniform(0.8, 1.2) for x in demo)
    elif indicator.unit in CUMULATIVE:  # counted from the start: aim at where the year is heading
        heading = value / elapsed
        baseline, target = heading * rng.uniform(0, 0.1), heading * rng.uniform(0.75, 1.3)
    else:  # a level: moved part of the way a straight line says by now
        sign = 1 if indicator.higher_is_better else -1
        step = sign * rng.uniform(*STEP.get(indicator.unit, (2.0, 6.0)))
        baseline = value - step * elapsed * rng.uniform(0.3, 1.6)
        target = baseline + step
        if indicator.unit == indicators.Unit.PERCENT:
            baseline, target = min(100.0, max(0.0, baseline)), min(100.0, max(0.0, target))
    digits = 0 if indicator.unit == indicators.Unit.COUNT else 1
    baseline, target = round(baseline, digits), round(target, digits)
    if target == baseline:
        target = baseline + (1 if indicator.higher_is_better else -1)
    return baseline, target


def _history(activity: Activity, goal: Goal, indicator: indicators.Indicator, measure: indicators.Measure,
             today: date) -> list[tuple[Any, ...]]:
    """A snapshot for every day of the goal's period until today, as the nightly worker takes them:
    the figure growing (a count) or settling (a level) on what it measures today, on few people
    at first and so often suppressed. Rows: (goal, day, value, n, expected, on track)."""
    rng = activity.rng
    days = (today - goal.starts_on).days + 1
    rows = []
    last = 0.0
    for i in range(days):
        day = goal.starts_on + timedelta(days=i)
        done = (i + 1) / days
        if i == days - 1:
            shown, n = measure.shown_value, measure.n
        else:
            n = int(measure.n * done)
            value = None if measure.value is None else measure.value * done if indicator.unit in CUMULATIVE else \
                measure.value + rng.gauss(0, SPREAD.get(indicator.unit, 10.0)) / math.sqrt(max(n, 1)) * (1 - done)
            if indicator.unit == indicators.Unit.COUNT:
                value = float(n)
            elif value is not None and indicator.unit in CUMULATIVE:
                value = last = max(last, round(value, 1))
            elif value is not None:
                value = round(min(100.0, max(0.0, value)) if indicator.unit == indicators.Unit.PERCENT else value, 1)
            part = round(value * n / 100) if value is not None and indicator.unit == indicators.Unit.PERCENT else None
            shown = indicators.Measure(value, n, part).shown_value
        expected = round(progress.expected_by(goal, day), 2)
        rows.append((goal.pk, day, shown, n, expected, progress.judge(goal, shown, expected)[0]))
    return rows


@register_step("goal snapshots")
def profiles(activity: Activity) -> int:
    """Statistics for every municipality, residents of every estate, and the partnerships'
    themes, goals and goal history; returns the number of goal snapshots."""
    rng, now = activity.rng, activity.now
    activity.counts["statistics cells"] = _statistics(activity)
    activity.counts["residents' counts"] = _residents(activity)
    today = timezone.localdate(now)
    tz = timezone.get_current_timezone()
    year_start = date(today.year, 1, 1)
    busy = set(PartnershipYear.objects.filter(year=today.year).values_list("partnership_id", flat=True))
    busy |= set(Goal.objects.values_list("partnership_id", flat=True))
    partnerships = [p for p in Partnership.objects.filter(pk__in=set(activity.world.partnership_of.values()))
                    .exclude(pk__in=busy).order_by("pk")
                    if (p.starts_on or year_start) <= today
                    and activity.staff_of(p.municipality_id, Role.ANALYST, Role.ADMIN)]
    pool = [(recommendation, found, title, (baseline, target)) for recommendation, key, title, baseline, target
            in GOAL_POOL if (found := indicators.get(key)) is not None]

    def moment_from(day: date) -> datetime:
        at = datetime.combine(day + timedelta(days=rng.uniform(0, 20)), time(rng.randint(8, 15), rng.randint(0, 59)),
                              tzinfo=tz)
        return min(at, now - timedelta(minutes=rng.randint(5, 600)))

    years, goals, measured, renamed = [], [], [], []
    for partnership in partnerships:
        lead = rng.choice(activity.staff_of(partnership.municipality_id, Role.ANALYST, Role.ADMIN))
        starts = max(year_start, partnership.starts_on or year_start)
        theme = partnership.yearly_theme or rng.choice(words.PARTNERSHIP_THEMES)
        years.append(PartnershipYear(partnership=partnership, year=today.year, theme=theme, created_by_id=lead,
                                     created_at=moment_from(starts)))
        if today.month == 12 and rng.random() < 0.3:  # next year's theme, chosen in December
            partnership.yearly_theme = rng.choice([t for t in words.PARTNERSHIP_THEMES if t != theme])
            years.append(PartnershipYear(partnership=partnership, year=today.year + 1, theme=partnership.yearly_theme,
                                         created_by_id=lead, created_at=moment_from(max(starts, today - timedelta(days=5)))))
            renamed.append(partnership)
        estates = Estate.objects.filter(partnerships=partnership.pk)
        end = date(today.year, 12, 31)
        if end <= starts:
            continue
        for recommendation, indicator, title, demo in rng.sample(pool, min(len(pool), rng.randint(3, 6))):
            # What the goal measures today (`profiles.progress.measure_goal`): the baseline and target go round it.
            measure = indicator.measure(estates, starts, today + timedelta(days=1))
            elapsed = (today - starts).days / (end - starts).days
            baseline, target = _aim(activity, indicator, measure, elapsed, demo)
            created = moment_from(starts)
            archived = created + (now - created) * rng.random() if rng.random() < 0.05 else None
            goals.append(Goal(partnership=partnership, year=today.year, recommendation=recommendation,
                              indicator=indicator.key, title=title, baseline=baseline, target=target,
                              starts_on=starts, target_date=end, created_by_id=lead, created_at=created,
                              archived_at=archived))
            measured.append((indicator, measure))
    activity.insert("partner years", years, len(years))
    Partnership.objects.bulk_update(renamed, ["yearly_theme"])  # the current theme follows the newest year
    goals = activity.insert("goals", goals, len(goals))

    # Taken from the day the goal was set until it was archived, if it was.
    snapshots = [row for goal, (indicator, measure) in zip(goals, measured, strict=True)
                 for row in _history(activity, goal, indicator, measure, today)
                 if timezone.localdate(goal.created_at) <= row[1]
                 and (goal.archived_at is None or row[1] <= timezone.localdate(goal.archived_at))]
    columns = ["goal_id", "taken_on", "value", "n", "expected", "on_track"]
    made = activity.copy("goal snapshots", GoalSnapshot, columns, snapshots, len(snapshots))
    activity.counts |= {"partnership years": len(years), "partnership goals": len(goals)}
    return made
