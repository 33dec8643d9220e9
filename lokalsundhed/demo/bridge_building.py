"""The demo's bridge-building: receiving units, routing rules and deadlines for Fredericia and
Vejle, and five months of observations and referrals in every state.

Every story is played through the real services (`file_observation`, `receive`, `claim`,
`take_over`, `close`, `return_to_reporter`) and the worker's own duties (`escalate_overdue`,
`apply_retention`), so the transitions, the anonymous statistics and the access-log entries are
the real ones. The services act now; each story's clock is then set back to when it happened,
so the pages show months of history. The access log keeps the moment it was written: it is
append-only.

Units, rules and deadlines are found by their natural keys and corrected when they drift. The
stories are written once, like the demo's access log: when the demo reporters have filed
anything, the history is already there.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from django.utils import timezone, translation
from django.utils.translation import gettext_noop

from lokalsundhed.accounts.models import User
from lokalsundhed.audit.models import Action
from lokalsundhed.audit.services import record
from lokalsundhed.core.permissions import Role
from lokalsundhed.demo.bridge_building_stories import (
    CLAIMED,
    CLOSED,
    DEADLINES,
    HISTORY,
    HISTORY_MONTHS,
    HISTORY_RAMP_MONTHS,
    HISTORY_SEED,
    PACE,
    RECEIVED,
    RESIDENT_NAMES,
    RETURN_REASONS,
    RETURNED,
    ROUTING,
    SCENARIOS,
    SENT,
    STATUS_CLOSED,
    STATUS_TAKEN_OVER,
    STEPS_DONE,
    STORIES,
    TAKEN_OVER,
    TOWNS,
    UNITS,
    Kind,
    Outcome,
    Story,
)
from lokalsundhed.demo.two_factor import DEMO_DOMAIN
from lokalsundhed.demo.words import email_local_part
from lokalsundhed.organisations.models import Dwelling, Estate, Organisation
from lokalsundhed.referrals import housekeeping, services, tasks_api
from lokalsundhed.referrals.models import (
    DEFAULT_DEADLINES,
    Consent,
    DeadlinePolicy,
    LegalBasis,
    Observation,
    ReceivingUnit,
    Referral,
    RoutingRule,
    Sign,
    SignCategory,
    Statistic,
    Transition,
)


def _history(rng: random.Random) -> list[Story]:
    """Older, settled stories: mostly closed with an outcome, some returned, some never sent."""
    # Help is established in about half the cases.
    outcomes = [str(o) for o in [Outcome.HELP_ESTABLISHED] * 5 + [Outcome.RESIDENT_DECLINED, Outcome.NO_NEED]
                + [Outcome.REFERRED_ELSEWHERE] * 2]
    stories = []
    for estate, (reporters, per_month) in HISTORY.items():
        for month in range(HISTORY_MONTHS):
            rate = per_month if month < HISTORY_RAMP_MONTHS else 1
            for _ in range(rate + rng.randint(-1, 1)):
                signs, description = rng.choice(SCENARIOS)
                roll = rng.random()
                path, outcome, status, consent = CLOSED, rng.choice(outcomes), "", Consent.YES
                if roll < 0.1:
                    path, consent = SENT, rng.choice((Consent.DECLINED, Consent.NOT_ASKED))
                elif roll < 0.18:
                    path, outcome, status = RETURNED, "", rng.choice(RETURN_REASONS)
                if path == CLOSED:
                    status = rng.choice(STATUS_CLOSED[outcome])
                stories.append(Story(
                    rng.choice(reporters), estate, rng.randrange(200), rng.choice(RESIDENT_NAMES), signs,
                    description, days_ago=22 + 30 * month + rng.random() * 30, path=path, consent=consent,
                    outcome=outcome, status=status,
                ))
    return stories


def _upsert_fields(obj: Any, values: dict[str, Any]) -> None:
    changed = [field for field, value in values.items() if getattr(obj, field) != value]
    for field in changed:
        setattr(obj, field, values[field])
    if changed:
        obj.save(update_fields=changed)


def _routing(orgs: dict[str, Organisation], users: dict[str, User], staff: tuple) -> None:
    """Units with their members and lead, routing rules and deadlines for each demo municipality."""
    categories = {c.code: c for c in SignCategory.objects.all()}
    for code, names in UNITS.items():
        municipality = orgs[code]
        intake = [users[name] for name, role, org in staff if org == code and role == Role.INTAKE]
        workers = [users[name] for name, role, org in staff if org == code and role == Role.UNIT_WORKER]
        # One default per municipality: a default an administrator moved elsewhere is moved back.
        ReceivingUnit.objects.filter(municipality=municipality, is_default=True).exclude(
            kind=Kind.SINGLE_ENTRY
        ).update(is_default=False)
        units: dict[str, ReceivingUnit] = {}
        for kind, name in names.items():
            members = intake if kind == Kind.SINGLE_ENTRY else workers
            values = {
                "name": name,
                "is_default": kind == Kind.SINGLE_ENTRY,
                "lead": members[0] if members else None,
                "notification_email": f"{email_local_part(name.replace(',', ''))}.{TOWNS[code]}@{DEMO_DOMAIN}",
            }
            unit = ReceivingUnit.objects.filter(municipality=municipality, kind=kind).order_by("pk").first()
            if unit is None:
                unit = ReceivingUnit.objects.create(municipality=municipality, kind=kind, **values)
            else:
                _upsert_fields(unit, values)
            unit.members.add(*members)
            units[kind] = unit
        for (category, urgency), kind in ROUTING.items():
            rule = RoutingRule.objects.filter(
                municipality=municipality, category=categories[category], urgency=urgency
            ).first()
            if rule is None:
                RoutingRule.objects.create(
                    municipality=municipality, category=categories[category], urgency=urgency, unit=units[kind]
                )
            else:
                _upsert_fields(rule, {"unit": units[kind]})
        for urgency, (days, hours) in DEADLINES[code].items():
            policy = DeadlinePolicy.objects.filter(municipality=municipality, urgency=urgency).first()
            if policy is None:
                DeadlinePolicy.objects.create(municipality=municipality, urgency=urgency, working_days=days, hours=hours)
            else:
                _upsert_fields(policy, {"working_days": days, "hours": hours})


def _nobody(referral_id: int) -> None:
    """Notifications are not sent for the demo's history."""


