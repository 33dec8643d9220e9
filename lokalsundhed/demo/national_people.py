"""Volunteers and competence development in the national year (steps of `national_activity.py`).

Volunteers: associations (civil-society organisations) in the municipalities of the estates;
volunteers of every housing organisation — residents and association volunteers, applied, active
or stopped, a third of them there before the year began — with criminal-record certificates
(some running out within the reminder window, some run out); teams assigned to the year's
activities and courses (a share of them marked as involving children or vulnerable adults, whose
teams all hold a valid certificate); a shift per role at each session, held by a team member who
had joined by then, with the hours logged on most past ones, the coming ones partly open or
offered for swap. Volunteers with an e-mail address who were approved have a login (one-time
code, no password).

Competence development: the national catalogue (and a few organisations' own modules), the
front-line staff posted to their estates, sessions of the modules hosted by housing
organisations and municipalities over the year and the coming three months (some cancelled),
enrolments of caretakers and social workers in their municipality with attendance and
completion — the certificate, valid for the module's refresh interval — on the sessions held,
and cancellations. One session in 25 is the yearly module held ten to twelve months ago,
so that refreshers fall due.

At scale 1: 500 associations, 20,000 volunteers (about 11,000 logins), about 28,000 assignments
to 6,000 activities (850 of them safeguarded) and 100,000 shifts; 2,000 training sessions, about
29,000 enrolments (up to 30,000: no one takes a module twice unless a refresher is due, and was
reminded of it), 10,000 estate postings and some 50 organisations' own modules. Bulk inserts or
COPY only, from the year's seeded random generator.
"""

from __future__ import annotations

import importlib
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from django.apps import apps as global_apps
from django.contrib.auth.hashers import make_password
from django.utils import timezone

from lokalsundhed.accounts.models import User
from lokalsundhed.core.permissions import Role
from lokalsundhed.demo import words
from lokalsundhed.demo.national_activity import Activity, register_step
from lokalsundhed.offers.models import Offer, Session
from lokalsundhed.organisations.models import Estate, Municipality, Organisation, Partnership
from lokalsundhed.training.models import (
    CORE_THEMES,
    FRONT_LINE_ROLES,
    Enrolment,
    Module,
    Posting,
    TrainingSession,
)
from lokalsundhed.training.selectors import REMINDER_WINDOW as TRAINING_REMINDER
from lokalsundhed.training.services import valid_until
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
OWN_MODULES = (  # code, theme, title, minutes: what a housing organisation adds to the catalogue
    ("introduktion-nye-medarbejdere", "system_knowledge", "Introduktion for nye medarbejdere", 180),
    ("konflikter-i-opgangen", "conflict", "Konflikter i opgangen: øvelser på stedet", 120),
    ("demensvenlig-afdeling", "dementia", "Den demensvenlige afdeling", 120),
)


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
    """`part`.NATIONAL_DOMAIN (imported here: national.py imports this module)."""
    from lokalsundhed.demo.national import NATIONAL_DOMAIN

    return f"{part}.{NATIONAL_DOMAIN}"


def _day(at: date) -> datetime:
    return timezone.make_aware(datetime.combine(at, time(8)))


def _weekday(at: datetime) -> datetime:
    """The Friday before, when `at` falls on a weekend."""
    return at - timedelta(days=at.weekday() - 4) if at.weekday() >= 5 else at


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
        created = min(created, _day(checked_on) - timedelta(days=rng.randint(1, 30)))
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
            joined = max(joined, _day(checked_on) + timedelta(hours=rng.uniform(1, 200)))
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


# --- Competence development ------------------------------------------------------------------------


def _catalogue() -> list[Module]:
    """The national catalogue, loaded by its migration's own function when it is missing."""
    if not Module.objects.filter(organisation__isnull=True).exists():
        importlib.import_module("lokalsundhed.training.migrations.0002_national_catalogue").load(global_apps, None)
    return list(Module.objects.filter(organisation__isnull=True, is_active=True).order_by("pk"))


