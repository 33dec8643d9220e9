"""Help-guide search with 50,000 generated services, on SQLite and on PostgreSQL.

Each database is made for the run (a temporary SQLite file; a PostgreSQL database at
127.0.0.1:5432, user postgres, dropped after — skipped when nothing answers), migrated, and
filled with BENCH_DIRECTORY_SERVICES services across the 98 municipalities, each with phones,
opening hours, one or two needs and sometimes a language. Then:

1. `search.reindex()` of every service (the search text, and on SQLite the FTS5 rows);
2. the result page's reads, as the search view does them — count, first page of 20, and its
   phones, opening hours, needs and translations — for typical searches, ROUNDS times each:
   median and 95th percentile in milliseconds.

Run alone: `python -m lokalsundhed.bench directory`.
"""

from __future__ import annotations

import os
import platform
import random
import statistics
import time
import uuid
from datetime import time as clock
from typing import Any

from lokalsundhed.bench.scratch import in_process, on_postgresql, on_sqlite, setup_django

SERVICES = int(os.environ.get("BENCH_DIRECTORY_SERVICES", "50000"))
ROUNDS = int(os.environ.get("BENCH_DIRECTORY_ROUNDS", "20"))

KINDS = [
    ("Demenskoordinator", "Rådgivning til borgere med demens og deres pårørende.", "dementia"),
    ("Demenscafé", "Et mødested for mennesker med demens og pårørende.", "dementia"),
    ("Gældsrådgivning", "Gratis rådgivning om gæld, budget og huslejerestancer.", "money_eviction"),
    ("Boligsocial rådgivning", "Hjælp før en udsættelse og ved ubetalt husleje.", "money_eviction"),
    ("Misbrugscenter", "Anonym rådgivning og behandling for alkohol og stoffer.", "addiction"),
    ("Psykiatrisk støttecenter", "Støtte til borgere med psykisk sårbarhed og angst.", "mental_health"),
    ("Værested", "Et fællesskab for mennesker, der har det svært.", "mental_health"),
    ("Besøgsvenner", "Frivillige besøgsvenner til ensomme ældre.", "loneliness"),
    ("Fredagscafé", "Fællesskab mod ensomhed i boligområdet.", "loneliness"),
    ("Hjemmeplejen", "Praktisk hjælp og personlig pleje i eget hjem.", "practical_help"),
    ("Hjælpemiddeldepot", "Udlån af rollatorer, badebænke og andre hjælpemidler.", "practical_help"),
    ("Krisecenter", "Døgnåbent krisecenter for kvinder og børn udsat for vold.", "domestic_violence"),
    ("Ungdomsrådgivning", "Anonym rådgivning for unge og deres forældre.", "young_people"),
    ("Sundhedshus", "Sundhedstjek, træning og Lær at tackle-kurser.", "health_offers"),
    ("Jobcafé", "Hjælp til job, uddannelse og frivilligt arbejde.", "employment"),
]
QUERIES: list[tuple[str, dict[str, Any]]] = [
    ("'demens', one municipality", {"query": "demens", "municipality": "0607"}),
    ("'demens', the whole country", {"query": "demens"}),
    ("'gæld rådgivning', the whole country", {"query": "gæld rådgivning"}),
    ("'ensom' + spoken in Arabic, the whole country", {"query": "ensom", "language": "ar"}),
    ("need + open now, one municipality (no text)", {"need": "mental_health", "municipality": "0607", "open": True}),
    ("need only, the whole country (no text)", {"need": "loneliness"}),
]


