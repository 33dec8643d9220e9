"""The access log under concurrent load, on PostgreSQL (127.0.0.1:5432, user postgres, when it
answers) and SQLite (a temporary file).

Each database is created for the run, migrated, and dropped after. Then:

1. ROUNDS times, in turn: WRITERS processes, each with its own connection, call `record()`
   RECORDS times as fast as they can (autocommit, as a request does) — once alone, once with
   another process running `seal_pending()` back to back beside them (grace period 0, so it
   competes for every fresh entry; the worker really runs it once a minute). Entries/s and
   per-call latency; on PostgreSQL a monitor samples `pg_stat_activity` for sessions waiting
   on a lock, and the sealer times its own INSERTs of seals. What the writers left is sealed
   before each round with the sealer, so that it competes for fresh entries only;
2. the sealer's throughput: BACKLOG entries bulk-inserted, then sealed by `seal_pending()`;
3. `verify()` over everything: entries/s and the growth of its process's peak memory.

Run alone: `python -m lokalsundhed.bench audit`. BENCH_AUDIT_WRITERS, BENCH_AUDIT_RECORDS and
BENCH_AUDIT_BACKLOG change the load.
"""

from __future__ import annotations

import multiprocessing
import os
import platform
import resource
import statistics
import subprocess  # noqa: S404  (runs manage.py of this project)
import sys
import threading
import time
from pathlib import Path
from typing import Any

from django.conf import settings

from lokalsundhed.bench.scratch import PG, Scratch, on_postgresql, on_sqlite, setup_django

WRITERS = int(os.environ.get("BENCH_AUDIT_WRITERS", "8"))
RECORDS = int(os.environ.get("BENCH_AUDIT_RECORDS", "1000"))
ROUNDS = int(os.environ.get("BENCH_AUDIT_ROUNDS", "3"))
BACKLOG = int(os.environ.get("BENCH_AUDIT_BACKLOG", "200000"))

_spawn = multiprocessing.get_context("spawn")


# --- In the child processes ------------------------------------------------------------------


def _setup(database_url: str, var_dir: str, grace_seconds: int | None = None) -> None:
    if grace_seconds is not None:
        os.environ["AUDIT_SEAL_GRACE_SECONDS"] = str(grace_seconds)
    setup_django(database_url, var_dir)


def _prepare(database_url: str, var_dir: str, results: Any) -> None:
    """One organisation and one caretaker in it: the entries' actor and organisation."""
    _setup(database_url, var_dir)
    from lokalsundhed.accounts.models import Membership, User
    from lokalsundhed.core.permissions import Role
    from lokalsundhed.organisations.models import Municipality, Organisation

    organisation = Organisation.objects.create(
        kind=Organisation.Kind.HOUSING, municipality=Municipality.objects.get(code="0607"), name="Bench bolig"
    )
    user = User.objects.create_user("bench.caretaker@example.dk")
    Membership.objects.create(user=user, organisation=organisation, role=Role.CARETAKER)
    results.put((user.pk, user.email, organisation.pk))


def _writer(database_url: str, var_dir: str, actor: tuple[int, str], organisation_id: int, records: int,
            start: Any, results: Any) -> None:
    _setup(database_url, var_dir)
    from types import SimpleNamespace

    from django.db import connection

    from lokalsundhed.audit.models import Action
    from lokalsundhed.audit.services import record

    who = SimpleNamespace(pk=actor[0], email=actor[1])
    connection.ensure_connection()
    start.wait()
    began = time.monotonic_ns()
    latencies = []
    for n in range(records):
        t0 = time.perf_counter_ns()
        record(actor=who, action=Action.READ, object_type="referrals.referral", object_id=n,
               organisation_id=organisation_id, purpose="follow-up")
        latencies.append(time.perf_counter_ns() - t0)
    results.put((began, time.monotonic_ns(), latencies))


