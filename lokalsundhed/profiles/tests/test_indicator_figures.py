"""Profile figures round half-up and in the reader's language: 62.5 % reads "63 %", 2.25 hours
"2,3" in Danish and "2.3" in English."""

from __future__ import annotations

from django.utils import translation

from lokalsundhed.profiles import indicators
from lokalsundhed.profiles.indicators import Measure


def _format(key: str, measure: Measure) -> str:
    indicator = indicators.get(key)
    assert indicator is not None
    return indicator.format(measure)


def test_a_share_of_a_half_per_cent_rounds_up():
    with translation.override("da"):
        assert _format("consent_share", indicators.share(5, 8 * 5)) == "13 %"  # 12.5
        assert _format("consent_share", Measure(62.5, 40, 25)) == "63 %"


def test_a_tenth_is_rounded_half_up_in_the_readers_language():
    assert indicators.share(1, 800).value == 0.1  # 0.125
    with translation.override("da"):
        assert _format("referrals_per_1000", Measure(2.25, 9)) == "2,3"
    with translation.override("en"):
        assert _format("referrals_per_1000", Measure(2.25, 9)) == "2.3"


def test_a_share_is_rounded_once_from_its_counts_as_on_the_reach_page():
    from lokalsundhed.offers.reach_selectors import share_figure

    # 5 of 11 is 45.45 %: half-up to a whole per cent is 45 %, as the reach page shows the same
    # first-time share; rounding the tenth first (45.5) and then the whole (46) is rounding twice.
    with translation.override("da"):
        assert _format("first_time_share", indicators.share(5, 11)) == "45 %" == str(share_figure(5, 11))
        assert _format("consent_share", indicators.share(49, 200)) == "25 %" == str(share_figure(49, 200))  # 24.5
