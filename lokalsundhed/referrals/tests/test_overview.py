"""The queue's card on the overview says its figures in the right number, in Danish and English."""

from __future__ import annotations

import re

import pytest
from django.template.loader import render_to_string
from django.utils import translation


def _labels(language: str, count: int) -> list[str]:
    with translation.override(language):
        html = render_to_string("referrals/overview/queue.html", {"data": {"new": count, "overdue": count,
                                                                         "claimed": count}})
    return [f"{number} {label}" for number, label in re.findall(
        r'<span class="overview-number">(\d+)</span> <span class="overview-label">([^<]*)</span>', html)]


@pytest.mark.parametrize(("language", "count", "expected"), [
    ("da", 1, ["1 ny, endnu ikke taget", "1 over fristen, ingen har taget den", "1 taget af dig, endnu ikke overtaget"]),
    ("da", 3, ["3 nye, endnu ikke taget", "3 over fristen, ingen har taget dem",
               "3 taget af dig, endnu ikke overtaget"]),
    ("en", 1, ["1 new referral, not yet claimed", "1 overdue referral, nobody has claimed it",
               "1 referral claimed by you, not taken over yet"]),
    ("en", 3, ["3 new referrals, not yet claimed", "3 overdue referrals, nobody has claimed them",
               "3 referrals claimed by you, not taken over yet"]),
])
def test_the_queue_card_says_each_figure_in_the_right_number(language, count, expected):
    assert _labels(language, count) == expected
