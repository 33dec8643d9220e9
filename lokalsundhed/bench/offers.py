"""Local offers and practical help with national data: `generate_national` at a small scale, then
per estate OFFERS offers of six weekly sessions (half in the past), SIGN_UPS sign-ups each with
attendance recorded for the past sessions, and ERRANDS errands (most done, over the past two
months) — bulk-inserted into a temporary SQLite file, and into a PostgreSQL database created for
the run at 127.0.0.1:5432 (user postgres) when one answers, dropped after.

Then, warm, the median (and slowest) of ROUNDS requests through the test client with DEBUG off:
the residents' calendar of the busiest estate and municipality (anonymous, in Arabic), the reach
page as an analyst of that municipality, the monthly practical-help report and the caretakers'
list — and the booking service itself: BOOKINGS sign-ups of outreach slots one after another.

Run alone: `python -m lokalsundhed.bench offers`. BENCH_OFFERS_SCALE, BENCH_OFFERS_PER_ESTATE,
BENCH_OFFERS_SIGN_UPS, BENCH_OFFERS_ERRANDS and BENCH_OFFERS_ROUNDS change the load.
"""

from __future__ import annotations

import os
import platform
import random
import secrets
import time
from datetime import timedelta
from typing import Any

from lokalsundhed.bench.scratch import (
    Scratch,
    in_process,
    on_postgresql,
    on_sqlite,
    setup_django,
    time_page,
)

SCALE = float(os.environ.get("BENCH_OFFERS_SCALE", "0.1"))
OFFERS = int(os.environ.get("BENCH_OFFERS_PER_ESTATE", "4"))
SIGN_UPS = int(os.environ.get("BENCH_OFFERS_SIGN_UPS", "12"))
ERRANDS = int(os.environ.get("BENCH_OFFERS_ERRANDS", "30"))
ROUNDS = int(os.environ.get("BENCH_OFFERS_ROUNDS", "15"))
BOOKINGS = 200
WARM = 3
BATCH = 5000
SEED = 1


