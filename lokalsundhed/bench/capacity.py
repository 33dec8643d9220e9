"""What one app server sustains of a working day's mix of pages, at national scale.

The pages benchmark (bench/pages.py) repeats one page for one person. Here many people ask for
many pages at once, as on a busy morning: the server and database are those of the pages benchmark
(`BENCH_PAGES_DATABASE_URL`, generated at scale 1 when empty; granian with 2 workers of 4 threads;
DEBUG off), and wrk sends, over 8 connections for BENCH_CAPACITY_SECONDS seconds, a fixed sequence
of requests drawn from `MIX`:

- staff sampled across the country with a seeded draw — caretakers, the intake workers of receiving
  units, housing social workers, municipal analysts — each logged in by a session of their own, so
  nothing one person's page keeps serves another;
- residents without an account on the calendars, offers and help guides of many municipalities, in
  the resident languages;
- the pages that read personal data write their access-log rows, as in real use.

Every request of the sequence is checked first through Django's test client (it must answer 200:
a refusal or a redirect to the login would flatter the figure); wrk's Lua script counts any other
answer during the run, and the run fails if there is one.

It prints the mix's requests per second with its latency percentiles, the bare view's requests
per second just before (`bench/bare.py`), and what that means for the whole country: the app
servers of this size it takes for every member of staff in the database to load a page every 30
seconds at the same time — a peak no real working day reaches.

Run alone: `python -m lokalsundhed.bench capacity`.
"""

from __future__ import annotations

import math
import os
import random
import re
import statistics
import subprocess
import tempfile
import time
from pathlib import Path
from typing import Any

from lokalsundhed.bench import pages
from lokalsundhed.bench.isolation import run_isolated

SECONDS = int(os.environ.get("BENCH_CAPACITY_SECONDS", "30"))
SEED = 1
PEAK_SECONDS_BETWEEN_PAGES = 30  # the sizing's peak: every member of staff loads a page this often

# Share of the requests (of 100) each page gets in the mix, by who asks. An assumed working day:
# caretakers are most of the staff and use the platform in short visits; intake works its queue and
# cases all day; analysts read figures now and then; residents browse the public pages.
MIX: dict[str, dict[str, int]] = {
    "caretaker": {"home": 14, "observation form": 6, "my referrals": 8, "help-guide search": 6, "errands": 6},
    "intake": {"queue": 12, "referral": 10, "home": 3},
    "social worker": {"home": 3, "offers": 4},
    "analyst": {"numbers": 2, "reach": 1, "municipal dashboard": 1, "outcome report": 1, "health profiles": 1},
    "resident": {"calendar": 10, "offer": 7, "help guide": 5},
}
PEOPLE = {"caretaker": 40, "intake": 10, "social worker": 10, "analyst": 5, "resident": 10}
SEQUENCE_LENGTH = 4000
_PLURAL = {"caretaker": "caretakers", "intake": "intake workers", "social worker": "social workers",
           "analyst": "analysts", "resident": "municipalities' residents"}

_LUA = """
local lines = {}
local f = assert(io.open("%(path)s", "r"))
for line in f:lines() do lines[#lines + 1] = line end
f:close()
local requests = {}

local threads = {}
local next_id = 0
function setup(thread)
  thread:set("id", next_id)
  next_id = next_id + 1
  table.insert(threads, thread)
end

function init(args)
  -- wrk has set its Host header by now; each request carries it and its own headers.
  for _, line in ipairs(lines) do
    local path, header = line:match("^(%%S+)\\t(.*)$")
    local headers = {["Accept-Language"] = "da"}
    for name, value in pairs(wrk.headers) do headers[name] = value end
    if header ~= "" then
      local name, value = header:match("^([^:]+): (.*)$")
      headers[name] = value
    end
    requests[#requests + 1] = wrk.format("GET", path, headers)
  end
  counter = id * 997
  refused = 0
end

function request()
  counter = counter + 1
  return requests[(counter %% #requests) + 1]
end

function response(status, headers, body)
  if status ~= 200 then refused = refused + 1 end
end

function done(summary, latency, requests_done)
  local total = 0
  for _, thread in ipairs(threads) do total = total + thread:get("refused") end
  io.write(string.format("refused %%d\\n", total))
end
"""

