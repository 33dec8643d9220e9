"""The residents' list of small steps into work, in their language."""

from __future__ import annotations

from django.utils.translation import ngettext, override


def _hours(n: int) -> str:
    return ngettext("%(n)s hour a week", "%(n)s hours a week", n) % {"n": n}


def test_hours_a_week_take_the_arabic_plural_of_three_to_ten():
    with override("ar"):
        assert _hours(4) == "4 ساعات في الأسبوع"  # 3–10 take the plural, not "4 ساعة"
        assert _hours(12) == "12 ساعة في الأسبوع"  # 11–99 take the singular
