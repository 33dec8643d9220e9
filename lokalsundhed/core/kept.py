"""Figures that are the same for many readers (aggregates of an area, a reader's scope, a
period), kept in the shared cache for a while rather than counted on every view. Never what is
one person's. Each page that shows kept figures says how old they may be."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from django.core.cache import cache

T = TypeVar("T")


def kept(key: str, seconds: int, compute: Callable[[], T], kind: type | None = None) -> T:
    """`compute()`, kept under `key` for `seconds` (0 or less: computed every time). A value
    found under the key that is not of `kind` (kept by an older release) is computed again."""
    if seconds <= 0:
        return compute()
    found = cache.get(key)
    if found is not None and (kind is None or isinstance(found, kind)):
        return found
    value = compute()
    cache.set(key, value, seconds)
    return value