def _generate(rng: random.Random) -> dict[str, Any]:
    """National data, then offers, sessions, sign-ups, attendance and errands in bulk."""
    import contextlib
    import io

    from django.core.management import call_command
    from django.db import transaction
    from django.db.models import Count
    from django.utils import timezone

    from lokalsundhed.accounts.models import Membership
    from lokalsundhed.core.permissions import Role
    from lokalsundhed.errands.models import Errand, ErrandType
    from lokalsundhed.errands.services import seed_catalogue
    from lokalsundhed.offers.models import Attendance, Offer, OfferTranslation, Session, SignUp
    from lokalsundhed.organisations.models import Estate, Organisation

    started = time.perf_counter()
    call_command("migrate", "--noinput", verbosity=0)
    with contextlib.redirect_stderr(io.StringIO()):  # the progress bars
        call_command("generate_national", "--scale", str(SCALE), "--seed", str(SEED), stdout=io.StringIO())
    generated = time.perf_counter() - started

    started = time.perf_counter()
    now = timezone.now()
    people: dict[tuple[int, str], list[int]] = {}
    for org_id, role, user_id in Membership.objects.values_list("organisation_id", "role", "user_id"):
        people.setdefault((org_id, role), []).append(user_id)
    estates = list(Estate.objects.values_list("pk", "housing_organisation_id", "municipality_id"))
    with transaction.atomic():
        for organisation in Organisation.objects.filter(kind=Organisation.Kind.HOUSING):
            seed_catalogue(organisation)
        types: dict[int, list[int]] = {}
        for pk, org_id in ErrandType.objects.filter(allowed=True).values_list("pk", "housing_organisation_id"):
            types.setdefault(org_id, []).append(pk)
        creator = next(iter(people.values()))[0]
        offers = [
            Offer(kind=rng.choice(["activity", "course", "info_meeting"]), estate_id=estate, municipality_id=municipality,
                  title=f"Tilbud {estate}-{n}", description="Kaffe og en snak.", capacity=SIGN_UPS,
                  created_by_id=creator)
            for estate, _housing, municipality in estates for n in range(OFFERS)
        ]
        Offer.objects.bulk_create(offers, batch_size=BATCH)
        OfferTranslation.objects.bulk_create(
            [OfferTranslation(offer=o, language="ar", title=f"نشاط {o.pk}") for o in offers], batch_size=BATCH
        )
        sessions = []
        for offer in offers:
            first = now - timedelta(weeks=3, hours=rng.randrange(48))
            sessions += [Session(offer=offer, starts_at=first + timedelta(weeks=w),
                                 ends_at=first + timedelta(weeks=w, hours=2),
                                 attendance_taken_at=first + timedelta(weeks=w, hours=2) if w < 3 else None)
                         for w in range(6)]
        Session.objects.bulk_create(sessions, batch_size=BATCH)
        sign_ups = [
            SignUp(offer=offer, status="confirmed", first_name="X", email=f"x{offer.pk}.{i}@example.dk",
                   token=secrets.token_urlsafe(24), language=rng.choice(["da", "da", "ar", "tr", "so", "uk"]),
                   first_time=rng.random() < 0.3, created_at=now - timedelta(weeks=4), confirmed_at=now - timedelta(weeks=4))
            for offer in offers for i in range(SIGN_UPS)
        ]
        SignUp.objects.bulk_create(sign_ups, batch_size=BATCH)
        by_offer: dict[int, list[SignUp]] = {}
        for entry in sign_ups:
            by_offer.setdefault(entry.offer_id, []).append(entry)
        attendances = [
            Attendance(session=session, sign_up=entry, marked_by_id=creator)
            for session in sessions if session.attendance_taken_at
            for entry in by_offer[session.offer_id] if rng.random() < 0.7
        ]
        Attendance.objects.bulk_create(attendances, batch_size=BATCH)
        errands = []
        for estate, housing, _municipality in estates:
            caretakers = people.get((housing, Role.CARETAKER))
            if not caretakers or housing not in types:
                continue
            for _ in range(ERRANDS):
                done = rng.random() < 0.85
                when = now - timedelta(days=rng.uniform(0, 60))
                errands.append(Errand(
                    estate_id=estate, errand_type_id=rng.choice(types[housing]), resident_first_name="X",
                    phone="20304050", state="done" if done else "open", created_at=when,
                    taken_by_id=rng.choice(caretakers) if done else None, taken_at=when if done else None,
                    done_at=when if done else None, minutes=rng.choice([5, 10, 15, 30]) if done else None,
                ))
        Errand.objects.bulk_create(errands, batch_size=BATCH)
    inserted = time.perf_counter() - started

    # The municipality with the most offers (the worst calendar and reach), and its biggest estate.
    top = Offer.objects.values("municipality_id").annotate(n=Count("pk")).order_by("-n", "municipality_id").first()
    assert top is not None  # noqa: S101
    busiest = (Estate.objects.filter(municipality_id=top["municipality_id"]).annotate(n=Count("dwellings"))
               .select_related("municipality").order_by("-n", "pk").first())
    assert busiest is not None  # noqa: S101
    council = Organisation.objects.get(kind=Organisation.Kind.MUNICIPALITY, municipality_id=busiest.municipality_id)
    return {
        "generated": generated,
        "inserted": inserted,
        "estates": len(estates),
        "offers": len(offers),
        "sessions": len(sessions),
        "sign_ups": len(sign_ups),
        "attendances": len(attendances),
        "errands": len(errands),
        "estate": busiest.pk,
        "municipality_code": busiest.municipality.code,
        "municipality": busiest.municipality.name,
        "municipality_offers": Offer.objects.filter(municipality_id=busiest.municipality_id).count(),
        "analyst": people[(council.pk, Role.ANALYST)][0],
        "housing_analyst": people.get((busiest.housing_organisation_id, Role.ANALYST), [None])[0]
        or people[(busiest.housing_organisation_id, Role.ADMIN)][0],
        "caretaker": people[(busiest.housing_organisation_id, Role.CARETAKER)][0],
    }