def _postings(activity: Activity, front_line: dict[int, list[int]]) -> None:
    """Every estate gets a caretaker (round the organisation's caretakers), a few a second; social
    workers cover several estates."""
    rng = activity.rng
    estates_of: dict[int, list[int]] = defaultdict(list)
    for estate_id, housing_id, _m, _p in activity.world.estates:
        estates_of[housing_id].append(estate_id)
    have = set(Posting.objects.values_list("user_id", "estate_id"))
    pairs: list[tuple[int, int]] = []
    for housing_id in sorted(front_line):
        estates = estates_of[housing_id]
        caretakers = activity.staff_of(housing_id, Role.CARETAKER)
        if not estates:
            continue
        wanted = [(caretakers[i % len(caretakers)], e) for i, e in enumerate(estates)] if caretakers else []
        wanted += [(c, rng.choice(estates)) for c in caretakers if rng.random() < 0.3]
        wanted += [(s, e) for s in activity.staff_of(housing_id, Role.SOCIAL_WORKER)
                   for e in rng.sample(estates, min(len(estates), rng.randint(2, 6)))]
        for pair in wanted:
            if pair not in have:
                have.add(pair)
                pairs.append(pair)
    activity.counts["estate postings"] = activity.copy("postings", Posting, ["user_id", "estate_id"], pairs,
                                                       len(pairs))


def _own_modules(activity: Activity, housing: list[int]) -> dict[int, list[Module]]:
    """A few housing organisations add a module of their own to the catalogue."""
    have = set(Module.objects.filter(organisation__isnull=False).values_list("organisation_id", "code"))
    made = []
    for housing_id in housing:
        if activity.rng.random() < 0.1:
            code, theme, title, minutes = activity.rng.choice(OWN_MODULES)
            if (housing_id, code) not in have:
                made.append(Module(organisation_id=housing_id, code=code, theme=theme, title=title,
                                   duration_minutes=minutes, form=Module.Form.ON_SITE, provider="Boligorganisationen",
                                   refresh_months=None))
    own: dict[int, list[Module]] = defaultdict(list)
    for module in activity.insert("own modules", made, len(made)):
        if module.organisation_id is not None:
            own[module.organisation_id].append(module)
    return own


def _place(activity: Activity, module: Module, host: int, housing: bool, estate_names: dict[int, list[str]],
           names: dict[int, str]) -> str:
    if module.form == Module.Form.E_LEARNING:
        return "E-læring"
    if module.form == Module.Form.ONLINE:
        return "Online (Teams)"
    if housing and estate_names.get(host):
        return f"Fælleshuset, {activity.rng.choice(estate_names[host])}"
    return f"Mødelokalet, {names[host]}"


