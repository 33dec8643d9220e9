"""Dates, times and numbers in the reader's language, from CLDR (Babel).

Django's own formats cover only some of the languages residents read (none for Somali, whose
pages would show Danish dates), and its date filters pick the nominative month where Ukrainian
and Polish need the genitive ("8 грудня"). Everything a resident reads — pages, e-mails, SMS —
formats dates, times and numbers through these functions (or the `cldr` template filters),
in the active language (`translation.override` for messages).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from functools import cache

from babel import Locale
from babel.dates import format_datetime, format_interval, match_skeleton
from babel.lists import format_list
from babel.numbers import format_decimal, format_percent
from babel.units import format_unit
from django.utils import timezone, translation
from django.utils.translation import gettext

# Django's language codes that CLDR spells differently (British English reads "Monday 8 December").
LOCALES = {"en": "en_GB"}


@cache
def _locale(language: str) -> Locale:
    code = LOCALES.get(language, language.replace("-", "_"))
    try:
        return Locale.parse(code)
    except (ValueError, LookupError):
        return Locale.parse("da")


def locale(language: str | None = None) -> Locale:
    """The CLDR locale of `language` (default: the active language)."""
    return _locale(language or translation.get_language() or "da")


@cache
def _pattern(skeleton: str, language: str, full_weekday: bool) -> str:
    """The locale's own pattern for a skeleton (order, punctuation, the month's grammatical case),
    with the weekday written out in full where the skeleton asks for one."""
    loc = _locale(language)
    pattern = loc.datetime_skeletons[match_skeleton(skeleton, loc.datetime_skeletons) or skeleton].pattern
    if full_weekday:
        pattern = re.sub(r"E{1,3}(?!E)|c{1,3}(?!c)", lambda m: m.group(0)[0] * 4, pattern)
    return pattern


def _local(value: datetime | date) -> datetime | date:
    if isinstance(value, datetime) and timezone.is_aware(value):
        return timezone.localtime(value)
    return value


def _language() -> str:
    return translation.get_language() or "da"


def day(value: datetime | date | None) -> str:
    """The weekday and date without the year: "mandag 8. december", "Isniin, Diseembar 8"."""
    if value is None:
        return ""
    language = _language()
    return format_datetime(_local(value), _pattern("MMMMEd", language, True), locale=_locale(language))


def full_date(value: datetime | date | None) -> str:
    """The date with the year: "8. december 2025", "8 грудня 2025 р."."""
    if value is None:
        return ""
    language = _language()
    return format_datetime(_local(value), _pattern("yMMMMd", language, False), locale=_locale(language))


def period(start: date | None, end: date | None) -> str:
    """A period in words with both ends written out, "1. januar 2026 – 4. december 2026", so that a
    figure is never read without the time it covers; an open end reads "from …" or "up to …"."""
    if start and end:
        return f"{full_date(start)} – {full_date(end)}"
    if start:
        return gettext("from %(start)s") % {"start": full_date(start)}
    if end:
        return gettext("up to and including %(end)s") % {"end": full_date(end)}
    return ""


def clock(value: datetime | time | None) -> str:
    """The time of day: "14.30" in Danish, "14:30" elsewhere."""
    if value is None:
        return ""
    language = _language()
    moment = _local(value) if isinstance(value, datetime) else datetime.combine(date(2000, 1, 1), value)
    return format_datetime(moment, _pattern("Hm", language, False), locale=_locale(language))


def time_range(start: datetime, end: datetime) -> str:
    """From start to end on one day, as the locale writes an interval: "14.30–16.00"."""
    language = _language()
    return format_interval(_local(start), _local(end), "Hm", locale=_locale(language))


def _joined(date_text: str, time_text: str) -> str:
    """A date and a time joined the way the active language joins them ("{1} {0}", "{1}، {0}")."""
    joined = str(locale().datetime_formats.get("medium", "{1} {0}"))
    return joined.replace("{1}", date_text).replace("{0}", time_text)


def day_time(value: datetime | None) -> str:
    """The weekday, date and time, joined the way the locale joins a date and a time."""
    if value is None:
        return ""
    return _joined(day(value), clock(value))


def date_time(value: datetime | None) -> str:
    """The date with the year and the time, joined the way the locale joins them ("8. december 2025
    14.30", "8 ديسمبر 2025، 14:30"): a moment in a record kept for years."""
    if value is None:
        return ""
    return _joined(full_date(value), clock(value))


def day_time_range(start: datetime, end: datetime) -> str:
    """The day and the time range, joined as the locale joins a date and a time ("mandag 8. december
    14.30–16.00", "الاثنين، 8 ديسمبر، 14:30–16:00"); the range isolated (FSI … PDI) so that a
    right-to-left line keeps "14:30–16:00" in order."""
    return _joined(day(start), f"\u2068{time_range(start, end)}\u2069")


def weekday_names() -> list[str]:
    """Monday to Sunday, abbreviated as the reader's language writes them standing alone ("man.",
    "Isn", "الاثنين"); Django's own names have no Somali."""
    days = locale().days["stand-alone"]["abbreviated"]
    return [str(days[index]) for index in range(7)]


def number(value: int | float | Decimal | None, *, digits: int = 1) -> str:
    """A number with the locale's separators ("1.234,5" in Danish)."""
    if value is None:
        return ""
    return format_decimal(value, format=f"#,##0.{'#' * digits}" if digits else "#,##0", locale=locale())


def percent(value: float | Decimal | None) -> str:
    """A share (0.25) as the locale writes a percentage ("25 %", "%25")."""
    if value is None:
        return ""
    return format_percent(value, locale=locale())


# A month of the calendar on average: how a retention period kept in days is told in months.
AVERAGE_MONTH = timedelta(days=365.2425 / 12)


def months(value: int | timedelta) -> str:
    """A length of time in whole months as the locale writes it, with its plural ("6 måneder",
    "1 month", "6 أشهر", "12 miesięcy"); a timedelta is rounded to the nearest month."""
    count = round(value / AVERAGE_MONTH) if isinstance(value, timedelta) else value
    return str(format_unit(count, "duration-month", length="long", locale=locale()))


def listing(items: Iterable[object]) -> str:
    """Things named in a sentence, joined as the locale joins them ("a, b og c", "a وb وc")."""
    names = [str(item) for item in items]
    return format_list(names, locale=locale()) if names else ""