@contextmanager
def notifications_held() -> Iterator[None]:
    """The stories happened weeks ago: nobody is to be e-mailed about them now (the worker would
    otherwise write to every demo reporter and lead once `make run` starts it). Wraps the whole
    transaction, because the services queue their notifications when it commits."""
    names = ("notify_sent", "notify_state_changed", "notify_escalated")
    saved: dict[str, Callable[[int], None]] = {name: getattr(tasks_api, name) for name in names}
    for name in names:
        setattr(tasks_api, name, _nobody)
    try:
        yield
    finally:
        for name, function in saved.items():
            setattr(tasks_api, name, function)


def _sent_at(now: datetime, days_ago: float, rng: random.Random) -> datetime:
    """When a story began: within the last day as given, older ones on a weekday in working hours."""
    if days_ago < 1:
        return now - timedelta(days=days_ago)
    day = timezone.localtime(now) - timedelta(days=days_ago)
    day -= timedelta(days=max(0, day.weekday() - 4))  # Saturday and Sunday → Friday
    local = day.replace(hour=rng.randint(7, 14), minute=rng.randrange(60), second=0, microsecond=0)
    return local.astimezone(UTC)


def _timeline(story: Story, urgency: str, now: datetime, rng: random.Random) -> dict[str, datetime]:
    """When each step of the story happened; squeezed to fit between its start and now."""
    sent = _sent_at(now, story.days_ago, rng)
    steps = STEPS_DONE[story.path]
    jitter = 0.6 + rng.random()
    offsets = {step: PACE[urgency][step] * jitter for step in steps}
    if RETURNED in offsets:
        offsets[RECEIVED] = min(offsets[RECEIVED], offsets[RETURNED] * 0.5)
    room = (now - sent).total_seconds() / 3600 - 0.25
    last = max(offsets.values(), default=0)
    if last > room:
        offsets = {step: hours * room / last for step, hours in offsets.items()}
    return {SENT: sent} | {step: sent + timedelta(hours=hours) for step, hours in offsets.items()}


def _set_clock(observation: Observation, referral: Referral | None, times: dict[str, datetime],
               deadlines: dict[tuple[int, str], tuple[int, int]]) -> None:
    """Move the story's own timestamps back to when it happened (the statistics with them)."""
    sent = times[SENT]
    Observation.objects.filter(pk=observation.pk).update(created_at=sent)
    statistic: dict[str, Any] = {"month": timezone.localdate(sent).replace(day=1)}
    if TAKEN_OVER in times:
        statistic["hours_to_takeover"] = (times[TAKEN_OVER] - sent).total_seconds() / 3600
    Statistic.objects.filter(observation=observation).update(**statistic)
    if referral is None:
        return
    # The municipality's deadline policy, counted from the earlier start (as services.deadline_for).
    days, hours = deadlines.get((referral.municipality_id, referral.urgency), DEFAULT_DEADLINES[referral.urgency])
    Referral.objects.filter(pk=referral.pk).update(
        sent_at=sent,
        deadline_at=services.add_working_days(sent, days) + timedelta(hours=hours),
        received_at=times.get(RECEIVED),
        taken_over_at=times.get(TAKEN_OVER),
        closed_at=times.get(CLOSED) or times.get(RETURNED),
    )
    steps = Transition.objects.filter(referral=referral)
    for step, at in times.items():
        if step == CLAIMED:
            steps.filter(note="claimed").update(at=at)
        elif step == RECEIVED:
            steps.filter(to_state=RECEIVED).exclude(note="claimed").update(at=at)
        else:
            steps.filter(to_state=step).update(at=at)