def _generate(count: int) -> list[Any]:
    from lokalsundhed.directory.models import (
        NEEDS_TAXONOMY_ID,
        Attribute,
        Language,
        Organization,
        Phone,
        Schedule,
        Service,
        TaxonomyTerm,
    )
    from lokalsundhed.organisations.models import Municipality

    rng = random.Random(1)  # noqa: S311  (benchmark data, not secrets)
    municipalities = list(Municipality.objects.all())
    needs = {t.code: t.pk for t in TaxonomyTerm.objects.filter(taxonomy_detail_id=NEEDS_TAXONOMY_ID)}
    orgs = Organization.objects.bulk_create(
        [Organization(name=f"{m.name} Kommune", description="Kommunen") for m in municipalities]
        + [Organization(name=f"Foreningen {n}", description="Frivillig forening") for n in range(200)]
    )
    ids: list[Any] = []
    for start in range(0, count, 2000):
        services, phones, hours, attributes, languages = [], [], [], [], []
        for n in range(start, min(start + 2000, count)):
            kind, description, need = KINDS[n % len(KINDS)]
            municipality = municipalities[n % len(municipalities)]
            service = Service(id=uuid.uuid4(), organization=rng.choice(orgs), municipality=municipality,
                              name=f"{kind} {municipality.name} {n}", description=description)
            services.append(service)
            phones.append(Phone(service_id=service.id, number=f"7{rng.randrange(10_000_000):07d}"))
            opens = rng.choice([8, 9, 10, 13])
            hours.append(Schedule(service_id=service.id, freq="WEEKLY", byday=rng.choice(["MO,TU,WE,TH,FR", "TU,TH", "FR"]),
                                  opens_at=clock(opens), closes_at=clock(opens + rng.choice([2, 4, 7]))))
            for code in {need, rng.choice(list(needs))}:
                attributes.append(Attribute(id=uuid.uuid4(), link_id=service.id, link_entity="service",
                                            taxonomy_term_id=needs[code]))
            if n % 7 == 0:
                languages.append(Language(service_id=service.id, code=rng.choice(["ar", "tr", "so", "en"])))
        Service.objects.bulk_create(services)
        Phone.objects.bulk_create(phones)
        Schedule.objects.bulk_create(hours)
        Attribute.objects.bulk_create(attributes)
        Language.objects.bulk_create(languages)
        ids += [s.id for s in services]
    return ids


def _worker(database_url: str, var_dir: str, results: Any) -> None:
    setup_django(database_url, var_dir)
    from datetime import datetime
    from zoneinfo import ZoneInfo

    from django.core.management import call_command
    from django.core.paginator import Paginator
    from django.db import connection, reset_queries
    from django.test.utils import CaptureQueriesContext

    from lokalsundhed.directory import search, selectors
    from lokalsundhed.directory.models import Service
    from lokalsundhed.directory.tests.factories import need
    from lokalsundhed.organisations.models import Municipality

    call_command("migrate", verbosity=0)
    lines = []
    t0 = time.perf_counter()
    ids = _generate(SERVICES)
    lines.append(f"generated {len(ids):,} services with phones, hours, needs in {time.perf_counter() - t0:.1f} s")
    t0 = time.perf_counter()
    search.reindex(ids)
    elapsed = time.perf_counter() - t0
    lines.append(f"reindex of every service: {elapsed:.1f} s ({len(ids) / elapsed:,.0f} services/s)")
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    fredericia = Municipality.objects.get(code="0607").pk
    open_at = datetime(2026, 11, 24, 10, 0, tzinfo=ZoneInfo("Europe/Copenhagen"))
    for label, spec in QUERIES:
        filters = selectors.Filters(
            query=spec.get("query", ""), language=spec.get("language", ""),
            municipality_id=fredericia if spec.get("municipality") else None,
            need=need(spec["need"]).pk if spec.get("need") else None,
            open_at=open_at if spec.get("open") else None,
        )
        timings, found, count = [], 0, 0
        for _ in range(ROUNDS):
            reset_queries()
            with CaptureQueriesContext(connection) as ctx:
                t0 = time.perf_counter()
                page = Paginator(selectors.find(Service.objects.select_related("organization"), filters), 20).get_page(1)
                selectors.for_result_page(list(page.object_list))
                timings.append((time.perf_counter() - t0) * 1000)
            found, count = page.paginator.count, len(ctx.captured_queries)
        timings.sort()
        p95 = timings[min(len(timings) - 1, int(len(timings) * 0.95))]
        lines.append(f"{label}: {found:,} found; median {statistics.median(timings):.1f} ms, "
                     f"p95 {p95:.1f} ms ({count} queries)")
    if connection.vendor == "postgresql":
        # A word few services have: the planner should go through the GIN index. (For a word in
        # a fifth of all services, such as "demens", reading the table is rightly cheaper.)
        for word in ("krisecenter", "demens"):
            plan = selectors.find(Service.objects.all(), selectors.Filters(query=word)).explain()
            lines.append(f"plan for {word!r} uses the GIN index: " + ("yes" if "directory_service_search" in plan else "no"))
    results.put(lines)


def run() -> list[str]:
    lines = [f"{SERVICES:,} generated services, {ROUNDS} rounds per search "
             f"(Python {platform.python_version()}, {os.cpu_count()} CPUs)"]
    lines += on_sqlite(lambda scratch: [f"-- {scratch.label} (FTS5)", *in_process(_worker, scratch)])
    lines += on_postgresql("directory", lambda scratch: [f"-- {scratch.label} (danish, GIN)", *in_process(_worker, scratch)])
    return lines
