"""Run a benchmark's Django work in a fresh process, configured by its own environment.

`make bench` sets Django up once for the default database; a benchmark that measures another one
(a PostgreSQL database of its own) runs its part in a spawned process that reads `env` before
Django starts, and hands back its printed lines.
"""

from __future__ import annotations

import multiprocessing
import os
import traceback
from collections.abc import Callable
from typing import Any

_spawn = multiprocessing.get_context("spawn")


def _child(target: Callable[[], list[str]], env: dict[str, str], results: Any) -> None:
    os.environ.update(env)
    import django

    django.setup()
    try:
        results.put(("ok", target()))
    except BaseException:  # noqa: BLE001  (reported to the parent, which raises it)
        results.put(("error", traceback.format_exc()))


def run_isolated(target: Callable[[], list[str]], env: dict[str, str], timeout: float = 7200) -> list[str]:
    """`target()` in a fresh process with `env`; its lines, or a RuntimeError with its traceback."""
    results = _spawn.Queue()
    process = _spawn.Process(target=_child, args=(target, env, results))
    process.start()
    outcome, value = results.get(timeout=timeout)
    process.join()
    if outcome != "ok":
        raise RuntimeError(f"the benchmark failed in its own process:\n{value}")
    return value