@dataclass
class _Stage:
    """What the stories are played on."""

    users: dict[str, User]
    dwellings: dict[str, list[Dwelling]]
    estates: dict[str, Estate]
    signs: dict[str, Sign]
    bases: dict[str, LegalBasis]
    deadlines: dict[tuple[int, str], tuple[int, int]]  # (municipality, urgency) → (working days, hours)
    now: datetime
    rng: random.Random


def _play(story: Story, stage: _Stage) -> Referral | None:
    """File the observation and take its referral as far as the story goes, as the people would."""
    homes = stage.dwellings[story.estate]
    observation = services.file_observation(
        services.ObservationInput(
            estate=stage.estates[story.estate],
            dwelling=homes[story.dwelling % len(homes)],
            resident_first_name=story.first_name,
            signs=[stage.signs[code] for code in story.signs],
            description=story.description,
            consent=story.consent,
            legal_basis=stage.bases[story.legal_basis] if story.legal_basis else None,
            legal_basis_reason=story.basis_reason,
        ),
        actor=stage.users[story.reporter],
    )
    referral = Referral.objects.filter(observation=observation).select_related("unit__lead").first()
    times = _timeline(story, observation.urgency, stage.now, stage.rng)
    if referral is None:
        _set_clock(observation, None, times, stage.deadlines)
        return None
    worker = stage.users[story.worker] if story.worker else referral.unit.lead
    if worker is None:
        raise ValueError(f"{referral.unit} has no lead to work the demo's referrals")
    if RECEIVED in times:
        # Opening the referral's page: the same access-log entry as the view writes.
        record(actor=worker, action=Action.READ, obj=referral, organisation_id=referral.municipality_id,
               purpose=gettext_noop("working the referral"))
        referral = services.receive(referral, actor=worker)
    if CLAIMED in times:
        referral = services.claim(referral, actor=worker)
    if TAKEN_OVER in times:
        status = story.status if story.path == TAKEN_OVER else stage.rng.choice(STATUS_TAKEN_OVER)
        referral = services.take_over(referral, actor=worker, status_text=status)
    if CLOSED in times:
        referral = services.close(referral, actor=worker, outcome=story.outcome, status_text=story.status)
    if RETURNED in times:
        referral = services.return_to_reporter(referral, actor=worker, reason=story.status)
    _set_clock(observation, referral, times, stage.deadlines)
    return referral


def load_bridge_building(
    orgs: dict[str, Organisation], estates: dict[str, Estate], users: dict[str, User], staff: tuple
) -> None:
    """Routing for both demo municipalities, then (once) the stories, oldest first."""
    _routing(orgs, users, staff)
    reporters = {users[story.reporter] for story in STORIES}
    if Observation.objects.filter(reported_by__in=reporters).exists():
        return
    rng = random.Random(HISTORY_SEED)  # noqa: S311  (reproducible made-up stories, not secrets)
    stories = sorted(_history(rng) + list(STORIES), key=lambda story: -story.days_ago)
    stage = _Stage(
        users=users,
        dwellings={name: list(estate.dwellings.order_by("pk")) for name, estate in estates.items()},
        estates=estates,
        signs={sign.code: sign for sign in Sign.objects.select_related("category")},
        bases={basis.code: basis for basis in LegalBasis.objects.all()},
        deadlines={(p.municipality_id, p.urgency): (p.working_days, p.hours) for p in DeadlinePolicy.objects.all()},
        now=timezone.now(),
        rng=rng,
    )
    overdue: list[Referral] = []
    with translation.override("da"):  # routing reasons and default status texts are stored in Danish
        for story in stories:
            referral = _play(story, stage)
            if story.escalated and referral is not None:
                overdue.append(referral)
        # The worker's rounds: escalation five minutes past each deadline (never later than now), a
        # round now for whatever else is past its deadline today, then retention today.
        for referral in overdue:
            referral.refresh_from_db(fields=["deadline_at"])
            housekeeping.escalate_overdue(now=min(referral.deadline_at + timedelta(minutes=5), stage.now))
        housekeeping.escalate_overdue(now=stage.now)
        housekeeping.apply_retention(now=stage.now)
