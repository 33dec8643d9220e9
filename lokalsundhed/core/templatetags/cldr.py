"""`{% load cldr %}`: dates, times and numbers in the reader's language from CLDR (core/cldr.py).
Every template residents read uses these instead of Django's `date`/`time` filters:
`{{ session.starts_at|day }}`, `{{ session.starts_at|clock }}`, `{{ session|time_range }}`,
`{{ session|day_time_range }}`, `{{ when|day_time }}`, `{{ when|full_date }}`, `{{ when|date_time }}`, `{{ count|number }}`,
`{% period start end %}`, `{{ things|listing }}` ("a, b og c"), `{{ 6|months }}` ("6 måneder")."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe

from lokalsundhed.core import cldr

register = template.Library()

register.filter("day", cldr.day)
register.filter("full_date", cldr.full_date)
register.filter("clock", cldr.clock)
register.filter("day_time", cldr.day_time)
register.filter("date_time", cldr.date_time)
register.filter("months", cldr.months)


@register.filter(needs_autoescape=True)
def listing(items: Any, autoescape: bool = True) -> str:
    """Things named in a sentence as the reader's language joins them, each escaped (or kept as
    the marked-up text it is) and the joining words added."""
    if not autoescape:
        return cldr.listing(items)
    return mark_safe(cldr.listing(conditional_escape(item) for item in items))  # noqa: S308 - each item escaped


@register.filter
def number(value: Any) -> str:
    return cldr.number(value)


@register.filter
def time_range(timed: Any) -> str:
    """Anything with `starts_at` and `ends_at` (a session, a slot): "14.30–16.00"."""
    if timed is None:
        return ""
    return cldr.time_range(timed.starts_at, timed.ends_at)


@register.filter
def day_time_range(timed: Any) -> str:
    """The day and time range of anything with `starts_at` and `ends_at`, in the reader's language."""
    if timed is None:
        return ""
    return cldr.day_time_range(timed.starts_at, timed.ends_at)


@register.simple_tag
def period(start: Any, end: Any) -> str:
    """A numbers page's period in words: "1. januar 2026 – 4. december 2026" (core/cldr.period)."""
    return cldr.period(start, end)
