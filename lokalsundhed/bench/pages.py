"""Key pages at national scale on PostgreSQL, against a bare Django view served the same way.

The database: `BENCH_PAGES_DATABASE_URL` (default `postgresql://postgres@127.0.0.1:5432/
lokalsundhed_national`), created, migrated and filled with `generate_national --scale 1` (a year
of work included; several minutes) when it holds no national data yet, and kept for the next run.

The server: granian (WSGI, 2 workers of 4 threads, so at most 8 database connections: the
default spawns a thread per waiting request, each keeping its connection, and exhausts a shared
PostgreSQL server's 100) with DEBUG off and the project's settings plus one bare
view (`bench/bare.py`), started and stopped by the benchmark. The load: wrk from Debian's
packages (installed when missing and run as root), each page for BENCH_PAGES_SECONDS seconds:
- with one connection: the median time a person waits for the page (server time + loopback);
- with eight connections: requests per second, and their ratio to the bare view's, measured
  just before — the ratio is what counts on a shared machine;
- the queries the page makes, counted through Django's test client against the same database.

Personas at scale 1 are the busiest of their kind: the caretaker who reported most, an intake
worker of the default unit with most open referrals, an analyst of that municipality. They log in
by a session made for the run (generated staff have no passwords), two-factor marked done.

Run alone: `python -m lokalsundhed.bench pages`.
"""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from lokalsundhed.bench.isolation import run_isolated

DATABASE_URL = os.environ.get("BENCH_PAGES_DATABASE_URL",
                              "postgresql://postgres@127.0.0.1:5432/lokalsundhed_national")
SECONDS = int(os.environ.get("BENCH_PAGES_SECONDS", "8"))
CONNECTIONS = 8
ROOT = Path(__file__).resolve().parents[2]
VENV_BIN = Path(sys.executable).parent


@dataclass(frozen=True)
class Page:
    label: str
    persona: str  # "" for a resident (anonymous)
    url: str
    staff: bool = True


def ensure_wrk() -> str:
    found = shutil.which("wrk")
    if found:
        return found
    if os.geteuid() != 0:
        raise RuntimeError("wrk is missing: apt-get install wrk")
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    subprocess.run(["apt-get", "update", "-qq"], check=True, env=env)  # noqa: S603,S607
    subprocess.run(["apt-get", "install", "-y", "-qq", "--no-install-recommends", "wrk"],  # noqa: S603,S607
                   check=True, env=env,
                   stdout=subprocess.DEVNULL)
    return shutil.which("wrk") or "/usr/bin/wrk"


def environment() -> dict[str, str]:
    return {**os.environ, "DATABASE_URL": DATABASE_URL, "DEBUG": "false", "DJANGO_ENV": "development",
            "DJANGO_SETTINGS_MODULE": "lokalsundhed.bench.bare_settings"}


def ensure_database() -> str:
    """The national database, generated once and kept; returns how it was found."""
    import psycopg

    name = DATABASE_URL.rsplit("/", 1)[1]
    admin = DATABASE_URL.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin, autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,)).fetchone()
        if not exists:
            conn.execute(f'CREATE DATABASE "{name}"')
    env = environment()
    manage = [str(VENV_BIN / "python"), str(ROOT / "manage.py")]
    subprocess.run([*manage, "migrate", "--noinput", "-v", "0"], check=True, env=env, cwd=ROOT)  # noqa: S603
    probe = subprocess.run([*manage, "shell", "-c",  # noqa: S603
                            "from lokalsundhed.demo.national import already_generated; print(already_generated())"],
                           check=True, env=env, cwd=ROOT, capture_output=True, text=True)
    # `shell` may first print the names it imported; the answer is the last line.
    if probe.stdout.strip().rsplit("\n", 1)[-1] == "True":
        return "reused"
    started = time.perf_counter()
    subprocess.run([*manage, "generate_national", "--scale", "1"], check=True, env=env, cwd=ROOT,  # noqa: S603
                   stdout=subprocess.DEVNULL)
    return f"generated in {time.perf_counter() - started:.0f} s"


