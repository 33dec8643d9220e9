"""Reading analytics from a PostgreSQL replica.

With `DATABASE_REPLICA_URL` set, the views that only show anonymous figures or exports
(`@reads_from_replica`) read through the `replica` database alias, so heavy aggregates do not
compete with caretakers filing observations on the primary. Everything else — sessions,
memberships, every write, and every read outside such a view — stays on `default`.
A replica lags a little behind: these pages are statistics, where a second's delay is harmless.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from functools import wraps
from typing import Any

from django.conf import settings
from django.db.models import Model

REPLICA = "replica"
_reading_from_replica: ContextVar[bool] = ContextVar("reading_from_replica", default=False)


def replica_enabled() -> bool:
    return bool(getattr(settings, "REPLICA_READS", False)) and REPLICA in settings.DATABASES


@contextmanager
def replica_reads() -> Iterator[None]:
    """Within this block, reads go to the replica (when one is configured)."""
    token = _reading_from_replica.set(True)
    try:
        yield
    finally:
        _reading_from_replica.reset(token)


def reads_from_replica(view: Callable[..., Any]) -> Callable[..., Any]:
    """Mark a view of anonymous figures or exports: its queries read from the replica.

    Keeps the view's declared access rule (see core/access.py), whichever order the
    decorators are written in."""

    @wraps(view)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        with replica_reads():
            return view(*args, **kwargs)

    return wrapper


class ReplicaRouter:
    """Reads inside `replica_reads()` go to the replica; writes and migrations to `default`."""

    def db_for_read(self, model: type[Model], **hints: Any) -> str | None:
        if _reading_from_replica.get() and replica_enabled():
            return REPLICA
        return None

    def db_for_write(self, model: type[Model], **hints: Any) -> str | None:
        return "default"

    def allow_relation(self, obj1: Model, obj2: Model, **hints: Any) -> bool | None:
        return True  # the replica holds the same rows as the primary

    def allow_migrate(self, db: str, app_label: str, model_name: str | None = None, **hints: Any) -> bool | None:
        return db == "default"
