"""Competence development in the national year (a step of `national_activity.py`, after the
volunteers of `national_people.py`, whose sizes it shares).

Competence development: the national catalogue (and a few organisations' own modules), the
front-line staff posted to their estates, sessions of the modules hosted by housing
organisations and municipalities over the year and the coming three months (some cancelled),
enrolments of caretakers and social workers in their municipality with attendance and
completion — the certificate, valid for the module's refresh interval — on the sessions held,
and cancellations. One session in 25 is the yearly module held ten to twelve months ago,
so that refreshers fall due.

At scale 1: 2,000 training sessions, about 29,000 enrolments (up to 30,000: no one takes a module
twice unless a refresher is due, and was reminded of it), 10,000 estate postings and some 50
organisations' own modules. Bulk inserts only, from the year's seeded random generator.
"""

from __future__ import annotations

import importlib
from collections import defaultdict
from datetime import date, datetime, timedelta
from typing import Any

from django.apps import apps as global_apps
from django.utils import timezone

from lokalsundhed.core.permissions import Role
from lokalsundhed.demo.national_activity import Activity, register_step
from lokalsundhed.demo.national_people import People, at_eight
from lokalsundhed.organisations.models import Estate, Organisation
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

OWN_MODULES = (  # code, theme, title, minutes: what a housing organisation adds to the catalogue
    ("introduktion-nye-medarbejdere", "system_knowledge", "Introduktion for nye medarbejdere", 180),
    ("konflikter-i-opgangen", "conflict", "Konflikter i opgangen: øvelser på stedet", 120),
    ("demensvenlig-afdeling", "dementia", "Den demensvenlige afdeling", 120),
)


def on_a_weekday(at: datetime) -> datetime:
    """The Friday before, when `at` falls on a weekend."""
    return at - timedelta(days=at.weekday() - 4) if at.weekday() >= 5 else at


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
        starts = timezone.localtime(on_a_weekday(starts)).replace(hour=rng.choice((9, 9, 10, 13)), minute=0, second=0,
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
            state, completed_on = Enrolment.State.COMPLETED, timezone.localdate(session.starts_at)
            until = valid_until(session.module, completed_on)
            if until is not None and until <= today + TRAINING_REMINDER and rng.random() < 0.3:
                # The worker has told some already (once the completion was within its window).
                reminded = min(now, max(now - timedelta(days=rng.uniform(0, 3)), at_eight(until - TRAINING_REMINDER)))
        else:
            state = Enrolment.State.ABSENT
    return (session.pk, user_id, housing_id, state, enrolled_by, enrolled_at, completed_on, until, recorded_by,
            reminded)