_REFUSED = re.compile(r"^refused (\d+)$", re.MULTILINE)


def _people(rng: random.Random) -> dict[str, list[Any]]:
    """Staff drawn across the country (each with the things their pages need), and residents'
    municipalities."""
    from lokalsundhed.accounts.models import User
    from lokalsundhed.core.permissions import Role
    from lokalsundhed.organisations.models import Organisation
    from lokalsundhed.referrals.models import ReceivingUnit

    def draw(users: Any, count: int) -> list[Any]:
        ids = sorted(set(users.values_list("pk", flat=True)))
        return list(User.objects.filter(pk__in=rng.sample(ids, min(count, len(ids)))).order_by("pk"))

    intake_ids = ReceivingUnit.objects.filter(is_default=True, members__memberships__role=Role.INTAKE).values(
        "members")
    municipal_analysts = User.objects.filter(memberships__role=Role.ANALYST,
                                             memberships__organisation__kind=Organisation.Kind.MUNICIPALITY)
    municipalities = list(Organisation.objects.filter(kind=Organisation.Kind.MUNICIPALITY)
                          .select_related("municipality").order_by("pk"))
    return {
        "caretaker": draw(User.objects.filter(memberships__role=Role.CARETAKER), PEOPLE["caretaker"]),
        "intake": draw(User.objects.filter(pk__in=intake_ids), PEOPLE["intake"]),
        "social worker": draw(User.objects.filter(memberships__role=Role.SOCIAL_WORKER), PEOPLE["social worker"]),
        "analyst": draw(municipal_analysts, PEOPLE["analyst"]),
        "resident": rng.sample(municipalities, min(PEOPLE["resident"], len(municipalities))),
    }


def _urls(who: str, person: Any, rng: random.Random) -> dict[str, list[str]]:
    """The URLs each page of the mix has for this person (several where there is a choice)."""
    from django.urls import reverse

    from lokalsundhed.core.permissions import Role
    from lokalsundhed.offers.models import Offer
    from lokalsundhed.organisations.models import Organisation
    from lokalsundhed.referrals.models import Referral
    from lokalsundhed.referrals.selectors import queue_referrals

    home = [reverse("core:home")]
    if who == "caretaker":
        return {"home": home, "observation form": [reverse("referrals:observation_new")],
                "my referrals": [reverse("referrals:my_reports")],
                "help-guide search": [reverse("directory:search") + f"?q={q}" for q in ("demens", "ensom", "misbrug")],
                "errands": [reverse("errands:errand_list")]}
    if who == "intake":
        open_ones = list(queue_referrals(person).filter(state__in=Referral.OPEN_STATES)
                         .order_by("deadline_at", "pk").values_list("pk", flat=True)[:5])
        return {"home": home, "queue": [reverse("referrals:queue")],
                "referral": [reverse("referrals:referral_detail", args=[pk]) for pk in open_ones]}
    if who == "social worker":
        return {"home": home, "offers": [reverse("offers:offer_list")]}
    if who == "analyst":
        municipality = (person.memberships.filter(role=Role.ANALYST, organisation__kind=Organisation.Kind.MUNICIPALITY)
                        .order_by("pk").first().organisation)
        return {"numbers": [reverse("referrals:numbers")], "reach": [reverse("offers:reach")],
                "municipal dashboard": [reverse("profiles:dashboard_municipality", args=[municipality.pk])],
                "outcome report": [reverse("outcomes:report")], "health profiles": [reverse("profiles:index")]}
    code = person.municipality.code
    offers = list(Offer.objects.filter(municipality=person.municipality, is_published=True, cancelled_at__isnull=True)
                  .order_by("pk").values_list("pk", flat=True))
    return {"calendar": [reverse("offers:municipality_calendar", args=[code])],
            "help guide": [reverse("directory:guide", args=[code])],
            "offer": [reverse("offers:public_offer", args=[pk]) for pk in rng.sample(offers, min(3, len(offers)))]}


