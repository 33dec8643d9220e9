"""Volunteers in the national year (a step of `national_activity.py`), and the sizes at a scale
that it and competence development (`national_training.py`) share.

Volunteers: associations (civil-society organisations) in the municipalities of the estates;
volunteers of every housing organisation — residents and association volunteers, applied, active
or stopped, a third of them there before the year began — with criminal-record certificates
(some running out within the reminder window, some run out); teams assigned to the year's
activities and courses (a share of them marked as involving children or vulnerable adults, whose
teams all hold a valid certificate); a shift per role at each session, held by a team member who
had joined by then, with the hours logged on most past ones, the coming ones partly open or
offered for swap. Volunteers with an e-mail address who were approved have a login (one-time
code, no password).

At scale 1: 500 associations, 20,000 volunteers (about 11,000 logins), about 28,000 assignments
to 6,000 activities (850 of them safeguarded) and 100,000 shifts. Bulk inserts or COPY only, from
the year's seeded random generator.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from django.contrib.auth.hashers import make_password
from django.utils import timezone

from lokalsundhed.accounts.models import User
from lokalsundhed.core.permissions import Role
from lokalsundhed.demo import words
from lokalsundhed.demo.national_activity import NATIONAL_DOMAIN, Activity, register_step
from lokalsundhed.offers.models import Offer, Session
from lokalsundhed.organisations.models import Municipality, Partnership
from lokalsundhed.volunteers.models import (
    CERTIFICATE_VALID,
    Assignment,
    CivilSocietyOrganisation,
    Safeguarding,
    Shift,
    Volunteer,
)
from lokalsundhed.volunteers.reminders import REMINDER_WINDOW as CERTIFICATE_REMINDER

ASSOCIATIONS = (
    "Røde Kors", "Ældre Sagen", "Red Barnet", "Dansk Flygtningehjælp Frivillig", "Kirkens Korshær",
    "Mødrehjælpen", "KFUM's Sociale Arbejde", "Dansk Folkehjælp", "Natteravnene", "Bydelsmødrene",
    "Frivilligcenter", "Venligboerne", "Hjerteforeningen", "Kræftens Bekæmpelse", "Lektiehjælpen",
    "Besøgstjenesten", "SIND", "Alzheimerforeningen",
)
# The volunteers' roles at each session of the national year's offers.
ROLES = {
    "Fredagscafé": ("Kaffe og kage", "Vært", "Opstilling og oprydning"),
    "Petanque for alle": ("Holdleder", "Kaffe og kage"),
    "Fællesspisning": ("Madlavning", "Madlavning", "Opvask", "Vært"),
    "LÆR AT TACKLE kroniske smerter": ("Instruktør", "Instruktør"),
    "LÆR AT TACKLE angst og depression": ("Instruktør", "Instruktør"),
}
OTHER_ROLES = {Offer.Kind.ACTIVITY: ("Hjælper", "Kaffe og kage"), Offer.Kind.COURSE: ("Instruktør",)}
SKILLS = ("Kaffe og kage", "Bagning", "Madlavning", "Gåture", "Lektiehjælp", "IT-hjælp", "Petanque", "Strikning",
          "Cykelreparation", "Tolkning", "Musik og fællessang", "Havearbejde", "Kortspil", "Motion for seniorer")
AVAILABILITY = ("Hverdage efter kl. 15", "Formiddage", "Weekender", "Tirsdage og torsdage", "Efter aftale", "")
LANGUAGES = (["da"],) * 12 + (["ar", "da"], ["tr", "da"], ["so", "da"], ["ur", "da"], ["uk", "en"], ["pl", "da"],
                              ["fa", "da"], ["en"])
VOLUNTEERED_SHARE = 0.9  # of the activities and courses
SAFEGUARDED_SHARE = 0.15


@dataclass(frozen=True)
class People:
    """How many at a scale: the national figures times the scale, at least one."""

    associations: int
    volunteers: int
    shifts: int
    training_sessions: int
    enrolments: int

    @classmethod
    def at_scale(cls, scale: float) -> People:
        return cls(associations=max(1, round(500 * scale)), volunteers=max(1, round(20_000 * scale)),
                   shifts=max(1, round(100_000 * scale)), training_sessions=max(1, round(2_000 * scale)),
                   enrolments=max(1, round(30_000 * scale)))


def _domain(part: str) -> str:
    return f"{part}.{NATIONAL_DOMAIN}"


def at_eight(at: date) -> datetime:
    return timezone.make_aware(datetime.combine(at, time(8)))


# --- Volunteers ------------------------------------------------------------------------------------


@dataclass
class _Member:
    """A volunteer on an activity's team, from `joined` until `ended` (None: still on it)."""

    volunteer: Volunteer
    role: str
    joined: datetime
    ended: datetime | None


