"""Cursor paging for list operations: a page is ordered by id, and its `next` cursor is an opaque
token of the last id, so that records added or changed while a client pages are neither lost
nor repeated."""

from __future__ import annotations

import base64
import binascii
from typing import Any, TypeVar

from django.db.models import Model, QuerySet

from lokalsundhed.api.problems import InvalidField

M = TypeVar("M", bound=Model)
MAX_LIMIT = 200
DEFAULT_LIMIT = 50


def encode_cursor(last_id: int) -> str:
    return base64.urlsafe_b64encode(f"after:{last_id}".encode()).decode().rstrip("=")


def decode_cursor(cursor: str) -> int:
    try:
        text = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
        prefix, _, number = text.partition(":")
        if prefix != "after":
            raise ValueError
        value = int(number)
        if value < 0 or value > 2**62:
            raise ValueError
        return value
    except (ValueError, binascii.Error, UnicodeDecodeError):
        raise InvalidField("query.cursor", "Not a cursor this API gave out.") from None


def page(qs: QuerySet[M], cursor: str | None, limit: int) -> tuple[list[M], str | None]:
    """One page of `qs` after the cursor, and the cursor of the next page (None on the last)."""
    if cursor:
        qs = qs.filter(pk__gt=decode_cursor(cursor))
    rows = list(qs.order_by("pk")[: limit + 1])
    more = len(rows) > limit
    rows = rows[:limit]
    return rows, (encode_cursor(rows[-1].pk) if more and rows else None)


def page_body(items: list[Any], next_cursor: str | None) -> dict[str, Any]:
    return {"items": items, "next_cursor": next_cursor}