Request = tuple[str, str, str]  # path, header line, what it is ("caretaker: home")


def _sequence(rng: random.Random) -> tuple[list[Request], dict[str, int]]:
    """The run's requests in their order, and how many people of each kind."""
    from django.conf import settings

    people = _people(rng)
    choices: list[Request] = []
    weights: list[float] = []
    languages = settings.RESIDENT_LANGUAGES
    for who, share in MIX.items():
        for number, person in enumerate(people[who]):
            if who == "resident":  # each municipality's residents read it in another of their languages
                header = f"Accept-Language: {languages[number % len(languages)]}"
            else:
                header = f"Cookie: sessionid={pages.session_for(person)}"
            urls = _urls(who, person, rng)
            for page, weight in share.items():
                for url in urls.get(page, []):
                    choices.append((url, header, f"{who}: {page}"))
                    weights.append(weight / len(people[who]) / len(urls[page]))
    return rng.choices(choices, weights, k=SEQUENCE_LENGTH), {who: len(found) for who, found in people.items()}


def _check(sequence: list[Request]) -> list[tuple[str, float, float]]:
    """Every distinct request answers 200 (through the test client, on the same database; asked
    twice, the second timed): per page of the mix, (what, median ms, slowest ms), slowest first."""
    from django.test import Client

    times: dict[str, list[float]] = {}
    for path, header, what in sorted(set(sequence)):
        client = Client()
        headers = dict([header.split(": ", 1)]) if header else {}
        client.get(path, headers=headers)
        began = time.perf_counter()
        status = client.get(path, headers=headers).status_code
        times.setdefault(what, []).append((time.perf_counter() - began) * 1000)
        if status != 200:
            raise RuntimeError(f"{path} answered {status} for the mix's person: the mix must be pages they may open")
    found = [(what, statistics.median(ms), max(ms)) for what, ms in times.items()]
    return sorted(found, key=lambda row: -row[1])


def _mix(wrk: str, script: Path, base: str, connections: int, seconds: int) -> tuple[float, dict[str, float]]:
    """wrk sending the mix: requests per second and latency percentiles (ms); fails on any answer
    but 200."""
    out = subprocess.run(  # noqa: S603
        [wrk, "-t", str(min(2, connections)), "-c", str(connections), "-d", f"{seconds}s", "--latency",
         "-s", str(script), base], check=True, capture_output=True, text=True).stdout
    refused = _REFUSED.search(out)
    rps, latency = pages.wrk_figures(out)
    if not rps or not refused:
        raise RuntimeError(f"wrk printed no figures:\n{out}")
    if int(refused.group(1)):
        raise RuntimeError(f"{refused.group(1)} requests of the mix were not answered 200:\n{out}")
    return rps, latency


def _cpu_seconds(server_pid: int) -> tuple[float, float]:
    """CPU seconds used so far by the app server (granian and its workers) and by PostgreSQL's
    processes, read from /proc (Linux)."""
    ticks = os.sysconf("SC_CLK_TCK")
    stats: dict[int, tuple[str, int, float]] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            raw = (entry / "stat").read_text()
        except OSError:  # the process ended meanwhile
            continue
        name = raw[raw.index("(") + 1:raw.rindex(")")]
        fields = raw[raw.rindex(")") + 2:].split()
        stats[int(entry.name)] = (name, int(fields[1]), (int(fields[11]) + int(fields[12])) / ticks)
    app = {server_pid}
    grew = True
    while grew:
        children = {pid for pid, (_, parent, _) in stats.items() if parent in app} - app
        grew = bool(children)
        app |= children
    return (sum(stats[pid][2] for pid in app if pid in stats),
            sum(cpu for name, _, cpu in stats.values() if name.startswith("postgres")))


