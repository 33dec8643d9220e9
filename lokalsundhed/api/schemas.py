"""Shared pieces of the API's schemas."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from typing import Annotated

from django.utils import timezone
from pydantic import AfterValidator, BeforeValidator, Field

from lokalsundhed.core.validators import STAFF_REFUSAL, find_cpr_numbers


def _no_cpr(value: str) -> str:
    if find_cpr_numbers(value):
        raise ValueError(str(STAFF_REFUSAL))
    if "\x00" in value:
        raise ValueError("Text must not contain NUL characters.")
    return value


def aware(moment: datetime | None) -> datetime | None:
    """A time without a zone is read as UTC."""
    if moment is not None and timezone.is_naive(moment):
        return timezone.make_aware(moment, timezone.get_fixed_timezone(0))
    return moment


def _said(value: str) -> str:
    if not value.strip():
        raise ValueError("Write something other than spaces.")
    return value


def FreeText(max_length: int, min_length: int = 0) -> object:  # noqa: N802 (a type factory)
    """Free text, refused when it holds a CPR number (as in every form of ours); when required
    (`min_length`), spaces alone are refused too, as a form's required field refuses them."""
    checks = (AfterValidator(_no_cpr), AfterValidator(_said)) if min_length else (AfterValidator(_no_cpr),)
    return Annotated[str, Field(min_length=min_length, max_length=max_length), *checks]


Limit = Annotated[int, Field(ge=1, le=200)]

_ISO = re.compile(r"^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$")


def _iso_only(value: object) -> object:
    """An ISO 8601 date-time as the schema says, not a number of seconds pydantic would also take."""
    if isinstance(value, str) and not _ISO.match(value):
        raise ValueError("Give an ISO 8601 time, e.g. 2026-05-01T10:00:00+02:00.")
    if isinstance(value, int | float):
        raise ValueError("Give an ISO 8601 time, e.g. 2026-05-01T10:00:00+02:00.")
    return value


def _in_utc(value: datetime) -> datetime:
    """A time with a zone, in UTC: compared and stored the same on every database (PostgreSQL
    refuses offsets past ±15:59); refused when UTC puts it outside the calendar (year 1–9999)."""
    if value.tzinfo is None:
        return value
    try:
        return value.astimezone(UTC)
    except OverflowError:
        raise ValueError("The time is outside the years 1–9999 in UTC.") from None


IsoDateTime = Annotated[datetime, BeforeValidator(_iso_only), AfterValidator(_in_utc)]
"""An ISO 8601 time, in UTC when it has a zone; one without a zone is left to the operation
(a query reads it as UTC with `aware`, a body refuses it)."""
