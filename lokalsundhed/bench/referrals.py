"""The receiving units' queue, the reporter's list and the logged-in overview with national data:
`generate_national` at a small scale, plus REFERRALS referrals bulk-inserted across its estates,
in a temporary SQLite file — and in a PostgreSQL database created for the run at 127.0.0.1:5432
(user postgres) when one answers, dropped after.

Referrals follow the dwellings, so the big cities get the most (scale 0.1 keeps ten
municipalities, so each holds roughly ten times the referrals it would nationally: a worst
case). Their states are mixed as in a running service (10 % sent, 10 % received, 20 % taken
over, 55 % closed, 5 % returned), sent over the past year. Each page is then requested through
Django's test client as the intake worker and a unit worker of the municipality with the most
referrals, and as the caretaker with the most reports; the overview (`core:home`) also as a
person holding several roles (the second busiest caretaker, made also housing social worker
there, and intake, unit worker and administrator of that municipality): warmed up, then the
median (and slowest) of ROUNDS requests, with DEBUG off. Every request goes through the whole
stack: session, two-factor check, access log.

Run alone: `python -m lokalsundhed.bench referrals`. BENCH_REFERRALS, BENCH_REFERRALS_SCALE and
BENCH_REFERRALS_ROUNDS change the load.
"""

from __future__ import annotations

import os
import platform
import random
import time
from datetime import timedelta
from pathlib import Path
from typing import Any

from lokalsundhed.bench.scratch import (
    Scratch,
    in_process,
    on_postgresql,
    on_sqlite,
    setup_django,
    time_page,
)

REFERRALS = int(os.environ.get("BENCH_REFERRALS", "100000"))
SCALE = float(os.environ.get("BENCH_REFERRALS_SCALE", "0.1"))
ROUNDS = int(os.environ.get("BENCH_REFERRALS_ROUNDS", "15"))
WARM = 3
BATCH = 5000
SEED = 1

# state, share, claimed?
STATES = [("sent", 0.10), ("received", 0.10), ("taken_over", 0.20), ("closed", 0.55), ("returned", 0.05)]