def run() -> list[str]:
    wrk = pages.ensure_wrk()
    how = pages.ensure_database()
    return run_isolated(_measure, {**pages.environment(), "BENCH_PAGES_WRK": wrk, "BENCH_PAGES_HOW": how})


def _measure() -> list[str]:
    """Runs in its own process (bench/isolation.py), on the national database."""
    from lokalsundhed.accounts.models import User

    wrk, how = os.environ["BENCH_PAGES_WRK"], os.environ["BENCH_PAGES_HOW"]
    sequence, drawn = _sequence(random.Random(SEED))  # noqa: S311  (a repeatable draw, not a secret)
    per_page = _check(sequence)
    staff = User.objects.filter(memberships__isnull=False, is_active=True).distinct().count()
    with tempfile.TemporaryDirectory(prefix="lokalsundhed-capacity-") as tmp:
        listing = Path(tmp, "requests.tsv")
        listing.write_text("".join(f"{path}\t{header}\n" for path, header, _ in sequence), encoding="utf-8")
        script = Path(tmp, "mix.lua")
        script.write_text(_LUA % {"path": str(listing)}, encoding="utf-8")
        with pages.served() as (base, server_pid):
            pages.run_wrk(wrk, base + "/bench/bare/", None, 2)  # warm both workers
            bare_rps, _ = pages.run_wrk(wrk, base + "/bench/bare/", None, pages.CONNECTIONS)
            _mix(wrk, script, base, pages.CONNECTIONS, 5)  # warm: connections, caches, kept figures
            _, alone = _mix(wrk, script, base, 1, max(SECONDS // 3, 5))
            app_before, database_before = _cpu_seconds(server_pid)
            rps, loaded = _mix(wrk, script, base, pages.CONNECTIONS, SECONDS)
            app_after, database_after = _cpu_seconds(server_pid)
    requests_done = rps * SECONDS
    app_ms = (app_after - app_before) * 1000 / requests_done
    database_ms = (database_after - database_before) * 1000 / requests_done
    peak = staff / PEAK_SECONDS_BETWEEN_PAGES
    people = ", ".join(f"{n} {_PLURAL[who]}" for who, n in drawn.items())
    return [
        f"PostgreSQL database {pages.DATABASE_URL.rsplit('/', 1)[1]} at scale 1 ({how}); granian, 2 workers of 4 "
        f"threads; wrk, {pages.CONNECTIONS} connections, {SECONDS} s",
        f"the mix: {len(set(sequence))} distinct requests of {people}; {len(sequence)} in its sequence",
        f"one request at a time: p50 {alone['50']:.1f} ms, p90 {alone['90']:.1f} ms, p99 {alone['99']:.1f} ms",
        f"{pages.CONNECTIONS} at a time: {rps:.0f} req/s; p50 {loaded['50']:.1f} ms, p90 {loaded['90']:.1f} ms, "
        f"p99 {loaded['99']:.1f} ms; every answer 200",
        f"CPU per request: app server {app_ms:.1f} ms, PostgreSQL {database_ms:.1f} ms",
        f"bare view: {bare_rps:.0f} req/s (the mix is {rps / bare_rps:.1%} of it)",
        f"staff in the database: {staff}; all of them loading a page every {PEAK_SECONDS_BETWEEN_PAGES} s: "
        f"{peak:.0f} req/s, which takes {peak * app_ms / 1000:.1f} CPU cores of app servers and "
        f"{peak * database_ms / 1000:.1f} of PostgreSQL ({math.ceil(peak / rps)} machine(s) like this one, "
        f"app and database together)",
        "server time per page of the mix (test client, one at a time; median and slowest of its people):",
        *(f"  {what:<32} {median:>6.1f} ms {slowest:>7.1f} ms" for what, median, slowest in per_page),
    ]