def _bookings(facts: dict[str, Any]) -> float:
    """Sign-ups per second through the booking service: BOOKINGS slots booked one after another."""
    from django.utils import timezone

    from lokalsundhed.accounts.models import User
    from lokalsundhed.offers import services, tasks_api
    from lokalsundhed.organisations.models import Estate

    tasks_api.notify = lambda *args, **kwargs: None  # no mail in a benchmark
    actor = User.objects.get(pk=facts["caretaker"])
    offer = services.create_offer(services.OfferInput(kind="outreach", title="Lægen",
                                                      estate=Estate.objects.get(pk=facts["estate"])), actor=actor)
    start = timezone.now() + timedelta(days=2)
    (session,) = services.add_sessions(offer, [(start, start + timedelta(minutes=5 * BOOKINGS))], actor=actor)
    slots = services.add_slots(session, 5, actor=actor)
    began = time.perf_counter()
    for n, slot in enumerate(slots):
        services.sign_up(offer, services.ResidentDetails(first_name="B", email=f"b{n}@example.dk"), slot=slot)
    return len(slots) / (time.perf_counter() - began)


def _measure(database_url: str, var_dir: str, results: Any) -> None:
    setup_django(database_url, var_dir)
    import logging

    logging.disable(logging.INFO)
    from django.test import Client
    from django.urls import reverse
    from django.utils import timezone

    from lokalsundhed.accounts.middleware import TWO_FACTOR_OK_KEY
    from lokalsundhed.accounts.models import User

    facts = _generate(random.Random(SEED))  # noqa: S311  (synthetic data)
    month = timezone.localdate().strftime("%Y-%m")
    timings = []
    for persona, url, label, params in [
        (None, reverse("offers:estate_calendar", args=[facts["estate"]]), "estate calendar (Arabic)", {}),
        (None, reverse("offers:municipality_calendar", args=[facts["municipality_code"]]),
         "municipality calendar (Arabic)", {}),
        ("analyst", reverse("offers:reach"), "reach, municipal analyst", {}),
        ("housing_analyst", reverse("errands:report", args=[facts["estate"]]), "practical help, month report",
         {"month": month}),
        ("caretaker", reverse("errands:errand_list"), "practical help, caretaker's list", {}),
    ]:
        client = Client()
        client.cookies["django_language"] = "ar"
        if persona:
            client.force_login(User.objects.get(pk=facts[persona]))
            session = client.session
            session[TWO_FACTOR_OK_KEY] = True
            session.save()
        timings.append((label, *time_page(client, url, params, warm=WARM, rounds=ROUNDS)))
    facts["bookings_per_second"] = _bookings(facts)
    results.put((facts, timings))


def _bench(scratch: Scratch) -> list[str]:
    facts, timings = in_process(_measure, scratch)
    label = scratch.label
    lines = [
        f"{label}: generate_national --scale {SCALE} in {facts['generated']:.1f} s; {facts['offers']:,} offers, "
        f"{facts['sessions']:,} sessions, {facts['sign_ups']:,} sign-ups, {facts['attendances']:,} attendances, "
        f"{facts['errands']:,} errands inserted in {facts['inserted']:.1f} s",
        f"{'':<4}{facts['municipality']} lists {facts['municipality_offers']:,} offers",
    ]
    for page, median, slowest, queries in timings:
        lines.append(f"{'':<4}{page:<34} {median:6.1f} ms median, {slowest:6.1f} ms slowest, {queries} queries")
    lines.append(f"{'':<4}{'booking a slot (service)':<34} {facts['bookings_per_second']:6.0f} bookings/s, one after another")
    return lines


def run() -> list[str]:
    lines = [
        f"calendar, reach, practical help: warm, median of {ROUNDS} requests through the test client "
        f"(Python {platform.python_version()}, {os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f})"
    ]
    lines += on_sqlite(_bench)
    lines += on_postgresql("offers", _bench)
    return lines
