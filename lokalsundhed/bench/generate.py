"""How long `generate_national --scale 0.1` takes into a fresh database: SQLite, and PostgreSQL
at 127.0.0.1:5432 (user postgres) when it answers.

Each run gets its own database — a temporary SQLite file, or a PostgreSQL database created for
the run and dropped after — migrated first, then timed. Run alone: `python -m lokalsundhed.bench generate`.
"""

from __future__ import annotations

import os
import platform
import re
import secrets
import sqlite3
import subprocess  # noqa: S404  (runs manage.py of this project)
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from django.conf import settings

SCALE = 0.1
SEED = 1
PG: dict[str, Any] = {"host": "127.0.0.1", "port": 5432, "user": "postgres"}
_COUNT = re.compile(r"^\s*([\d,]+)\s{2}(.+)$")
_ELAPSED = re.compile(r"in ([\d.]+) s\.$")


def _manage(env: dict[str, str], *args: str) -> tuple[float, str]:
    """Run manage.py with the given database; return wall seconds and stdout."""
    started = time.perf_counter()
    done = subprocess.run(  # noqa: S603
        [sys.executable, str(Path(settings.BASE_DIR) / "manage.py"), *args],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode:
        raise RuntimeError(f"manage.py {' '.join(args)} failed:\n{done.stderr[-2000:]}")
    return time.perf_counter() - started, done.stdout


def _time_generation(label: str, database_url: str, var_dir: str) -> str:
    env = {**os.environ, "DATABASE_URL": database_url, "LOKALSUNDHED_VAR_DIR": var_dir, "DJANGO_ENV": "development"}
    _manage(env, "migrate", "--noinput", "-v", "0")
    wall, out = _manage(env, "generate_national", "--scale", str(SCALE), "--seed", str(SEED))
    counts = {m.group(2): int(m.group(1).replace(",", "")) for m in map(_COUNT.match, out.splitlines()) if m}
    rows = sum(counts.values()) + counts.get("staff with memberships", 0)  # users and their memberships
    found = _ELAPSED.search(out.strip())
    inside = float(found.group(1)) if found else wall
    return (
        f"{label}: {inside:.1f} s to generate {rows:,} rows ({counts.get('dwellings', 0):,} dwellings, "
        f"{counts.get('estates', 0):,} estates, {counts.get('staff with memberships', 0):,} staff) "
        f"= {rows / inside:,.0f} rows/s; {wall:.1f} s with start-up"
    )


def _sqlite() -> str:
    with tempfile.TemporaryDirectory(prefix="lokalsundhed-bench-") as tmp:
        return _time_generation(f"SQLite {sqlite3.sqlite_version}", f"sqlite:///{tmp}/bench.sqlite3", tmp)


def _postgresql() -> str:
    import psycopg

    try:
        admin = psycopg.connect(dbname="postgres", connect_timeout=3, autocommit=True, **PG)
    except psycopg.OperationalError as exc:
        return f"PostgreSQL at {PG['host']}:{PG['port']} did not answer ({str(exc).strip()[:80]}): skipped"
    name = f"lokalsundhed_bench_{secrets.token_hex(4)}"
    version = admin.info.server_version
    try:
        admin.execute(f'CREATE DATABASE "{name}"')
        with tempfile.TemporaryDirectory(prefix="lokalsundhed-bench-") as tmp:
            url = f"postgres://{PG['user']}@{PG['host']}:{PG['port']}/{name}"
            return _time_generation(f"PostgreSQL {version // 10000}.{version % 10000}", url, tmp)
    finally:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.close()


def run() -> list[str]:
    lines = [
        f"generate_national --scale {SCALE} --seed {SEED} into a fresh, migrated database "
        f"(Python {platform.python_version()}, {os.cpu_count()} CPUs)"
    ]
    lines.append(_sqlite())
    lines.append(_postgresql())
    return lines
