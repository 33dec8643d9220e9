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
import subprocess
import tempfile
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

_RPS = re.compile(r"Requests/sec:\s+([\d.]+)")
_PERCENTILE = re.compile(r"^\s+(50|90|99)%\s+([\d.]+)(us|ms|s)\s*$", re.MULTILINE)
_REFUSED = re.compile(r"^refused (\d+)$", re.MULTILINE)
_UNIT = {"us": 0.001, "ms": 1.0, "s": 1000.0}


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


def _sequence(rng: random.Random) -> tuple[list[tuple[str, str]], dict[str, int]]:
    """The run's requests in their order — (path, header line) — and how many people of each kind."""
    from django.conf import settings

    people = _people(rng)
    choices: list[tuple[str, str]] = []
    weights: list[float] = []
    languages = settings.RESIDENT_LANGUAGES
    for who, share in MIX.items():
        for number, person in enumerate(people[who]):
            if who == "resident":  # each municipality's residents read it in another of their languages
                header = f"Accept-Language: {languages[number % len(languages)]}"
            else:
                header = f"Cookie: sessionid={pages._session_for(person)}"
            urls = _urls(who, person, rng)
            for page, weight in share.items():
                for url in urls.get(page, []):
                    choices.append((url, header))
                    weights.append(weight / len(people[who]) / len(urls[page]))
    return rng.choices(choices, weights, k=SEQUENCE_LENGTH), {who: len(found) for who, found in people.items()}


def _check(sequence: list[tuple[str, str]]) -> None:
    """Every distinct request answers 200 (through the test client, on the same database)."""
    from django.test import Client

    for path, header in sorted(set(sequence)):
        client = Client()
        headers = dict([header.split(": ", 1)]) if header else {}
        status = client.get(path, headers=headers).status_code
        if status != 200:
            raise RuntimeError(f"{path} answered {status} for the mix's person: the mix must be pages they may open")


def run() -> list[str]:
    wrk = pages._ensure_wrk()
    how = pages._ensure_database()
    return run_isolated(_measure, {**pages._environment(), "BENCH_PAGES_WRK": wrk, "BENCH_PAGES_HOW": how})


def _measure() -> list[str]:
    """Runs in its own process (bench/isolation.py), on the national database."""
    from lokalsundhed.accounts.models import User

    wrk, how = os.environ["BENCH_PAGES_WRK"], os.environ["BENCH_PAGES_HOW"]
    sequence, drawn = _sequence(random.Random(SEED))  # noqa: S311  (a repeatable draw, not a secret)
    _check(sequence)
    staff = User.objects.filter(memberships__isnull=False, is_active=True).distinct().count()
    with tempfile.TemporaryDirectory(prefix="lokalsundhed-capacity-") as tmp:
        listing = Path(tmp, "requests.tsv")
        listing.write_text("".join(f"{path}\t{header}\n" for path, header in sequence), encoding="utf-8")
        script = Path(tmp, "mix.lua")
        script.write_text(_LUA % {"path": str(listing)}, encoding="utf-8")
        with pages.served() as base:
            pages._wrk(wrk, base + "/bench/bare/", None, 2)  # warm both workers
            bare_rps, _ = pages._wrk(wrk, base + "/bench/bare/", None, pages.CONNECTIONS)
            subprocess.run([wrk, "-t", "2", "-c", str(pages.CONNECTIONS), "-d", "5s", "-s", str(script), base],  # noqa: S603
                           check=True, capture_output=True)  # warm: connections, caches, kept figures
            out = subprocess.run(  # noqa: S603
                [wrk, "-t", "2", "-c", str(pages.CONNECTIONS), "-d", f"{SECONDS}s", "--latency", "-s", str(script),
                 base], check=True, capture_output=True, text=True).stdout
    found = _RPS.search(out)
    refused = _REFUSED.search(out)
    if not found or not refused:
        raise RuntimeError(f"wrk printed no figures:\n{out}")
    rps = float(found.group(1))
    if int(refused.group(1)):
        raise RuntimeError(f"{refused.group(1)} requests of the mix were not answered 200:\n{out}")
    latency = {p: float(v) * _UNIT[u] for p, v, u in _PERCENTILE.findall(out)}
    peak = staff / PEAK_SECONDS_BETWEEN_PAGES
    people = ", ".join(f"{n} {_PLURAL[who]}" for who, n in drawn.items())
    return [
        f"PostgreSQL database {pages.DATABASE_URL.rsplit('/', 1)[1]} at scale 1 ({how}); granian, 2 workers of 4 "
        f"threads; wrk, {pages.CONNECTIONS} connections, {SECONDS} s",
        f"the mix: {len(set(sequence))} distinct requests of {people}; {len(sequence)} in its sequence",
        f"mix: {rps:.0f} req/s; latency p50 {latency['50']:.1f} ms, p90 {latency['90']:.1f} ms, "
        f"p99 {latency['99']:.1f} ms; every answer 200",
        f"bare view: {bare_rps:.0f} req/s (the mix is {rps / bare_rps:.1%} of it)",
        f"staff in the database: {staff}; all of them loading a page every {PEAK_SECONDS_BETWEEN_PAGES} s: "
        f"{peak:.0f} req/s = {math.ceil(peak / rps)} app server(s) of this size",
    ]