@register_step("training enrolments")
def training(activity: Activity) -> int:
    """Postings, sessions, enrolments with attendance, completion and cancellations; returns the
    number of enrolments."""
    rng, now, people = activity.rng, activity.now, People.at_scale(activity.scale)
    today = timezone.localdate(now)
    modules = _catalogue()
    front_line: dict[int, list[int]] = {}
    for housing_id in sorted({e[1] for e in activity.world.estates}):
        staff = activity.staff_of(housing_id, *FRONT_LINE_ROLES)
        if staff and activity.staff_of(housing_id, Role.ADMIN):
            front_line[housing_id] = list(dict.fromkeys(staff))
    if not modules or not front_line:
        return 0
    _postings(activity, front_line)
    own = _own_modules(activity, sorted(front_line))
    orgs = {pk: (municipality_id, name) for pk, municipality_id, name in Organisation.objects.filter(
        pk__in=[*front_line, *activity.world.council_of.values()]).values_list("pk", "municipality_id", "name")}
    in_municipality: dict[int, list[int]] = defaultdict(list)  # municipality id → housing organisations
    for housing_id in front_line:
        in_municipality[orgs[housing_id][0]].append(housing_id)
    councils = sorted(c for m, c in activity.world.council_of.items()
                      if m in in_municipality and activity.staff_of(c, Role.ADMIN))
    estate_names: dict[int, list[str]] = defaultdict(list)
    for housing_id, name in Estate.objects.filter(housing_organisation_id__in=list(front_line)).order_by(
            "pk").values_list("housing_organisation_id", "name"):
        estate_names[housing_id].append(name)
    housing_ids = sorted(front_line)
    weights = [len(front_line[h]) for h in housing_ids]
    theme_weights = [3 if m.theme in CORE_THEMES else 1 for m in modules]
    council_weights = [sum(len(front_line[h]) for h in in_municipality[orgs[c][0]]) for c in councils]
    yearly = min(modules, key=lambda m: (m.refresh_months or 999, m.pk))

    org_names = {pk: name for pk, (_m, name) in orgs.items()}
    sessions: list[TrainingSession] = []
    for i in range(people.training_sessions):
        if councils and rng.random() < 0.35:
            host, is_housing = rng.choices(councils, council_weights)[0], False
        else:
            host, is_housing = rng.choices(housing_ids, weights)[0], True
        module = rng.choices(modules, theme_weights)[0]
        if is_housing and own.get(host) and rng.random() < 0.3:
            module = rng.choice(own[host])
        if i % 25 == 0:  # the yearly module's first round, ten to twelve months ago: refreshers fall due
            module, starts = yearly, now - timedelta(days=rng.uniform(308, 360))
        elif i % 5 == 1:  # a fifth are still to come
            starts = now + timedelta(days=rng.uniform(3, 92))
        else:
            starts = now - timedelta(days=rng.uniform(1, 362))
        starts = timezone.localtime(_weekday(starts)).replace(hour=rng.choice((9, 9, 10, 13)), minute=0, second=0,
                                                              microsecond=0)
        capacity = {Module.Form.E_LEARNING: 30, Module.Form.ONLINE: 30, Module.Form.ON_SITE: 12}.get(
            Module.Form(module.form), rng.choice((16, 20, 24)))
        cancelled = min(now, starts - timedelta(days=rng.uniform(1, 10))) \
            if i % 25 and rng.random() < 0.04 else None
        sessions.append(TrainingSession(
            module=module, host_id=host, starts_at=starts, ends_at=starts + timedelta(minutes=module.duration_minutes),
            place=_place(activity, module, host, is_housing, estate_names, org_names),
            capacity=capacity, cancelled_at=cancelled, created_by_id=rng.choice(activity.staff_of(host, Role.ADMIN)),
        ))
    sessions.sort(key=lambda s: s.starts_at)  # enrolled in the order they were held
    sessions = activity.insert("training sessions", sessions, len(sessions))

    # Enrolments: each session filled to a share of its places, towards the year's total.
    live_total = round(people.enrolments * 0.93)
    room = [rng.uniform(0.5, 1.0) * s.capacity for s in sessions]
    factor = live_total / sum(room)
    housing_of = {u: h for h, staff in front_line.items() for u in staff}
    pools: list[tuple[list[int], list[int]]] = []  # (the host's own people, the others nearby)
    sizes: list[int] = []
    for session, share in zip(sessions, room, strict=True):
        municipality_id = orgs[session.host_id][0]
        own_staff = front_line.get(session.host_id, [])
        nearby = [u for h in in_municipality[municipality_id] if h != session.host_id for u in front_line[h]]
        pools.append((own_staff, nearby))
        sizes.append(min(session.capacity, len(own_staff) + len(nearby), round(share * factor)))
    placed = sum(sizes)
    for i in rng.sample(range(len(sessions)), len(sessions)):  # the remainder where there is room
        more = min(sessions[i].capacity - sizes[i], len(pools[i][0]) + len(pools[i][1]) - sizes[i],
                   live_total - placed)
        if more > 0:
            sizes[i] += more
            placed += more
    # user → module → (the day a refresher falls due, reminded of it): booked or completed.
    held: dict[int, dict[int, tuple[date, bool]]] = defaultdict(dict)

    def free(user_id: int, session: TrainingSession) -> bool:
        """Not booked on the module, nor holding it — unless a refresher is due and they were told."""
        due, reminded = held[user_id].get(session.module_id, (date.min, True))
        return reminded and due <= timezone.localdate(session.starts_at)

    rows: list[tuple[Any, ...]] = []
    behind = 0  # places a session could not fill, for the next ones to make up
    for session, (own_staff, nearby), size in zip(sessions, pools, sizes, strict=True):
        wanted = min(session.capacity, size + max(0, behind))
        chosen: list[int] = []  # the host's own people before the others
        for group in ([u for u in own_staff if free(u, session)], [u for u in nearby if free(u, session)]):
            chosen += rng.sample(group, min(len(group), wanted - len(chosen)))
        behind += size - len(chosen)
        for user_id in chosen:
            row = _enrolment(activity, session, user_id, housing_of[user_id], cancelled=False, today=today)
            rows.append(row)
            state, until, reminded = row[3], row[7], row[9]
            if state == Enrolment.State.COMPLETED:
                held[user_id][session.module_id] = (until - TRAINING_REMINDER if until else date.max,
                                                    reminded is not None)
            elif state == Enrolment.State.ENROLLED:
                held[user_id][session.module_id] = (date.max, False)
        taken = set(chosen)
        others = [u for u in own_staff + nearby if u not in taken]
        for user_id in rng.sample(others, min(len(others), rng.choice((0, 1, 1, 2)))):
            if len(rows) < people.enrolments:
                rows.append(_enrolment(activity, session, user_id, housing_of[user_id], cancelled=True, today=today))
    columns = ["session_id", "user_id", "organisation_id", "state", "enrolled_by_id", "enrolled_at", "completed_on",
               "valid_until", "recorded_by_id", "refresher_reminded_at"]
    activity.counts |= {"training sessions": len(sessions), "own training modules": sum(map(len, own.values()))}
    return activity.copy("enrolments", Enrolment, columns, rows, len(rows))