def _associations(activity: Activity, n: int) -> dict[int, list[int]]:
    """`n` associations, at least one in each municipality with estates while they last, the rest
    where the estates are; returns municipality id → association ids."""
    rng = activity.rng
    estates_in: dict[int, int] = defaultdict(int)
    for _e, _h, municipality_id, _p in activity.world.estates:
        estates_in[municipality_id] += 1
    places = sorted(estates_in, key=lambda m: (-estates_in[m], m))
    if not places:
        return {}
    chosen = places[:n] + rng.choices(places, [estates_in[m] for m in places], k=max(0, n - len(places)))
    names = {pk: name.removesuffix(" Kommune").removesuffix(" Regionskommune")
             for pk, name in Municipality.objects.filter(pk__in=places).values_list("pk", "name")}
    taken: dict[int, set[str]] = defaultdict(set)
    for municipality_id, name in CivilSocietyOrganisation.objects.values_list("municipality_id", "name"):
        taken[municipality_id].add(name)
    made = []
    for n_, municipality_id in enumerate(chosen, start=1):
        free = [a for a in ASSOCIATIONS if f"{a} {names[municipality_id]}" not in taken[municipality_id]]
        name = f"{rng.choice(free)} {names[municipality_id]}" if free else \
            f"Beboerforeningen {words.compound(rng, words.ESTATE_SUFFIXES)} {n_}"
        taken[municipality_id].add(name)
        made.append(CivilSocietyOrganisation(
            municipality_id=municipality_id, name=name,
            contact_email=f"forening{n_}@{_domain('foreninger')}" if rng.random() < 0.8 else "",
            contact_phone=words.mobile(rng)))
    saved = activity.insert("associations", made, len(made))
    by_municipality: dict[int, list[int]] = defaultdict(list)
    for association in saved:
        by_municipality[association.municipality_id].append(association.pk)
    activity.counts["civil-society organisations"] = len(saved)
    return by_municipality


def _volunteered_offers(activity: Activity) -> list[tuple[int, int, str, str, datetime]]:
    """(offer id, housing organisation id, kind, title, created) of the activities and courses that
    have volunteers, in id order."""
    housing_of_estate = {e[0]: e[1] for e in activity.world.estates}
    housing_of_partnership: dict[int, int] = {}
    for partnership_id, org_id in Partnership.housing_organisations.through.objects.order_by(
            "-organisation_id").values_list("partnership_id", "organisation_id"):
        housing_of_partnership[partnership_id] = org_id  # the lowest id wins
    offers = []
    for pk, kind, title, estate_id, partnership_id, created in (
            Offer.objects.filter(kind__in=OTHER_ROLES, cancelled_at__isnull=True, archived_at__isnull=True)
            .filter(safeguarding__isnull=True).exclude(volunteer_shifts__isnull=False).order_by("pk")
            .values_list("pk", "kind", "title", "estate_id", "partnership_id", "created_at")):
        housing_id = housing_of_estate.get(estate_id) if estate_id else housing_of_partnership.get(partnership_id)
        if housing_id is not None and activity.rng.random() < VOLUNTEERED_SHARE:
            offers.append((pk, housing_id, kind, title, created))
    return offers


