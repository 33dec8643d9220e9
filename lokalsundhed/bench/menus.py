"""Every page of every role's menu at national scale: queries and server time, slowest first.

The pages benchmark (bench/pages.py) loads a dozen key pages from a web server; this one walks what
each kind of staff reaches from the menu — caretaker, housing social worker, intake, unit worker,
health professional, analyst (in a municipality and in a housing organisation), administrator
(both) and auditor — so that a capability whose page grows with the national year is seen.

On the pages benchmark's database (`BENCH_PAGES_DATABASE_URL`, generated at scale 1 when empty), in
one process through Django's test client with DEBUG off: each person is the one of their role in
the organisation with the most estates (the busiest desk of that kind), logged in by a session
made for the run. Each page is loaded once to warm, then `BENCH_MENUS_REPEAT` times (default 5):
its status, queries, median and slowest server time, and its median as a multiple of an empty
logged-in page's (`/bench/layout/`, bench/bare.py: session, user, memberships and the staff layout),
measured in the same run beside the bare view — on a noisy machine the multiple is what compares
from run to run. The run fails if a page does not answer 200.

Run alone: `python -m lokalsundhed.bench menus`.
"""

from __future__ import annotations

import os
import statistics
import time
from typing import Any

from lokalsundhed.bench import pages
from lokalsundhed.bench.isolation import run_isolated

REPEAT = int(os.environ.get("BENCH_MENUS_REPEAT", "5"))
SLOW_MS = 50.0  # PRODUCT.md's goal for a key staff page's median server time


def run() -> list[str]:
    how = pages.ensure_database()
    return run_isolated(_measure, {**pages.environment(), "BENCH_MENUS_HOW": how})


def _people() -> list[tuple[str, Any]]:
    """(who, user): the busiest desk of each role, municipal and housing where the role is both."""
    from django.db.models import Count

    from lokalsundhed.accounts.models import Membership
    from lokalsundhed.core.permissions import Role
    from lokalsundhed.organisations.models import Organisation

    size = {o.pk: o.n for o in Organisation.objects.filter(kind=Organisation.Kind.HOUSING)
            .annotate(n=Count("estates"))}
    size |= {o.pk: o.n for o in Organisation.objects.filter(kind=Organisation.Kind.MUNICIPALITY)
             .annotate(n=Count("municipality__estates"))}
    chosen: dict[tuple[str, str], tuple[int, Any]] = {}
    for membership in Membership.objects.select_related("user", "organisation").order_by("pk"):
        org = membership.organisation
        key = (membership.role, org.kind)
        if key not in chosen or size.get(org.pk, 0) > chosen[key][0]:
            chosen[key] = (size.get(org.pk, 0), membership.user)
    kinds: dict[str, str] = {Organisation.Kind.MUNICIPALITY: "municipal", Organisation.Kind.HOUSING: "housing"}
    return [(f"{Role(role).name.lower().replace('_', ' ')} ({kinds.get(kind, kind)})", user)
            for (role, kind), (_n, user) in sorted(chosen.items())]


def _measure() -> list[str]:
    from django.test import Client

    from lokalsundhed.core.navigation import items_for

    people = _people()
    bare = _timed(Client(), "/bench/bare/", REPEAT * 4)[0]
    layout_client = Client()
    layout_client.cookies["sessionid"] = pages.session_for(people[0][1])
    layout = _timed(layout_client, "/bench/layout/", REPEAT * 4)[0]
    rows: list[tuple[float, str]] = []
    failures = []
    for who, user in people:
        client = Client()
        client.cookies["sessionid"] = pages.session_for(user)
        user.active_memberships  # noqa: B018  (the menu reads them, as the middleware would)
        for item in items_for(user, ""):
            url = item["url"]
            first = client.get(url)  # also the load that warms it
            if first.status_code != 200:
                failures.append(f"{who}: {url} answered {first.status_code}")
                continue
            median, slowest, queries = _timed(client, url, REPEAT, warm=False)
            rows.append((median, f"{who:<28} {url:<34} {queries:>7} {median:>9.1f} {slowest:>9.1f} "
                                 f"{median / layout:>8.1f}" + ("  over 50 ms" if median > SLOW_MS else "")))
    if failures:
        raise RuntimeError("pages that did not answer 200:\n" + "\n".join(failures))
    rows.sort(reverse=True)
    return [f"PostgreSQL database {pages.DATABASE_URL.rsplit('/', 1)[1]} ({os.environ['BENCH_MENUS_HOW']}); "
            f"Django's test client, DEBUG off, {REPEAT} loads a page after one to warm",
            f"yardsticks in this run: bare view {bare:.1f} ms, empty logged-in page (layout) {layout:.1f} ms",
            f"{'who':<28} {'page':<34} {'queries':>7} {'median ms':>9} {'max ms':>9} {'× layout':>8}",
            *(line for _, line in rows),
            f"{len(rows)} pages; {sum(ms > SLOW_MS for ms, _ in rows)} with a median over {SLOW_MS:.0f} ms"]


def _timed(client: Any, url: str, repeat: int, *, warm: bool = True) -> tuple[float, float, int]:
    """(median ms, slowest ms, queries of the last load) of `repeat` loads, after one to warm."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    if warm:
        client.get(url)
    times = []
    for _ in range(repeat):
        with CaptureQueriesContext(connection) as queries:
            started = time.perf_counter()
            client.get(url)
            times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times), max(times), len(queries)