def _sealer(database_url: str, var_dir: str, start: Any, stop: Any, results: Any) -> None:
    """`seal_pending()` back to back until told to stop (the worker runs it once a minute)."""
    _setup(database_url, var_dir, grace_seconds=0)
    from django.db import connection

    from lokalsundhed.audit.services import seal_pending

    inserts: list[int] = []

    def timed(execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
        t0 = time.perf_counter_ns()
        try:
            return execute(sql, params, many, context)
        finally:
            if sql.startswith('INSERT INTO "audit_seal"'):
                inserts.append(time.perf_counter_ns() - t0)

    connection.ensure_connection()
    start.wait()
    sealed, rounds, slowest = 0, 0, 0
    with connection.execute_wrapper(timed):
        while not stop.is_set():
            t0 = time.perf_counter_ns()
            sealed += seal_pending()
            rounds += 1
            slowest = max(slowest, time.perf_counter_ns() - t0)
        sealed += seal_pending()
    results.put((sealed, rounds, slowest, max(inserts, default=0)))


def _backlog(database_url: str, var_dir: str, actor: tuple[int, str], organisation_id: int, count: int,
             results: Any) -> None:
    _setup(database_url, var_dir)
    from datetime import timedelta

    from django.utils import timezone

    from lokalsundhed.audit.models import Action, Entry

    at = timezone.now() - timedelta(hours=1)
    for first in range(0, count, 5000):
        Entry.objects.bulk_create(
            Entry(at=at, actor_id=actor[0], actor_label=actor[1], organisation_id=organisation_id,
                  action=Action.READ, object_type="referrals.referral", object_id=str(n), purpose="follow-up",
                  ip_address="192.0.2.1", path=f"/henvisninger/{n}/")
            for n in range(first, min(first + 5000, count))
        )
    results.put(count)


def _seal_all(database_url: str, var_dir: str, results: Any) -> None:
    _setup(database_url, var_dir, grace_seconds=0)
    from lokalsundhed.audit.services import seal_pending

    t0 = time.perf_counter()
    sealed = seal_pending()
    results.put((sealed, time.perf_counter() - t0))


def _verify_all(database_url: str, var_dir: str, results: Any) -> None:
    _setup(database_url, var_dir)
    from django.db import connection

    from lokalsundhed.audit.models import Seal
    from lokalsundhed.audit.services import verify

    connection.ensure_connection()
    sealed = Seal.objects.count()
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    t0 = time.perf_counter()
    problems = sum(1 for _ in verify())
    elapsed = time.perf_counter() - t0
    grown_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before
    results.put((sealed, elapsed, problems, grown_kib))


# --- In the benchmark's own process ----------------------------------------------------------


def _call(target: Any, *args: Any) -> Any:
    """Run `target` in a fresh process and return what it reports."""
    results = _spawn.Queue()
    process = _spawn.Process(target=target, args=(*args, results))
    process.start()
    result = results.get(timeout=1800)
    process.join()
    return result


def _monitor_lock_waits(name: str, stop: threading.Event, seen: list[int]) -> None:
    """Sample how many sessions of the benchmark's database wait on a heavyweight lock."""
    import psycopg

    with psycopg.connect(dbname=name, autocommit=True, **PG) as watcher:
        while not stop.is_set():
            row = watcher.execute(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = %s AND wait_event_type = 'Lock'", [name]
            ).fetchone()
            seen.append(row[0] if row else 0)
            time.sleep(0.005)


def _load(url: str, var_dir: str, who: tuple[int, str, int], *, with_sealer: bool,
          monitor: str | None = None) -> dict[str, float]:
    """WRITERS processes × RECORDS calls of record(), optionally with the sealer running beside them."""
    parties = WRITERS + (1 if with_sealer else 0)
    start, stop, results = _spawn.Barrier(parties), _spawn.Event(), _spawn.Queue()
    writers = [
        _spawn.Process(target=_writer, args=(url, var_dir, who[:2], who[2], RECORDS, start, results))
        for _ in range(WRITERS)
    ]
    sealer_results = _spawn.Queue()
    sealer = _spawn.Process(target=_sealer, args=(url, var_dir, start, stop, sealer_results)) if with_sealer else None
    for process in writers + ([sealer] if sealer else []):
        process.start()
    watching, samples = threading.Event(), list[int]()
    watcher = None
    if monitor:
        watcher = threading.Thread(target=_monitor_lock_waits, args=(monitor, watching, samples))
        watcher.start()
    finished = [results.get(timeout=1800) for _ in writers]
    for process in writers:
        process.join()
    figures: dict[str, float] = {}
    if sealer:
        stop.set()
        figures["sealed"], figures["rounds"], slowest, insert = sealer_results.get(timeout=1800)
        figures["slowest_round"], figures["slowest_insert"] = slowest / 1e6, insert / 1e6
        sealer.join()
    if watcher:
        watching.set()
        watcher.join()
        figures["samples"], figures["waiting"] = len(samples), len([n for n in samples if n])
    latencies = sorted(ns for _, _, lat in finished for ns in lat)
    wall = (max(end for _, end, _ in finished) - min(began for began, _, _ in finished)) / 1e9
    q = statistics.quantiles(latencies, n=100)
    figures.update(
        rate=len(latencies) / wall, p50=q[49] / 1e6, p95=q[94] / 1e6, p99=q[98] / 1e6, max=latencies[-1] / 1e6
    )
    return figures


def _summary(label: str, runs: list[dict[str, float]]) -> str:
    """Medians over the rounds, with each round's p95 in brackets."""
    median = {key: statistics.median(run[key] for run in runs) for key in ("rate", "p50", "p95", "p99", "max")}
    each = ", ".join(f"{run['p95']:.1f}" for run in runs)
    return (
        f"{label:<18} {median['rate']:>7,.0f} entries/s   p50 {median['p50']:5.2f} ms   "
        f"p95 {median['p95']:6.2f} ms [{each}]   p99 {median['p99']:6.2f} ms   max {median['max']:6.1f} ms"
    )


def _bench(label: str, url: str, var_dir: str, monitor: str | None) -> list[str]:
    subprocess.run(  # noqa: S603
        [sys.executable, str(Path(settings.BASE_DIR) / "manage.py"), "migrate", "--noinput", "-v", "0"],
        env={**os.environ, "DATABASE_URL": url, "LOKALSUNDHED_VAR_DIR": var_dir, "DJANGO_ENV": "development"},
        check=True,
    )
    who = _call(_prepare, url, var_dir)
    lines = [
        f"{label}: {WRITERS} writer processes × {RECORDS:,} record() calls, alone and with the sealer "
        f"in turn, {ROUNDS} rounds each (medians; each round's p95 in brackets)"
    ]
    alone, beside = [], []
    for _ in range(ROUNDS):  # interleaved, so that drift on a shared machine hits both alike
        alone.append(_load(url, var_dir, who, with_sealer=False))
        _call(_seal_all, url, var_dir)  # the sealer beside the writers then competes for fresh entries only
        beside.append(_load(url, var_dir, who, with_sealer=True, monitor=monitor))
    lines.append(_summary("writers alone", alone))
    lines.append(_summary("writers + sealer", beside))
    sealer_note = (
        f"{'':<18} the sealer meanwhile: {sum(r['sealed'] for r in beside):,.0f} entries sealed in "
        f"{sum(r['rounds'] for r in beside):,.0f} rounds; slowest round {max(r['slowest_round'] for r in beside):.0f} ms; "
        f"longest INSERT of seals {max(r['slowest_insert'] for r in beside):.1f} ms"
    )
    if monitor:
        sealer_note += (
            f"; sessions waiting on a lock in {sum(r['waiting'] for r in beside):,.0f} of "
            f"{sum(r['samples'] for r in beside):,.0f} samples"
        )
    lines.append(sealer_note)
    _call(_seal_all, url, var_dir)
    _call(_backlog, url, var_dir, who[:2], who[2], BACKLOG)
    sealed, seconds = _call(_seal_all, url, var_dir)
    lines.append(f"{'sealer':<18} {sealed / seconds:>7,.0f} entries/s   ({sealed:,} entries in {seconds:.1f} s, one process)")
    checked, seconds, problems, grown_kib = _call(_verify_all, url, var_dir)
    lines.append(
        f"{'verify()':<18} {checked / seconds:>7,.0f} entries/s   ({checked:,} entries in {seconds:.1f} s, "
        f"{problems} problems, peak memory +{grown_kib / 1024:.0f} MiB)"
    )
    return lines


def _bench_on(scratch: Scratch) -> list[str]:
    on_postgresql = scratch.database_url.startswith("postgres")
    return _bench(scratch.label if on_postgresql else f"{scratch.label} (WAL)", scratch.database_url, scratch.var_dir,
                  scratch.database_url.rsplit("/", 1)[1] if on_postgresql else None)


def run() -> list[str]:
    lines = [
        f"record() under concurrent load, the sealer and verify() (Python {platform.python_version()}, "
        f"{os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f} at the start)"
    ]
    lines += on_postgresql("audit", _bench_on)
    lines += on_sqlite(_bench_on)
    lines.append(f"load average {os.getloadavg()[0]:.1f} at the end")
    return lines