def _volunteer(activity: Activity, n: int, housing_id: int, estates: list[tuple[int, int]],
               associations: dict[int, list[int]], today: date) -> tuple[Volunteer, datetime | None]:
    """One volunteer of a housing organisation, and when they stopped (None: they have not)."""
    rng, now = activity.rng, activity.now
    estate_id, municipality_id = rng.choice(estates)
    nearby = associations.get(municipality_id, [])
    kind = Volunteer.Kind.NGO if nearby and rng.random() < 0.35 else Volunteer.Kind.RESIDENT
    status = rng.choices(list(Volunteer.Status), (6, 82, 12))[0]
    soon = n % 40 == 1  # one in forty: an active volunteer whose certificate runs out soon
    if soon:
        status = Volunteer.Status.ACTIVE
    if status == Volunteer.Status.APPLIED:
        created = activity.moment(45)
    elif rng.random() < 0.35:  # there before the year began
        created = activity.moment(3 * 365 - 366) - timedelta(days=366)
    else:
        created = activity.moment()
    checked_on = reminded_on = None
    if soon or (status != Volunteer.Status.APPLIED and rng.random() < (0.6 if kind == Volunteer.Kind.NGO else 0.3)):
        valid_days = CERTIFICATE_VALID.days
        if soon:  # runs out within the reminder window
            checked_on = today - timedelta(days=valid_days - rng.randint(0, CERTIFICATE_REMINDER.days - 1))
            if n // 40 % 3 == 1:  # a third reminded already; the others wait for the worker
                window = checked_on + CERTIFICATE_VALID - CERTIFICATE_REMINDER
                reminded_on = window + timedelta(days=rng.randint(0, (today - window).days))
        elif rng.random() < 0.05:  # run out
            checked_on = today - timedelta(days=valid_days + rng.randint(1, 200))
            reminded_on = checked_on + CERTIFICATE_VALID - CERTIFICATE_REMINDER + timedelta(days=rng.randint(0, 3))
        else:
            first = max(timezone.localdate(created), today - timedelta(days=valid_days - CERTIFICATE_REMINDER.days - 1))
            checked_on = first + timedelta(days=rng.randint(0, max(0, (today - first).days)))
        created = min(created, at_eight(checked_on) - timedelta(days=rng.randint(1, 30)))
    stopped = None
    if status == Volunteer.Status.INACTIVE:
        stopped = created + (now - created) * rng.uniform(0.2, 1.0)
    first_name, last_name = rng.choice(words.FIRST_NAMES), rng.choice(words.SURNAMES)
    phone = words.mobile(rng) if rng.random() < 0.92 else ""
    email = f"{words.email_local_part(f'{first_name} {last_name}')}.{n}@{_domain('frivillig')}" \
        if not phone or rng.random() < 0.55 else ""
    skills = ", ".join(rng.sample(SKILLS, rng.choice((1, 1, 2))))
    return Volunteer(
        housing_organisation_id=housing_id, estate_id=estate_id, kind=kind,
        civil_society_id=rng.choice(nearby) if kind == Volunteer.Kind.NGO else None,
        first_name=first_name, last_name=last_name, phone=phone, email=email, languages=rng.choice(LANGUAGES),
        skills=skills, availability=rng.choice(AVAILABILITY), consent_given_at=created, status=status,
        criminal_record_checked_on=checked_on, certificate_reminded_on=reminded_on, created_at=created,
        stopped_at=stopped,
    ), stopped


def _team(activity: Activity, offer: tuple[int, int, str, str, datetime], roles: tuple[str, ...],
          last_start: datetime, pool: list[tuple[Volunteer, datetime | None]], safeguarded: bool,
          today: date) -> list[_Member]:
    """Volunteers of the offer's housing organisation who join it, those who could join first
    first; with a valid certificate (dated before they join) where the offer is safeguarded."""
    rng, now = activity.rng, activity.now
    _pk, _housing_id, _kind, _title, created = offer
    size = len(roles) + 1 + rng.randint(0, len(roles))
    willing: list[tuple[datetime, Volunteer, datetime | None]] = []
    for volunteer, stopped in rng.sample(pool, min(len(pool), 4 * size)):
        joined = max(created + timedelta(days=rng.uniform(1, 14)),
                     volunteer.created_at + timedelta(days=rng.uniform(3, 21)))
        checked_on = volunteer.criminal_record_checked_on
        if safeguarded:
            if checked_on is None or checked_on + CERTIFICATE_VALID < today:
                continue
            joined = max(joined, at_eight(checked_on) + timedelta(hours=rng.uniform(1, 200)))
        ended = stopped if stopped is not None else (
            joined + (now - joined) * rng.uniform(0.3, 1.0) if rng.random() < 0.08 else None)
        if joined < min(last_start, now) and (ended is None or ended > joined + timedelta(days=7)):
            willing.append((joined, volunteer, ended))
    willing.sort(key=lambda w: (w[0], w[1].pk))
    return [_Member(volunteer, roles[n % len(roles)], joined, ended)
            for n, (joined, volunteer, ended) in enumerate(willing[:size])]


