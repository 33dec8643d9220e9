"""Figures in reports round half-up, as people do: never cut off, never rounded to even."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.utils import translation

from lokalsundhed.core import figures


@pytest.mark.parametrize(
    ("value", "expected"),
    [(11 / 12, "92 %"), (6 / 9, "67 %"), (3 / 7, "43 %"), (1 / 8, "13 %"), (0.145, "15 %"), (1.0, "100 %"),
     (0, "0 %"), (None, "–"), (float("nan"), "–")],
)
def test_a_share_is_rounded_half_up_to_whole_per_cent(value, expected):
    with translation.override("da"):
        assert figures.share(value) == expected


@pytest.mark.parametrize(
    ("value", "digits", "danish", "english"),
    [(3.1818, 1, "3,2", "3.2"), (2.675, 2, "2,68", "2.68"), (0.25, 1, "0,3", "0.3"), (12.5, 0, "13", "13"),
     (-0.25, 1, "-0,3", "-0.3"), (Decimal("7"), 1, "7,0", "7.0")],
)
def test_a_decimal_is_rounded_half_up_in_the_readers_language(value, digits, danish, english):
    with translation.override("da"):
        assert figures.decimal(value, digits) == danish
    with translation.override("en"):
        assert figures.decimal(value, digits) == english


@pytest.mark.parametrize(
    ("value", "expected"),
    [(0.0000042, "< 0,001"), (0.00099, "< 0,001"), (0.001, "0,001"), (0.0345, "0,035"), (0.5, "0,500")],
)
def test_a_p_value_below_the_smallest_shown_says_so_instead_of_zero(value, expected):
    with translation.override("da"):
        assert figures.p_value(value) == expected


def test_a_value_already_in_per_cent_is_rounded_the_same_way():
    with translation.override("da"):
        assert figures.per_cent(12.5) == "13 %"
        assert figures.per_cent(91.666, 1) == "91,7 %"
    assert figures.rounded(0.25, 1) == Decimal("0.3")


def test_small_numbers_are_suppressed_by_one_threshold_everywhere():
    """Reports, dashboards, JSON-stat, the API and the analysis of outcomes all read core.figures.SMALL:
    no module sets a threshold of its own, writes "<5" itself or tells a small count by hand."""
    import re
    from pathlib import Path

    import lokalsundhed

    root = Path(lokalsundhed.__file__).parent
    own_threshold = re.compile(r"^(?:SMALL|MIN_PEOPLE|SUPPRESSED)\s*=\s*(?:\d|\"<)", re.MULTILINE)
    own_mark = re.compile(r"""return\s+["']<\d|0 < [\w.()\[\]"' -]+ < SMALL""")
    found = [str(path.relative_to(root)) for path in root.rglob("*.py")
             if "tests" not in path.parts and path.name != "figures.py"
             and (own_threshold.search(text := path.read_text(encoding="utf-8")) or own_mark.search(text))]
    assert not found
    assert [figures.count_shown(n) for n in (0, 1, 4, 5)] == ["0", "<5", "<5", "5"]
