"""What the benchmarks share: a scratch database for a run (a temporary SQLite file, or a
PostgreSQL database at 127.0.0.1:5432, user postgres, created for the run and dropped after),
Django set up in a fresh process against it with production-like settings, and the timing of a
warm page through the test client."""

from __future__ import annotations

import multiprocessing
import os
import secrets
import sqlite3
import statistics
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

PG: dict[str, Any] = {"host": "127.0.0.1", "port": 5432, "user": "postgres"}

# A fresh interpreter per database: Django is set up once per process.
spawn = multiprocessing.get_context("spawn")


@dataclass(frozen=True)
class Scratch:
    """A database for one run: its label in the report, its URL and a directory for the rest."""

    label: str
    database_url: str
    var_dir: str


def setup_django(database_url: str, var_dir: str) -> None:
    """Point the settings at the scratch database, with DEBUG off (no query log, cached templates:
    as in production), and set Django up. Call first thing in the spawned process."""
    os.environ["DATABASE_URL"] = database_url
    os.environ["LOKALSUNDHED_VAR_DIR"] = var_dir
    os.environ["DJANGO_ENV"] = "development"
    os.environ["DEBUG"] = "false"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lokalsundhed.settings")
    import django

    django.setup()


def in_process(target: Callable[[str, str, Any], None], scratch: Scratch, timeout: float = 3600) -> Any:
    """Run `target(database_url, var_dir, results)` in a spawned process; what it puts in `results`."""
    results = spawn.Queue()
    process = spawn.Process(target=target, args=(scratch.database_url, scratch.var_dir, results))
    process.start()
    answer = results.get(timeout=timeout)
    process.join()
    return answer


def on_sqlite(bench: Callable[[Scratch], list[str]]) -> list[str]:
    """`bench` against a temporary SQLite file (gone after)."""
    with tempfile.TemporaryDirectory(prefix="lokalsundhed-bench-") as tmp:
        return bench(Scratch(f"SQLite {sqlite3.sqlite_version}", f"sqlite:///{tmp}/bench.sqlite3", tmp))


def on_postgresql(name: str, bench: Callable[[Scratch], list[str]]) -> list[str]:
    """`bench` against a PostgreSQL database created for the run and dropped after; one line
    saying so when no server answers."""
    import psycopg

    try:
        admin = psycopg.connect(dbname="postgres", connect_timeout=3, autocommit=True, **PG)
    except psycopg.OperationalError as exc:
        return [f"PostgreSQL at {PG['host']}:{PG['port']} did not answer ({str(exc).strip()[:80]}): skipped"]
    database = f"lokalsundhed_bench_{name}_{secrets.token_hex(4)}"
    version = admin.info.server_version
    try:
        admin.execute(f'CREATE DATABASE "{database}"')
        with tempfile.TemporaryDirectory(prefix="lokalsundhed-bench-") as tmp:
            url = f"postgres://{PG['user']}@{PG['host']}:{PG['port']}/{database}"
            return bench(Scratch(f"PostgreSQL {version // 10000}.{version % 10000}", url, tmp))
    finally:
        admin.execute(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')
        admin.close()


def time_page(client: Any, url: str, params: dict[str, str], *, warm: int, rounds: int) -> tuple[float, float, int]:
    """(median ms, slowest ms, queries) of a page, after `warm` requests to warm it."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for _ in range(warm):
        assert client.get(url, params).status_code == 200  # noqa: S101
    times = []
    for _ in range(rounds):
        began = time.perf_counter()
        response = client.get(url, params)
        times.append(time.perf_counter() - began)
        assert response.status_code == 200  # noqa: S101
    with CaptureQueriesContext(connection) as queries:
        client.get(url, params)
    return statistics.median(times) * 1000, max(times) * 1000, len(queries)