@register_step("volunteer shifts")
def volunteers(activity: Activity) -> int:
    """Associations, volunteers (and logins), safeguarded activities, assignments and shifts;
    returns the number of shifts."""
    rng, now, people = activity.rng, activity.now, People.at_scale(activity.scale)
    today = timezone.localdate(now)
    associations = _associations(activity, people.associations)
    estates_of: dict[int, list[tuple[int, int]]] = defaultdict(list)
    for estate_id, housing_id, municipality_id, _p in activity.world.estates:
        estates_of[housing_id].append((estate_id, municipality_id))
    coordinators = {h: activity.staff_of(h, Role.SOCIAL_WORKER, Role.ADMIN) for h in estates_of}
    housing = sorted(h for h in estates_of if coordinators[h])
    if not housing:
        return 0
    offers = [o for o in _volunteered_offers(activity) if o[1] in coordinators and coordinators[o[1]]]
    offers_in: dict[int, int] = defaultdict(int)
    for offer in offers:
        offers_in[offer[1]] += 1

    # The volunteers, more where there is more to do; logins for those approved with an e-mail.
    plan = [_volunteer(activity, n, h, estates_of[h], associations, today) for n, h in enumerate(
        rng.choices(housing, [5 + 10 * offers_in[h] for h in housing], k=people.volunteers), start=1)]
    logins = [User(email=v.email, full_name=str(v), password=make_password(None),
                   date_joined=min(now, v.created_at + timedelta(days=rng.uniform(1, 10))))
              for v, _s in plan if v.email and v.status != Volunteer.Status.APPLIED]
    users = iter(activity.insert("volunteer logins", logins, len(logins)))
    for volunteer, _s in plan:
        if volunteer.email and volunteer.status != Volunteer.Status.APPLIED:
            volunteer.user_id = next(users).pk
    saved = activity.insert("volunteers", (v for v, _s in plan), len(plan))
    pool: dict[int, list[tuple[Volunteer, datetime | None]]] = defaultdict(list)
    for volunteer, (_v, stopped) in zip(saved, plan, strict=True):
        if volunteer.status != Volunteer.Status.APPLIED:
            pool[volunteer.housing_organisation_id].append((volunteer, stopped))

    sessions: dict[int, list[tuple[int, datetime]]] = defaultdict(list)
    for pk, offer_id, starts in (Session.objects.filter(offer_id__in=[o[0] for o in offers], cancelled_at__isnull=True)
                                 .order_by("offer_id", "starts_at", "pk").values_list("pk", "offer_id", "starts_at")):
        sessions[offer_id].append((pk, starts))
    marked: list[Safeguarding] = []
    assignments: list[tuple[Any, ...]] = []
    slots: list[tuple[int, int, str, _Member | None, int]] = []  # session, offer, role, holder, housing org
    for offer in offers:
        pk, housing_id, kind, title, created = offer
        if not sessions[pk]:
            continue
        roles = ROLES.get(title, OTHER_ROLES[Offer.Kind(kind)])
        safeguarded = rng.random() < SAFEGUARDED_SHARE
        if safeguarded:
            marked.append(Safeguarding(offer_id=pk, marked_by_id=rng.choice(coordinators[housing_id]),
                                       marked_at=created + timedelta(hours=rng.uniform(1, 48))))
        team = _team(activity, offer, roles, sessions[pk][-1][1], pool[housing_id], safeguarded, today)
        if not team:
            continue  # nobody to take its shifts
        for member in team:
            assignments.append((member.volunteer.pk, pk, member.role, rng.choice(coordinators[housing_id]),
                                member.joined, member.ended))
        extra = ("Hjælper",) if kind == Offer.Kind.ACTIVITY and rng.random() < 0.5 else ()
        for session_id, starts in sessions[pk]:
            on_duty = [m for m in team if m.joined <= starts and (m.ended is None or m.ended > starts)]
            for role in roles + extra:
                open_ = rng.random() < (0.15 if starts > now else 0.03)
                fitting = [m for m in on_duty if m.role == role] or on_duty
                holder = None if open_ or not fitting else rng.choice(fitting)
                if holder is not None:
                    on_duty.remove(holder)
                slots.append((session_id, pk, role, holder, housing_id))
    if len(slots) > people.shifts:  # as many as the year holds: drop the surplus at random
        dropped = set(rng.sample(range(len(slots)), len(slots) - people.shifts))
        slots = [s for i, s in enumerate(slots) if i not in dropped]
    activity.insert("safeguarded", marked, len(marked))
    activity.copy("assignments", Assignment, ["volunteer_id", "offer_id", "role", "created_by_id", "created_at",
                                              "ended_at"], assignments, len(assignments))
    starts_of = {s: starts for offer_sessions in sessions.values() for s, starts in offer_sessions}

    def shifts() -> Iterable[tuple[Any, ...]]:
        for session_id, offer_id, role, holder, housing_id in slots:
            minutes = logged_by = swap = None
            starts = starts_of[session_id]
            if holder is not None and starts <= now and rng.random() < 0.85:
                minutes = rng.choice((60, 90, 120, 120, 150, 180, 240))
                logged_by = rng.choice(coordinators[housing_id])
            elif holder is not None and starts > now and rng.random() < 0.08:
                swap = max(holder.joined, now - timedelta(days=rng.uniform(0, 7)))
            yield (session_id, offer_id, role, holder.volunteer.pk if holder else None, swap, minutes, logged_by)

    made = activity.copy("shifts", Shift, ["session_id", "offer_id", "role", "volunteer_id", "swap_offered_at",
                                           "minutes", "logged_by_id"], shifts(), len(slots))
    activity.counts |= {"volunteers": len(saved), "volunteer logins": len(logins),
                        "volunteer assignments": len(assignments), "safeguarded activities": len(marked)}
    return made
