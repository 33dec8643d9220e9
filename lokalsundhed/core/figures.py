"""Figures as staff read them in reports: rounded half-up, as people and spreadsheets round.

Django's `number_format(value, decimal_pos=n)` cuts the digits past `n` off (11/12 became "91 %"),
and Python's `round()` and `f"{x:.0f}"` round a half to the even neighbour of a binary float
(12.5 % became "12 %", 0.25 hours "0.2"). Every share, mean and rate shown is rounded here, once.
"""

from __future__ import annotations

import math
from decimal import ROUND_HALF_UP, Decimal

from django.utils.formats import number_format

# A figure that is not there (suppressed, or nothing to count): a dash, never a zero.
MISSING = "–"

# Small numbers, the same on every page, export and API: a count from 1 to SMALL - 1 is shown as
# SUPPRESSED (it could point at a person), and a figure built on fewer than SMALL people is not shown.
SMALL = 5
SUPPRESSED = f"<{SMALL}"

Number = int | float | Decimal


def too_few(count: int) -> bool:
    """Whether a count is one that is not shown: above zero and below SMALL."""
    return 0 < count < SMALL


def count_shown(count: int) -> str:
    """A count as it may be shown: 1–4 become "<5"."""
    return SUPPRESSED if too_few(count) else str(count)


def rounded(value: Number, digits: int = 0) -> Decimal:
    """`value` rounded half-up to `digits` decimals, from its shortest decimal form (so that the
    float 2.675 counts as 2.675 and becomes 2.68)."""
    exact = value if isinstance(value, Decimal) else Decimal(str(value))
    return exact.quantize(Decimal(1).scaleb(-digits), rounding=ROUND_HALF_UP)


def _endless(value: Number) -> bool:
    return isinstance(value, float) and not math.isfinite(value)


def decimal(value: Number | None, digits: int = 0) -> str:
    """A number with `digits` decimals in the reader's language ("3,2" in Danish, "3.2" in English)."""
    if value is None or _endless(value):
        return MISSING
    return number_format(rounded(value, digits), decimal_pos=digits)


def per_cent(value: Number | None, digits: int = 0) -> str:
    """A value already in per cent (91.67) as "92 %"."""
    return MISSING if value is None or _endless(value) else f"{decimal(value, digits)} %"


def share(value: Number | None, digits: int = 0) -> str:
    """A share (0.9167) as "92 %"."""
    if value is None or _endless(value):
        return MISSING
    return per_cent(Decimal(str(value)) * 100, digits)


def p_value(value: Number | None, digits: int = 3) -> str:
    """A p-value to `digits` decimals; one below the smallest it can show is "< 0,001", never "0,000"."""
    if value is None or _endless(value):
        return MISSING
    smallest = Decimal(1).scaleb(-digits)
    if Decimal(str(value)) < smallest:
        return f"< {number_format(smallest, decimal_pos=digits)}"
    return decimal(value, digits)