def _personas() -> dict[str, Any]:
    from django.db.models import Count, Q

    from lokalsundhed.accounts.models import Membership
    from lokalsundhed.core.permissions import Role
    from lokalsundhed.referrals.models import Observation, ReceivingUnit, Referral

    busiest_reporter = (Observation.objects.values("reported_by").annotate(n=Count("id")).order_by("-n")
                        .first())
    unit = (ReceivingUnit.objects.filter(is_default=True)
            .annotate(open=Count("referrals", filter=Q(referrals__state__in=Referral.OPEN_STATES)))
            .order_by("-open").first())
    if busiest_reporter is None or unit is None:
        raise RuntimeError("the database holds no national year of work")
    intake = unit.members.filter(memberships__role=Role.INTAKE).first() or unit.members.first()
    analyst = Membership.objects.filter(organisation=unit.municipality, role=Role.ANALYST).first()
    from lokalsundhed.accounts.models import User

    return {"caretaker": User.objects.get(pk=busiest_reporter["reported_by"]), "intake": intake,
            "analyst": analyst.user if analyst else None, "municipality": unit.municipality}


def session_for(user: Any) -> str:
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore

    from lokalsundhed.accounts.middleware import TWO_FACTOR_OK_KEY

    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session[TWO_FACTOR_OK_KEY] = True
    session.create()
    return session.session_key or ""


def _api_token(people: dict[str, Any]) -> str:
    """A token of the busiest municipality's case system (an API client made for the run)."""
    from lokalsundhed.api.services import create_client

    return create_client(organisation=people["municipality"], name="Benchmark", purpose="benchmark",
                         scopes=["referrals:read"], actor=None).token


def _pages(people: dict[str, Any]) -> list[Page]:
    from django.urls import reverse

    from lokalsundhed.offers.models import Offer
    from lokalsundhed.organisations.models import Partnership

    code = people["municipality"].municipality.code
    offer = Offer.objects.filter(municipality=people["municipality"].municipality, is_published=True,
                                 cancelled_at__isnull=True).order_by("-pk").first()
    pages = [
        Page("empty staff page", "caretaker", "/bench/layout/"),  # the floor (bench/bare.py)
        Page("caretaker home", "caretaker", reverse("core:home")),
        Page("observation form", "caretaker", reverse("referrals:observation_new")),
        Page("my referrals", "caretaker", reverse("referrals:my_reports")),
        Page("intake queue", "intake", reverse("referrals:queue")),
        Page("help-guide search", "caretaker", reverse("directory:search") + "?q=demens"),
        Page("numbers", "analyst", reverse("referrals:numbers")),
        Page("reach", "analyst", reverse("offers:reach")),
        Page("health profiles", "analyst", reverse("profiles:index")),
        Page("municipal profile", "analyst", reverse("profiles:municipality", args=[code])),
        Page("municipal dashboard", "analyst", reverse("profiles:dashboard_municipality",
                                                       args=[people["municipality"].pk])),
        Page("outcome report", "analyst", reverse("outcomes:report")),
        Page("public calendar", "", reverse("offers:municipality_calendar", args=[code]), staff=False),
        Page("public help guide", "", reverse("directory:guide", args=[code]), staff=False),
        Page("API: referrals", "case system", "/api/v1/referrals"),
        Page("HSDS API: services", "", "/api/hsds/services", staff=False),
    ]
    partnership = Partnership.objects.filter(municipality=people["municipality"]).order_by("pk").first()
    if partnership is not None:
        pages.insert(11, Page("partnership dashboard", "analyst",
                              reverse("profiles:dashboard_partnership", args=[partnership.pk])))
    if offer is not None:
        pages.append(Page("public offer", "", reverse("offers:public_offer", args=[offer.pk]), staff=False))
    return pages


Credential = tuple[str, str]  # one request header: a session cookie, or an API client's token


