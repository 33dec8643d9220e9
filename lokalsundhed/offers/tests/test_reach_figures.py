"""Reach shares round half-up from the exact share: 15 of 24 is 62.5 % and reads "63 %"."""

from __future__ import annotations

from django.utils import translation

from lokalsundhed.offers.reach_selectors import count_figure, share_figure


def test_a_share_of_a_half_per_cent_rounds_up():
    with translation.override("da"):
        assert str(share_figure(15, 24)) == "63 %"
        assert str(share_figure(11, 12 * 10)) == "9 %"  # 9.1666…


def test_a_share_is_rounded_once_not_first_to_a_tenth():
    with translation.override("da"):
        assert str(share_figure(249, 2000)) == "12 %"  # 12.45 %: a tenth first would give 12.5, then 13


def test_counts_are_unchanged():
    assert str(count_figure(1234)) == "1234"
    assert str(count_figure(3)) == "<5"
