"""Dates, times and numbers in the reader's language from CLDR (core/cldr.py)."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.utils import translation

from lokalsundhed.core import cldr

COPENHAGEN = ZoneInfo("Europe/Copenhagen")
MOMENT = datetime(2025, 12, 8, 14, 30, tzinfo=COPENHAGEN)
END = datetime(2025, 12, 8, 16, 0, tzinfo=COPENHAGEN)


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("da", "mandag 8. december"),
        ("so", "Isniin, Diseembar 8"),
        ("uk", "понеділок, 8 грудня"),  # the month in the genitive, as a date needs it
        ("pl", "poniedziałek, 8 grudnia"),
        ("ar", "الاثنين، 8 ديسمبر"),
        ("tr", "8 Aralık Pazartesi"),
    ],
)
def test_it_writes_the_day_in_the_readers_language(language, expected):
    with translation.override(language):
        assert cldr.day(MOMENT) == expected


def test_it_never_falls_back_to_danish_for_a_language_django_does_not_know():
    with translation.override("so"):
        assert "december" not in cldr.day_time(MOMENT)
        assert "mandag" not in cldr.day_time(MOMENT)


def test_it_joins_a_day_and_a_time_range_as_the_locale_does_and_isolates_the_range():
    with translation.override("ar"):
        assert cldr.day_time_range(MOMENT, END) == "الاثنين، 8 ديسمبر، \u206814:30–16:00\u2069"
    with translation.override("da"):
        assert cldr.day_time_range(MOMENT, END) == "mandag 8. december \u206814.30–16.00\u2069"


@pytest.mark.parametrize(
    ("language", "expected"),
    [("da", "8. december 2025 14.30"), ("ar", "8 ديسمبر 2025، 14:30"), ("uk", "8 грудня 2025\u202fр., 14:30"),
     ("pl", "8 grudnia 2025, 14:30")],
)
def test_it_writes_a_moment_in_a_record_with_its_year_and_time(language, expected):
    with translation.override(language):
        assert cldr.date_time(MOMENT) == expected
    assert cldr.date_time(None) == ""


def test_it_writes_numbers_with_the_locales_separators():
    with translation.override("da"):
        assert cldr.number(1234.5) == "1.234,5"
    with translation.override("uk"):
        assert cldr.number(1234.5) == "1\xa0234,5"


def test_it_states_a_period_in_words_with_both_ends_written_out():
    with translation.override("da"):
        assert cldr.period(date(2026, 1, 1), date(2026, 12, 4)) == "1. januar 2026 – 4. december 2026"
        assert cldr.period(None, date(2026, 12, 4)) == "til og med 4. december 2026"
        assert cldr.period(date(2026, 1, 1), None) == "fra 1. januar 2026"
    with translation.override("en"):
        assert cldr.period(date(2026, 1, 1), date(2026, 12, 4)) == "1 January 2026 – 4 December 2026"


@pytest.mark.parametrize("language, expected", [
    ("da", "bad, pleje og medicin"), ("en", "bad, pleje and medicin"), ("ar", "bad وpleje وmedicin"),
    ("ur", "bad، pleje، اور medicin"),
])
def test_it_names_things_in_a_sentence_as_the_locale_joins_them(language, expected):
    with translation.override(language):
        assert cldr.listing(["bad", "pleje", "medicin"]) == expected
        assert cldr.listing([]) == ""
        assert cldr.listing(["bad"]) == "bad"


def test_the_listing_filter_escapes_each_thing_and_keeps_marked_up_ones():
    from django.template import Context, Template
    from django.utils.html import format_html

    template = Template("{% load cldr %}{{ things|listing }}")
    marked = format_html('<span lang="da">{}</span>', "Vande blomster")
    with translation.override("ar"):
        assert template.render(Context({"things": ["<b>", marked]})) == '&lt;b&gt; و<span lang="da">Vande blomster</span>'


@pytest.mark.parametrize("language, one, six, twelve", [
    ("da", "1 måned", "6 måneder", "12 måneder"), ("en", "1 month", "6 months", "12 months"),
    ("ar", "شهر", "6 أشهر", "12 شهرًا"), ("pl", "1 miesiąc", "6 miesięcy", "12 miesięcy"),
    ("uk", "1 місяць", "6 місяців", "12 місяців"), ("ur", "1 مہینہ", "6 مہینے", "12 مہینے"),
])
def test_it_writes_months_with_the_languages_plural(language, one, six, twelve):
    with translation.override(language):
        assert [cldr.months(1), cldr.months(6), cldr.months(12)] == [one, six, twelve]
        assert cldr.months(timedelta(days=183)) == six  # a retention kept in days, told in months