def _queries(url: str, credential: Credential | None) -> tuple[int, int]:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client()
    headers = dict([credential]) if credential else {}
    client.get(url, headers=headers)  # warm
    with CaptureQueriesContext(connection) as queries:
        status = client.get(url, headers=headers).status_code
    return status, len(queries)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _wait_for(port: int, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError("granian did not start")


_RPS = re.compile(r"Requests/sec:\s+([\d.]+)")
_PERCENTILE = re.compile(r"^\s+(\d+)%\s+([\d.]+)(us|ms|s)\s*$", re.MULTILINE)
_UNIT = {"us": 0.001, "ms": 1.0, "s": 1000.0}


def wrk_figures(out: str) -> tuple[float, dict[str, float]]:
    """What wrk printed: requests per second (0 if none) and the latency percentiles of
    `--latency` in ms, by percentile ("50", "90", ...)."""
    found = _RPS.search(out)
    return (float(found.group(1)) if found else 0.0,
            {p: float(v) * _UNIT[u] for p, v, u in _PERCENTILE.findall(out)})


def run_wrk(wrk: str, url: str, credential: Credential | None, connections: int) -> tuple[float, float]:
    """(requests per second, median latency in ms) of `url` under `connections` connections."""
    headers = ["-H", "Accept-Language: da"]
    if credential:
        headers += ["-H", f"{credential[0]}: {credential[1]}"]
    command = [wrk, "-t", str(min(2, connections)), "-c", str(connections), "-d", f"{SECONDS}s", "--latency",
               *headers, url]
    out = subprocess.run(command, check=True, capture_output=True, text=True).stdout  # noqa: S603
    rps, latency = wrk_figures(out)
    return rps, latency.get("50", float("nan"))


@contextmanager
def served() -> Iterator[tuple[str, int]]:
    """granian serving the benchmark's settings on a free port while the block runs: its base URL
    and the process id of its main process."""
    port = _free_port()
    server = subprocess.Popen(  # noqa: S603
        [str(VENV_BIN / "granian"), "--interface", "wsgi", "--host", "127.0.0.1", "--port", str(port),
         "--workers", "2", "--blocking-threads", "4", "--backpressure", "8",
         "--log-level", "warning", "lokalsundhed.wsgi:application"],
        env=environment(), cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        _wait_for(port)
        yield f"http://127.0.0.1:{port}", server.pid
    finally:
        server.terminate()
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


def run() -> list[str]:
    """`make bench` set Django up for its other modules: this one measures in its own process
    (bench/isolation.py), configured for the national database."""
    wrk = ensure_wrk()
    how = ensure_database()
    return run_isolated(_measure, {**environment(), "BENCH_PAGES_WRK": wrk, "BENCH_PAGES_HOW": how})


def _measure() -> list[str]:
    """Runs in its own process (bench/isolation.py), on the national database."""
    wrk, how = os.environ["BENCH_PAGES_WRK"], os.environ["BENCH_PAGES_HOW"]
    people = _personas()
    credentials: dict[str, Credential] = {
        name: ("Cookie", f"sessionid={session_for(user)}") for name, user in people.items()
        if name in {"caretaker", "intake", "analyst"} and user is not None}
    credentials["case system"] = ("Authorization", f"Bearer {_api_token(people)}")
    pages = [p for p in _pages(people) if not p.persona or p.persona in credentials]
    lines = [f"PostgreSQL database {DATABASE_URL.rsplit('/', 1)[1]} at scale 1 ({how}); granian, 2 workers; "
             f"wrk {SECONDS} s per figure",
             f"{'page':<20} {'status':>6} {'queries':>7} {'median ms (1 conn)':>19} {'req/s (8 conn)':>15} "
             f"{'bare req/s':>11} {'ratio':>7}"]
    with served() as (base, _):
        run_wrk(wrk, base + "/bench/bare/", None, 2)  # warm both workers
        for page in pages:
            cookie = credentials.get(page.persona)
            status, queries = _queries(page.url, cookie)
            run_wrk(wrk, base + page.url, cookie, 2)  # warm (caches, connections)
            bare_rps, _ = run_wrk(wrk, base + "/bench/bare/", None, CONNECTIONS)
            _, p50 = run_wrk(wrk, base + page.url, cookie, 1)
            rps, _ = run_wrk(wrk, base + page.url, cookie, CONNECTIONS)
            ratio = rps / bare_rps if bare_rps else 0.0
            lines.append(f"{page.label:<20} {status:>6} {queries:>7} {p50:>19.1f} {rps:>15.0f} {bare_rps:>11.0f} "
                         f"{ratio:>6.1%}")
    return lines
