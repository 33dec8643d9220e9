"""A national year of work on top of the national structure (`national.py`).

At scale 1: 50,000 observations with their referrals in every state and every state change,
their anonymous statistics; 8,000 offers with 48,000 sessions, 200,000 sign-ups and their
attendance; 100,000 errands; 1,000,000 access-log entries, sealed into the chain. Everything
is multiplied by the scale and made by bulk inserts (no save per row), from a seeded random
generator, so the same seed and scale give the same year.

Capabilities that hold figures of their own add a step with `register_step` (in their own
demo module), so the national year grows with the product: outcome measurement
(`national_outcomes.py`), volunteers (`national_people.py`), competence development
(`national_training.py`), rooms (`national_rooms.py`), small steps into work (`national_work.py`),
area profiles and partnership goals (`national_profiles.py`). Steps run in the order their
modules are imported by `national.py`; a step that counts another's rows names it in `after`
(the goals, set around what their indicators measure today, wait for the training, the work and
the measured courses).
"""

from __future__ import annotations

import random
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any, TextIO, TypeVar

from django.db.models import Model
from django.utils import timezone

from lokalsundhed.accounts.models import Membership
from lokalsundhed.audit.models import Action, Entry
from lokalsundhed.core.bulk import copy_rows
from lokalsundhed.core.permissions import Role
from lokalsundhed.core.progress import Progress
from lokalsundhed.demo import words
from lokalsundhed.errands.models import Errand, ErrandType
from lokalsundhed.errands.services import seed_catalogue
from lokalsundhed.offers.models import Attendance, Offer, Session, SignUp
from lokalsundhed.organisations.models import Dwelling, Estate, Facility, Organisation, Partnership
from lokalsundhed.referrals.models import (
    Consent,
    LegalBasis,
    Observation,
    ReceivingUnit,
    Referral,
    Sign,
    Statistic,
    Transition,
    Urgency,
)

# Every generated person's e-mail is at this domain (or a subdomain): nobody real, and the generator
# knows by it that a database already holds a national year.
NATIONAL_DOMAIN = "syntetisk.lokalsundhed.dk"
BATCH_SIZE = 5000
M = TypeVar("M", bound=Model)


@dataclass(frozen=True)
class Year:
    """How much a year holds at a scale: the national figures times the scale, at least one."""

    observations: int
    offers: int
    sign_ups: int
    errands: int
    log_entries: int

    @classmethod
    def at_scale(cls, scale: float) -> Year:
        return cls(
            observations=max(1, round(50_000 * scale)),
            offers=max(1, round(8_000 * scale)),
            sign_ups=max(1, round(200_000 * scale)),
            errands=max(1, round(100_000 * scale)),
            log_entries=max(1, round(1_000_000 * scale)),
        )


@dataclass
class World:
    """What the structure step made, as ids: enough to hang a year of work on."""

    estates: list[tuple[int, int, int, str]]  # (estate id, housing organisation id, municipality id, postcode)
    dwellings: dict[int, list[int]]  # estate id → dwelling ids
    staff: dict[tuple[int, str], list[int]]  # (organisation id, role) → user ids
    council_of: dict[int, int]  # municipality id → municipal organisation id
    facility_of: dict[int, int] = field(default_factory=dict)  # estate id → a facility id
    partnership_of: dict[int, int] = field(default_factory=dict)  # estate id → a partnership id


Step = Callable[["Activity"], int]
_STEPS: dict[str, Step] = {}
_AFTER: dict[str, tuple[str, ...]] = {}


def register_step(name: str, *, after: tuple[str, ...] = ()) -> Callable[[Step], Step]:
    """Add a capability's share of the national year (returns how many rows it made), run after
    the steps named in `after` (those whose rows it reads) and otherwise in the order registered."""

    def decorator(step: Step) -> Step:
        _STEPS[name] = step
        _AFTER[name] = after
        return step

    return decorator