def _generate(rng: random.Random) -> dict[str, Any]:
    """National data, receiving units per municipality and REFERRALS referrals; who to log in as."""
    import contextlib
    import io

    from django.core.management import call_command
    from django.db import connection, transaction
    from django.db.models import Count
    from django.utils import timezone

    from lokalsundhed.accounts.models import Membership
    from lokalsundhed.core.permissions import Role
    from lokalsundhed.organisations.models import Dwelling, Estate, Organisation
    from lokalsundhed.referrals.models import Consent, Observation, ReceivingUnit, Referral, Urgency

    started = time.perf_counter()
    call_command("migrate", "--noinput", verbosity=0)
    with contextlib.redirect_stderr(io.StringIO()):  # the progress bars
        call_command("generate_national", "--scale", str(SCALE), "--seed", str(SEED), stdout=io.StringIO())
    generated = time.perf_counter() - started

    started = time.perf_counter()
    councils = {o.municipality_id: o for o in Organisation.objects.filter(kind=Organisation.Kind.MUNICIPALITY)}
    people: dict[tuple[int, str], list[int]] = {}
    for org_id, role, user_id in Membership.objects.values_list("organisation_id", "role", "user_id"):
        people.setdefault((org_id, role), []).append(user_id)
    homes: dict[int, list[int]] = {}
    for pk, estate_id in Dwelling.objects.values_list("pk", "estate_id"):
        homes.setdefault(estate_id, []).append(pk)
    estates = [e for e in Estate.objects.values_list("pk", "housing_organisation_id", "municipality_id")
               if e[2] in councils and e[0] in homes and people.get((e[1], Role.CARETAKER))]

    with transaction.atomic():
        units: dict[int, tuple[ReceivingUnit, ReceivingUnit]] = {}
        for council in councils.values():
            intake = ReceivingUnit.objects.create(municipality=council, name="Én Indgang", kind="single_entry",
                                                  is_default=True)
            psychiatry = ReceivingUnit.objects.create(municipality=council, name="Socialpsykiatri",
                                                      kind="social_psychiatry")
            psychiatry.members.set(people.get((council.pk, Role.UNIT_WORKER), []))
            units[council.pk] = (intake, psychiatry)

        now = timezone.now()
        chosen = rng.choices(estates, weights=[len(homes[e[0]]) for e in estates], k=REFERRALS)
        states = rng.choices([s for s, _ in STATES], weights=[w for _, w in STATES], k=REFERRALS)
        urgencies = rng.choices(list(Urgency), weights=[6, 3, 1], k=REFERRALS)
        for first in range(0, REFERRALS, BATCH):
            batch = range(first, min(first + BATCH, REFERRALS))
            observations = Observation.objects.bulk_create(
                Observation(
                    estate_id=chosen[n][0],
                    dwelling_id=rng.choice(homes[chosen[n][0]]),
                    resident_first_name=rng.choice(["Inge", "Karl", "Bodil", "Ahmed", "Fatma", "Jens", ""]),
                    description="Ikke set i flere dage; posten hober sig op.",
                    urgency=urgencies[n],
                    consent=Consent.YES,
                    reported_by_id=rng.choice(people[(chosen[n][1], Role.CARETAKER)]),
                    created_at=now - timedelta(minutes=rng.randrange(365 * 24 * 60)),
                )
                for n in batch
            )
            referrals = []
            for n, observation in zip(batch, observations, strict=True):
                council = councils[chosen[n][2]]
                state = states[n]
                sent = observation.created_at
                claimed = state != "sent" and state != "returned"
                intake_people = people.get((council.pk, Role.INTAKE)) or [observation.reported_by_id]
                referrals.append(Referral(
                    observation=observation,
                    municipality=council,
                    unit=units[council.pk][1 if rng.random() < 0.2 else 0],
                    routing_reason="Regel",
                    urgency=observation.urgency,
                    state=state,
                    outcome="help_established" if state == "closed" else "",
                    status_text="Vi har kontakt" if state in ("taken_over", "closed") else "",
                    claimed_by_id=rng.choice(intake_people) if claimed else None,
                    sent_at=sent,
                    deadline_at=sent + timedelta(days=2),
                    received_at=sent + timedelta(hours=2) if state != "sent" else None,
                    taken_over_at=sent + timedelta(hours=20) if state in ("taken_over", "closed") else None,
                    closed_at=sent + timedelta(days=9) if state in ("closed", "returned") else None,
                ))
            Referral.objects.bulk_create(referrals)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")  # what autovacuum does soon after a bulk load
    inserted = time.perf_counter() - started

    busiest = (Referral.objects.values("municipality_id").annotate(n=Count("pk")).order_by("-n").first())
    assert busiest is not None  # noqa: S101
    municipality_id = busiest["municipality_id"]
    reporters = list(Observation.objects.values("reported_by_id").annotate(n=Count("pk")).order_by("-n")[:2])
    assert len(reporters) == 2  # noqa: S101
    reporter, several = reporters
    # Several roles, as the overview's query-budget test has them: caretaker and housing social
    # worker of an estate, intake, unit worker and administrator of the busiest municipality.
    housing_id = (Membership.objects.filter(user_id=several["reported_by_id"], role=Role.CARETAKER)
                  .values_list("organisation_id", flat=True).first())
    for organisation_id, role in ((housing_id, Role.SOCIAL_WORKER), (municipality_id, Role.INTAKE),
                                  (municipality_id, Role.UNIT_WORKER), (municipality_id, Role.ADMIN)):
        Membership.objects.get_or_create(user_id=several["reported_by_id"], organisation_id=organisation_id, role=role)
    units[municipality_id][1].members.add(several["reported_by_id"])
    return {
        "generated": generated,
        "inserted": inserted,
        "estates": len(estates),
        "municipalities": len(councils),
        "municipality": Organisation.objects.get(pk=municipality_id).name,
        "municipality_referrals": busiest["n"],
        "intake": people[(municipality_id, Role.INTAKE)][0],
        "unit_worker": people[(municipality_id, Role.UNIT_WORKER)][0],
        "reporter": reporter["reported_by_id"],
        "reporter_reports": reporter["n"],
        "several": several["reported_by_id"],
        "several_reports": several["n"],
    }


