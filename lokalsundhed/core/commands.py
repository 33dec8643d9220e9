"""Shared by management commands: reading the `--now` moment that housekeeping commands take
to rehearse what a date will bring."""

from __future__ import annotations

from datetime import datetime, time

from django.core.management.base import CommandError
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime


def parse_moment(value: str) -> datetime:
    """An ISO date (local midnight) or date and time; naive times are local."""
    moment = parse_datetime(value)
    if moment is None:
        day = parse_date(value)
        if day is not None:
            moment = datetime.combine(day, time.min)  # local midnight: made aware below
    if moment is None:
        raise CommandError(f"--now {value!r} is not a date or time (use e.g. 2027-01-31 or 2027-01-31T08:00)")
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment)
    return moment