def steps() -> list[tuple[str, Step]]:
    """The registered steps in the order registered, each moved after those it names (so the same
    seed draws in the same order); a name not registered is refused (its module was not imported)."""
    missing = sorted({name for names in _AFTER.values() for name in names} - _STEPS.keys())
    if missing:
        raise LookupError(f"steps named in `after` but not registered: {', '.join(missing)}")
    order: list[str] = []
    pending = list(_STEPS)
    while pending:
        ready = next((name for name in pending if set(_AFTER[name]) <= set(order)), None)
        if ready is None:
            raise LookupError(f"steps that wait for each other: {', '.join(pending)}")
        order.append(ready)
        pending.remove(ready)
    return [(name, _STEPS[name]) for name in order]


class Activity:
    def __init__(self, *, scale: float, seed: int, stream: TextIO, now: datetime | None = None) -> None:
        self.year = Year.at_scale(scale)
        self.scale = scale
        self.rng = random.Random(seed + 1)  # noqa: S311  (reproducible made-up data, not secrets)
        self.stream = stream
        self.now = now or timezone.now()
        self.world = self._world()
        self.counts: dict[str, int] = {}

    # -- helpers --------------------------------------------------------------------------------

    def _world(self) -> World:
        estates = list(Estate.objects.order_by("pk").values_list("pk", "housing_organisation_id",
                                                                 "municipality_id", "postcode"))
        dwellings: dict[int, list[int]] = defaultdict(list)
        for pk, estate_id in Dwelling.objects.order_by("pk").values_list("pk", "estate_id").iterator(chunk_size=20_000):
            dwellings[estate_id].append(pk)
        staff: dict[tuple[int, str], list[int]] = defaultdict(list)
        for org_id, role, user_id in Membership.objects.order_by("pk").values_list("organisation_id", "role", "user_id"):
            staff[(org_id, role)].append(user_id)
        council_of = dict(Organisation.objects.filter(kind=Organisation.Kind.MUNICIPALITY)
                          .values_list("municipality_id", "pk"))
        facility_of = dict(Facility.objects.order_by("-pk").values_list("estate_id", "pk"))
        partnership_of = dict(Partnership.estates.through.objects.values_list("estate_id", "partnership_id"))
        return World(estates=estates, dwellings=dwellings, staff=staff, council_of=council_of,
                     facility_of=facility_of, partnership_of=partnership_of)

    def moment(self, days_back: int = 365) -> datetime:
        """A working-day moment within the last `days_back` days."""
        at = self.now - timedelta(days=self.rng.uniform(0, days_back))
        return at.replace(hour=self.rng.randint(7, 16), minute=self.rng.randint(0, 59), second=0, microsecond=0)

    def insert(self, label: str, objects: Iterable[M], total: int) -> list[M]:
        """Bulk-insert in batches with a progress bar; returns the saved objects (with ids)."""
        saved: list[M] = []
        batch: list[M] = []
        with Progress(label, total, self.stream) as bar:
            for obj in objects:
                batch.append(obj)
                if len(batch) >= BATCH_SIZE:
                    saved.extend(type(batch[0])._default_manager.bulk_create(batch))
                    bar.advance(len(batch))
                    batch = []
            if batch:
                saved.extend(type(batch[0])._default_manager.bulk_create(batch))
                bar.advance(len(batch))
        return saved

    def copy(self, label: str, model: type[Model], columns: list[str], rows: Iterable[tuple[Any, ...]],
             total: int) -> int:
        """Rows whose ids nobody needs back, as tuples of `columns`: COPY on PostgreSQL
        (`core/bulk.py`), bulk INSERTs elsewhere; returns how many."""
        with Progress(label, total, self.stream) as bar:
            def counted() -> Iterable[tuple[Any, ...]]:
                for n, row in enumerate(rows, 1):
                    yield row
                    if n % BATCH_SIZE == 0:
                        bar.advance(BATCH_SIZE)
            done = copy_rows(model, columns, counted())
            bar.advance(done % BATCH_SIZE)
        return done

    def link(self, model: type[Model], rows: Sequence[Model]) -> None:
        for start in range(0, len(rows), BATCH_SIZE):
            model._default_manager.bulk_create(rows[start : start + BATCH_SIZE])

    def staff_of(self, org_id: int, *roles: str) -> list[int]:
        return [user for role in roles for user in self.world.staff.get((org_id, role), [])]

    # -- bridge-building -------------------------------------------------------------------------

    def units(self) -> dict[int, list[ReceivingUnit]]:
        """Every municipality gets Én Indgang (the default) and two specialist units, with its
        intake and unit workers as members, unless it has units already."""
        have = set(ReceivingUnit.objects.values_list("municipality_id", flat=True))
        made = []
        for council_id in sorted(set(self.world.council_of.values()) - have):
            made += [
                ReceivingUnit(municipality_id=council_id, name="Én Indgang", kind=ReceivingUnit.Kind.SINGLE_ENTRY,
                              is_default=True),
                ReceivingUnit(municipality_id=council_id, name="Hjemmeplejen", kind=ReceivingUnit.Kind.HOME_CARE),
                ReceivingUnit(municipality_id=council_id, name="Socialpsykiatrien",
                              kind=ReceivingUnit.Kind.SOCIAL_PSYCHIATRY),
            ]
        ReceivingUnit.objects.bulk_create(made)
        members = []
        for unit in made:
            roles = (Role.INTAKE,) if unit.is_default else (Role.UNIT_WORKER,)
            members += [ReceivingUnit.members.through(receivingunit_id=unit.pk, user_id=u)
                        for u in self.staff_of(unit.municipality_id, *roles)]
        self.link(ReceivingUnit.members.through, members)
        units: dict[int, list[ReceivingUnit]] = defaultdict(list)
        for unit in ReceivingUnit.objects.order_by("-is_default", "pk"):
            units[unit.municipality_id].append(unit)
        return units

    def referrals(self) -> None:
        units = self.units()
        signs = list(Sign.objects.values_list("pk", "category_id"))
        legal_bases = list(LegalBasis.objects.values_list("pk", flat=True))
        reporters = {}
        for estate_id, housing_id, _municipality_id, _postcode in self.world.estates:
            reporters[estate_id] = self.staff_of(housing_id, Role.CARETAKER, Role.SOCIAL_WORKER)
        estates = [e for e in self.world.estates if reporters[e[0]] and self.world.council_of.get(e[2])]
        if not estates or not signs:
            return
        n = self.year.observations
        plan = []  # (observation, chosen signs, municipality org id)
        for _ in range(n):
            estate_id, _housing_id, municipality_id, _postcode = self.rng.choice(estates)
            homes: list[int | None] = [*self.world.dwellings.get(estate_id, [])] or [None]
            consent = self.rng.choices([Consent.YES, Consent.DECLINED, Consent.NOT_ASKED, Consent.CANNOT],
                                       (80, 6, 8, 6))[0]
            legal_basis = self.rng.choice(legal_bases) if consent == Consent.CANNOT and legal_bases else None
            observation = Observation(
                estate_id=estate_id,
                dwelling_id=self.rng.choice(homes),
                resident_first_name=self.rng.choice(words.FIRST_NAMES),
                urgency=self.rng.choices([Urgency.GREEN, Urgency.YELLOW, Urgency.RED], (55, 35, 10))[0],
                consent=consent,
                legal_basis_id=legal_basis,
                legal_basis_reason="Beboeren er ikke i stand til at give samtykke." if legal_basis else "",
                reported_by_id=self.rng.choice(reporters[estate_id]),
                created_at=self.moment(),
            )
            plan.append((observation, self.rng.sample(signs, self.rng.choice((1, 1, 2, 3))),
                         self.world.council_of[municipality_id]))
        observations = self.insert("observations", (p[0] for p in plan), n)
        self.link(Observation.signs.through, [
            Observation.signs.through(observation_id=o.pk, sign_id=sign_id)
            for o, (_obs, chosen, _council) in zip(observations, plan, strict=True) for sign_id, _cat in chosen
        ])
        self.counts["observations"] = len(observations)

        referrals, histories, statistics = [], [], []
        for observation, (_obs, chosen, council_id) in zip(observations, plan, strict=True):
            referral = None
            if observation.may_be_sent:
                referral, history = self.referral_of(observation, units[council_id])
                referrals.append(referral)
                histories.append(history)
            statistics.append((observation, {cat for _s, cat in chosen}, referral))
        saved = self.insert("referrals", referrals, len(referrals))
        transitions = [Transition(referral_id=r.pk, from_state=a, to_state=b, actor_id=actor, at=at)
                       for r, history in zip(saved, histories, strict=True) for a, b, actor, at in history]
        self.insert("state changes", transitions, len(transitions))
        rows = [
            Statistic(
                observation_id=o.pk, estate_id=o.estate_id, month=timezone.localdate(o.created_at).replace(day=1),
                urgency=o.urgency, referred=r is not None,
                taken_over=r is not None and r.taken_over_at is not None,
                hours_to_takeover=((r.taken_over_at - r.sent_at).total_seconds() / 3600
                                   if r is not None and r.taken_over_at else None),
                outcome=r.outcome if r is not None else "",
            )
            for o, _cats, r in statistics
        ]
        stats = self.insert("statistics", rows, len(rows))
        self.link(Statistic.categories.through, [
            Statistic.categories.through(statistic_id=s.pk, signcategory_id=cat)
            for s, (_o, cats, _r) in zip(stats, statistics, strict=True) for cat in cats
        ])
        self.counts["referrals"] = len(saved)
        self.counts["state changes"] = len(transitions)

    def referral_of(self, observation: Observation, units: list[ReceivingUnit]) -> tuple[Referral, list[Any]]:
        """A referral whose state fits its age: old ones mostly closed, this week's mostly open."""
        sent = observation.created_at + timedelta(minutes=self.rng.randint(1, 30))
        unit = units[0] if self.rng.random() < 0.6 or len(units) == 1 else self.rng.choice(units[1:])
        hours = {Urgency.RED: 24, Urgency.YELLOW: 72, Urgency.GREEN: 240}[Urgency(observation.urgency)]
        referral = Referral(
            observation_id=observation.pk, municipality_id=unit.municipality_id, unit_id=unit.pk,
            routing_reason="Standardenhed" if unit.is_default else "Regel for kategorien",
            urgency=observation.urgency, sent_at=sent, deadline_at=sent + timedelta(hours=hours),
        )
        workers = self.staff_of(unit.municipality_id, Role.INTAKE if unit.is_default else Role.UNIT_WORKER) \
            or self.staff_of(unit.municipality_id, Role.INTAKE, Role.UNIT_WORKER)
        worker = self.rng.choice(workers) if workers else None
        age_days = (self.now - sent).days
        history: list[Any] = [("", Referral.State.SENT, observation.reported_by_id, sent)]
        # How far along it got: the older, the further.
        stage = self.rng.choices((0, 1, 2, 3, 4), (2, 3, 10, 80, 5) if age_days > 30 else (30, 20, 30, 15, 5))[0]
        at = sent
        if stage == 0 or worker is None:
            if self.now > referral.deadline_at and self.rng.random() < 0.5:
                referral.escalated_at = referral.deadline_at + timedelta(minutes=5)
            return referral, history
        at = min(self.now, at + timedelta(hours=self.rng.uniform(0.2, hours * 0.6)))
        referral.received_at, referral.claimed_by_id = at, worker
        referral.state = Referral.State.RECEIVED
        history.append((Referral.State.SENT, Referral.State.RECEIVED, worker, at))
        if stage == 4:
            at = min(self.now, at + timedelta(hours=self.rng.uniform(1, 48)))
            referral.state, referral.closed_at, referral.claimed_by_id = Referral.State.RETURNED, at, None
            referral.return_reason = "Henvendelsen hører under en anden kommune."
            history.append((Referral.State.RECEIVED, Referral.State.RETURNED, worker, at))
            return referral, history
        if stage >= 2:
            at = min(self.now, at + timedelta(hours=self.rng.uniform(1, 72)))
            referral.state, referral.taken_over_at = Referral.State.TAKEN_OVER, at
            referral.status_text = "Kommunen har overtaget sagen."
            history.append((Referral.State.RECEIVED, Referral.State.TAKEN_OVER, worker, at))
        if stage == 3:
            at = min(self.now, at + timedelta(days=self.rng.uniform(2, 40)))
            referral.state, referral.closed_at = Referral.State.CLOSED, at
            referral.outcome = self.rng.choices(list(Referral.Outcome), (60, 15, 15, 10))[0]
            history.append((Referral.State.TAKEN_OVER, Referral.State.CLOSED, worker, at))
        return referral, history

    # -- local offers ----------------------------------------------------------------------------

    def offers(self) -> None:
        runners = {}
        for estate_id, housing_id, _m, _p in self.world.estates:
            runners[estate_id] = self.staff_of(housing_id, Role.SOCIAL_WORKER) or self.staff_of(housing_id, Role.ADMIN)
        estates = [e for e in self.world.estates if runners[e[0]]]
        if not estates:
            return
        kinds = [(Offer.Kind.COURSE, "LÆR AT TACKLE kroniske smerter", 6, 7, 14),
                 (Offer.Kind.COURSE, "LÆR AT TACKLE angst og depression", 6, 7, 14),
                 (Offer.Kind.ACTIVITY, "Fredagscafé", 8, 7, 25),
                 (Offer.Kind.ACTIVITY, "Petanque for alle", 8, 7, 20),
                 (Offer.Kind.ACTIVITY, "Fællesspisning", 4, 14, 40),
                 (Offer.Kind.INFO_MEETING, "Informationsmøde om sund kost", 1, 7, 40)]
        plan = []
        for _ in range(self.year.offers):
            estate_id, housing_id, municipality_id, _postcode = self.rng.choice(estates)
            kind, title, times, every, capacity = self.rng.choice(kinds)
            runner = self.rng.choice(runners[estate_id])
            starts = self.moment(days_back=330).replace(hour=self.rng.choice((10, 13, 14)), minute=0)
            # One home: the estate's own offer, or now and then its partnership's.
            partnership = self.world.partnership_of.get(estate_id) if self.rng.random() < 0.3 else None
            plan.append((Offer(
                kind=kind, estate_id=None if partnership else estate_id, partnership_id=partnership,
                municipality_id=municipality_id, facility_id=self.world.facility_of.get(estate_id),
                facilitator_id=runner, title=title, capacity=capacity,
                completion_sessions=max(1, times - 2),
                description="Kom og vær med. Det er gratis.", created_by_id=runner,
                created_at=starts - timedelta(days=21),
            ), times, every, starts, runner))
        offers = self.insert("offers", (p[0] for p in plan), len(plan))
        self.link(Offer.organisers.through, [Offer.organisers.through(offer_id=o.pk, user_id=p[4])
                                             for o, p in zip(offers, plan, strict=True)])
        sessions = []
        for offer, (_o, count, every, starts, _runner) in zip(offers, plan, strict=True):
            for n in range(count):
                at = starts + timedelta(days=every * n)
                taken = at + timedelta(hours=2) if at < self.now else None
                sessions.append(Session(offer_id=offer.pk, starts_at=at, ends_at=at + timedelta(hours=2),
                                        facility_id=offer.facility_id, attendance_taken_at=taken))
        sessions = self.insert("sessions", sessions, len(sessions))
        by_offer: dict[int, list[Session]] = defaultdict(list)
        for session in sessions:
            by_offer[session.offer_id].append(session)
        sign_ups, places = [], []
        languages = ("da", "da", "da", "da", "ar", "tr", "so", "ur", "uk", "pl", "en")
        for i in range(self.year.sign_ups):
            offer = offers[i % len(offers)] if i < len(offers) else self.rng.choice(offers)
            created = offer.created_at + timedelta(days=self.rng.uniform(0, 20))
            status = self.rng.choices(list(SignUp.Status), (85, 5, 10))[0]
            sign_ups.append(SignUp(
                offer_id=offer.pk, status=status, first_name=self.rng.choice(words.FIRST_NAMES),
                phone=words.mobile(self.rng), language=self.rng.choice(languages),
                first_time=self.rng.random() < 0.3, created_at=created,
                confirmed_at=created if status == SignUp.Status.CONFIRMED else None,
                cancelled_at=created + timedelta(days=2) if status == SignUp.Status.CANCELLED else None,
            ))
            places.append(offer)
        saved = self.insert("sign-ups", sign_ups, len(sign_ups))
        attendance = []
        for sign_up, offer in zip(saved, places, strict=True):
            if sign_up.status != SignUp.Status.CONFIRMED:
                continue
            keen = self.rng.uniform(0.5, 1.0)
            for session in by_offer[offer.pk]:
                if session.attendance_taken_at and self.rng.random() < keen:
                    attendance.append((session.pk, sign_up.pk, offer.created_by_id, session.ends_at))
        self.copy("attendance", Attendance, ["session_id", "sign_up_id", "marked_by_id", "marked_at"],
                  attendance, len(attendance))
        self.counts |= {"offers": len(offers), "sessions": len(sessions), "sign-ups": len(saved),
                        "attendance marks": len(attendance)}

    # -- practical help --------------------------------------------------------------------------

    def errands(self) -> None:
        housing_ids = sorted({e[1] for e in self.world.estates})
        have = set(ErrandType.objects.values_list("housing_organisation_id", flat=True))
        for org in Organisation.objects.filter(pk__in=set(housing_ids) - have):
            seed_catalogue(org)
        types: dict[int, list[int]] = defaultdict(list)
        for pk, org_id in ErrandType.objects.filter(allowed=True, is_active=True).values_list(
                "pk", "housing_organisation_id"):
            types[org_id].append(pk)
        estates = [e for e in self.world.estates if types[e[1]] and self.staff_of(e[1], Role.CARETAKER)]
        if not estates:
            return

        def errands() -> Iterable[Errand]:
            for _ in range(self.year.errands):
                estate_id, housing_id, _m, _p = self.rng.choice(estates)
                created = self.moment()
                state = self.rng.choices(list(Errand.State), (5, 5, 85, 5))[0] if (self.now - created).days > 7 \
                    else self.rng.choice(list(Errand.State))
                caretaker = self.rng.choice(self.staff_of(housing_id, Role.CARETAKER))
                taken = state in (Errand.State.TAKEN, Errand.State.DONE)
                yield Errand(
                    estate_id=estate_id, errand_type_id=self.rng.choice(types[housing_id]), state=state,
                    dwelling_id=self.rng.choice([*self.world.dwellings.get(estate_id, [])] or [None]),
                    resident_first_name=self.rng.choice(words.FIRST_NAMES), created_at=created,
                    taken_by_id=caretaker if taken else None,
                    taken_at=created + timedelta(hours=4) if taken else None,
                    done_at=created + timedelta(days=1) if state == Errand.State.DONE else None,
                    minutes=self.rng.choice((5, 10, 15, 15, 20, 30, 45)) if state == Errand.State.DONE else None,
                    cancelled_at=created + timedelta(hours=2) if state == Errand.State.CANCELLED else None,
                )

        self.counts["errands"] = len(self.insert("errands", errands(), self.year.errands))

    # -- the access log --------------------------------------------------------------------------

    def access_log(self) -> None:
        """Reads and changes by staff over the year, oldest first (the chain is in id order)."""
        people = [u for users in self.world.staff.values() for u in users]
        kinds = [(Action.READ, "referrals.referral", "queue"), (Action.READ, "referrals.observation", "receipt"),
                 (Action.CHANGE, "referrals.referral", "claim"), (Action.READ, "offers.signup", "participants"),
                 (Action.READ, "errands.errand", "errand list"), (Action.LOGIN, "", "login")]
        n = self.year.log_entries
        step = timedelta(days=365) / n
        start = self.now - timedelta(days=366)

        def entries() -> Iterable[tuple[Any, ...]]:
            for i in range(n):
                action, object_type, purpose = self.rng.choice(kinds)
                yield (start + step * i, self.rng.choice(people), "", None, action, object_type,
                       str(self.rng.randint(1, 50_000)) if object_type else "", purpose, "10.0.0.1", "")

        columns = ["at", "actor_id", "actor_label", "organisation_id", "action", "object_type", "object_id",
                   "purpose", "ip_address", "path"]
        self.counts["access-log entries"] = self.copy("access log", Entry, columns, entries(), n) if people else 0

    def run(self) -> dict[str, int]:
        self.referrals()
        self.offers()
        self.errands()
        for name, step in steps():
            self.counts[name] = step(self)
        self.access_log()
        return self.counts
