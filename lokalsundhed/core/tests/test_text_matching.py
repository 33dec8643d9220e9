"""Searches and name matches fold Danish letters' case on every database: PostgreSQL's UPPER does,
SQLite's LIKE folds only A–Z (a caretaker typing "østergade" found no "Østergade", a subject access
request for "åse" missed "Åse"), so on SQLite the platform gives LIKE Unicode case folding
(`core/sqlite.py`)."""

from __future__ import annotations

import pytest
from django.db import connection

from lokalsundhed.core.sqlite import like
from lokalsundhed.organisations.models import Estate
from lokalsundhed.organisations.tests.factories import EstateFactory

pytestmark = pytest.mark.django_db


def test_danish_letters_match_in_either_case():
    EstateFactory(name="Østergårdsparken")
    EstateFactory(name="ÆBLEHAVEN")
    assert Estate.objects.filter(name__icontains="østergård").count() == 1
    assert Estate.objects.filter(name__icontains="ØSTERGÅRD").count() == 1
    assert Estate.objects.filter(name__iexact="æblehaven").count() == 1
    assert Estate.objects.filter(name__istartswith="æble").count() == 1
    assert Estate.objects.filter(name__icontains="ostergard").count() == 0


def test_wildcards_and_escapes_keep_their_meaning():
    EstateFactory(name="100% Ærø_hus")
    EstateFactory(name="1000 Ærøhus")
    assert Estate.objects.filter(name__icontains="0% æ").count() == 1  # % is a character here
    assert Estate.objects.filter(name__icontains="ø_h").count() == 1  # and _ too
    assert Estate.objects.filter(name__iexact="100% ærø_hus").count() == 1


@pytest.mark.parametrize(("pattern", "value", "expected"), [
    ("%øst%", "Østerbro", True),
    ("å_e", "ÅSE", True),
    ("å_e", "åsse", False),
    (r"100\%", "100%", True),
    (r"100\%", "1000", False),
    (r"a\_b", "a_b", True),
    (r"a\_b", "axb", False),
    ("%", "", True),
    ("straße", "STRASSE", False),  # folding case, not spelling: one letter stays one letter
])
def test_like_follows_sqlite_like_with_unicode_case(pattern, value, expected):
    assert like(pattern, value, "\\") is expected


def test_like_of_null_is_null():
    assert like(None, "x", "\\") is None and like("x", None, "\\") is None


def test_the_database_in_use_folds_danish_letters():
    with connection.cursor() as cursor:
        cursor.execute("SELECT UPPER(%s) LIKE UPPER(%s)" if connection.vendor == "postgresql"
                       else "SELECT %s LIKE %s ESCAPE '\\'", ["ØSTERBRO", "%øst%"])
        assert cursor.fetchone()[0] in (True, 1)
