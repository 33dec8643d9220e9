"""Searches and name matches fold Danish letters' case on every database: PostgreSQL's UPPER does,
SQLite's LIKE folds only A–Z (a caretaker typing "østergade" found no "Østergade", a subject access
request for "åse" missed "Åse"), so on SQLite such matches are a GLOB with each letter's cases
(`core/text_matching.py`)."""

from __future__ import annotations

import sqlite3

import pytest

from lokalsundhed.core.text_matching import glob_pattern, needs_folding
from lokalsundhed.organisations.models import Estate
from lokalsundhed.organisations.tests.factories import EstateFactory


@pytest.mark.django_db
def test_danish_letters_match_in_either_case():
    EstateFactory(name="Østergårdsparken")
    EstateFactory(name="ÆBLEHAVEN")
    EstateFactory(name="Vestergade")
    assert Estate.objects.filter(name__icontains="østergård").count() == 1
    assert Estate.objects.filter(name__icontains="ØSTERGÅRD").count() == 1
    assert Estate.objects.filter(name__iexact="æblehaven").count() == 1
    assert Estate.objects.filter(name__istartswith="æble").count() == 1
    assert Estate.objects.filter(name__iendswith="GÅRDSPARKEN").count() == 1
    assert Estate.objects.filter(name__icontains="ostergard").count() == 0
    # ASCII-only text is matched by LIKE, as before.
    assert Estate.objects.filter(name__icontains="VESTER").count() == 1


@pytest.mark.django_db
def test_wildcards_keep_no_meaning():
    EstateFactory(name="100% Ærø_hus [nord]*")
    EstateFactory(name="1000 Ærøhus nord")
    assert Estate.objects.filter(name__icontains="0% æ").count() == 1  # % is a character here
    assert Estate.objects.filter(name__icontains="ø_h").count() == 1  # and _ too
    assert Estate.objects.filter(name__icontains="ø?h").count() == 0  # and GLOB's ? too
    assert Estate.objects.filter(name__icontains="ærø_hus [NORD]*").count() == 1  # and [ and *
    assert Estate.objects.filter(name__iexact="100% ærø_hus [nord]*").count() == 1


@pytest.mark.parametrize(("text", "expected"), [
    ("østergade", True), ("ÅSE", True), ("Vestergade", False), ("10. tv", False), ("ß", False),
    ("عربي", False), ("Ωmega", True),
])
def test_it_folds_only_where_like_would_miss_a_case(text, expected):
    assert needs_folding(text) is expected


@pytest.mark.parametrize(("pattern", "value", "expected"), [
    (glob_pattern("øst", prefix="*", suffix="*"), "Østerbro", True),
    (glob_pattern("å_e"), "ÅSE", False),
    (glob_pattern("å_e"), "Å_E", True),
    (glob_pattern("ø*"), "Ø*", True),
    (glob_pattern("ø*"), "Øx", False),
    (glob_pattern("ø?"), "Ø?", True),
    (glob_pattern("ø[a]"), "Ø[A]", True),
    (glob_pattern("ø[a]"), "Øa", False),
    (glob_pattern("ø]"), "Ø]", True),
    (glob_pattern("straße"), "STRASSE", False),  # folding case, not spelling
    (glob_pattern("straße"), "STRAßE", True),
])
def test_the_pattern_matches_as_sqlite_reads_it(pattern, value, expected):
    with sqlite3.connect(":memory:") as db:
        assert db.execute("SELECT ? GLOB ?", (value, pattern)).fetchone()[0] == int(expected)