def _enrolment(activity: Activity, session: TrainingSession, user_id: int, housing_id: int, *, cancelled: bool,
               today: date) -> tuple[Any, ...]:
    """One enrolment as a row: by the person or their manager, before the session; its
    attendance and completion once the session has been held."""
    rng, now = activity.rng, activity.now
    managers = activity.staff_of(housing_id, Role.ADMIN)
    enrolled_by = user_id if rng.random() < 0.4 else rng.choice(managers)
    enrolled_at = min(session.starts_at - timedelta(days=rng.uniform(3, 45)),
                      now - timedelta(hours=rng.uniform(1, 240)))
    if session.cancelled_at is not None:
        enrolled_at = min(enrolled_at, session.cancelled_at - timedelta(hours=rng.uniform(1, 72)))
    state, completed_on, until, recorded_by, reminded = Enrolment.State.ENROLLED, None, None, None, None
    if cancelled or session.cancelled_at is not None:
        state = Enrolment.State.CANCELLED
    elif session.starts_at <= now and rng.random() > (0.3 if now - session.starts_at < timedelta(days=14) else 0.02):
        recorded_by = rng.choice(managers)
        if rng.random() < 0.9:
            state, completed_on = Enrolment.State.COMPLETED, timezone.localtime(session.starts_at).date()
            until = valid_until(session.module, completed_on)
            if until is not None and until <= today + TRAINING_REMINDER and rng.random() < 0.3:
                # The worker has told some already (once the completion was within its window).
                reminded = min(now, max(now - timedelta(days=rng.uniform(0, 3)), _day(until - TRAINING_REMINDER)))
        else:
            state = Enrolment.State.ABSENT
    return (session.pk, user_id, housing_id, state, enrolled_by, enrolled_at, completed_on, until, recorded_by,
            reminded)
