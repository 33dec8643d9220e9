"""The suite holds in any order its workers take the tests in: with `--dist worksteal` a worker
that has run its transactional tests (which empty the database after them) may go on with plain
tests taken from another worker. Run here in a process of its own with the transactional test
first, the plain tests after it must still find the reference data that migrations load and
the access log append-only."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).parent
ROOT = HERE.parent.parent


def test_plain_tests_after_a_transactional_test_find_the_database_as_migrations_left_it():
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(HERE), str(ROOT)])}
    done = subprocess.run(  # noqa: S603 (this interpreter, fixed arguments)
        [sys.executable, "-m", "pytest", "-q", "-p", "no:xdist", "-p", "transactional_first",
         "-o", "timeout=300", str(HERE / "order_probe.py")],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=600,
    )
    assert done.returncode == 0, done.stdout[-4000:] + done.stderr[-2000:]
    assert "3 passed" in done.stdout, done.stdout[-2000:]