def _measure(database_url: str, var_dir: str, results: Any) -> None:
    setup_django(database_url, var_dir)
    import logging

    logging.disable(logging.INFO)  # one "login succeeded" line per client
    from django.test import Client
    from django.urls import reverse

    from lokalsundhed.accounts.middleware import TWO_FACTOR_OK_KEY
    from lokalsundhed.accounts.models import User
    from lokalsundhed.core.access import scoped
    from lokalsundhed.referrals.models import Observation, Referral
    from lokalsundhed.referrals.views import PAGE_SIZE

    facts = _generate(random.Random(SEED))  # noqa: S311  (synthetic data)
    timings = []
    for persona, url_name, label, params in [
        ("intake", "referrals:queue", "queue, open (first page)", {}),
        ("intake", "referrals:queue", "queue, every state (first page)", {"state": ""}),
        ("intake", "referrals:queue", "queue, every state (page 100)", {"state": "", "page": "100"}),
        ("intake", "referrals:queue", "queue, red and overdue", {"state": "overdue", "urgency": "red"}),
        ("unit_worker", "referrals:queue", "queue of a unit worker, open", {}),
        ("reporter", "referrals:my_reports", "reporter's list (first page)", {}),
        ("reporter", "referrals:my_reports", "reporter's list (last page)", {"page": "last"}),  # see below
        ("intake", "core:home", "overview (intake)", {}),
        ("reporter", "core:home", "overview (caretaker)", {}),
        ("several", "core:home", "overview (several roles)", {}),
    ]:
        user = User.objects.get(pk=facts[persona])
        client = Client()
        client.force_login(user)
        session = client.session
        session[TWO_FACTOR_OK_KEY] = True
        session.save()
        if persona == "reporter":
            visible = scoped(user, Observation).filter(reported_by=user).count()
        else:
            visible = scoped(user, Referral).count()
        if params.get("page") == "last":
            params = {"page": str(-(-visible // PAGE_SIZE))}
        median, slowest, queries = time_page(client, reverse(url_name), params, warm=WARM, rounds=ROUNDS)
        timings.append((label, median, slowest, queries, visible))
    results.put((facts, timings))


def _bench(scratch: Scratch) -> list[str]:
    facts, timings = in_process(_measure, scratch)
    label = scratch.label
    lines = [
        f"{label}: generate_national --scale {SCALE} in {facts['generated']:.1f} s ({facts['municipalities']} "
        f"municipalities, {facts['estates']:,} estates); {REFERRALS:,} observations + referrals inserted in "
        f"{facts['inserted']:.1f} s",
        f"{'':<4}{facts['municipality']} holds {facts['municipality_referrals']:,} referrals; "
        f"the busiest caretaker has {facts['reporter_reports']:,} reports, the one with several roles "
        f"{facts['several_reports']:,}",
    ]
    for page, median, slowest, queries, visible in timings:
        lines.append(f"{'':<4}{page:<34} {median:6.1f} ms median, {slowest:6.1f} ms slowest, "
                     f"{queries} queries ({visible:,} rows in scope)")
    return lines


def _with_file_size(scratch: Scratch) -> list[str]:
    lines = _bench(scratch)
    size = sum(p.stat().st_size for p in Path(scratch.var_dir).glob("bench.sqlite3*"))
    lines.append(f"{'':<4}database file {size / 2**20:,.0f} MiB")
    return lines


def run() -> list[str]:
    lines = [
        f"queue, reporter's list and overview, warm, median of {ROUNDS} requests through the test client "
        f"(Python {platform.python_version()}, {os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f})"
    ]
    lines += on_sqlite(_with_file_size)
    lines += on_postgresql("referrals", _bench)
    return lines
