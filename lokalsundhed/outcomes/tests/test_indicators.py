"""The outcome indicators in the profiles' catalogue, against a worked example."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from lokalsundhed.organisations.models import Estate
from lokalsundhed.outcomes.tests.factories import answered, staff_and_offer
from lokalsundhed.profiles import indicators

pytestmark = pytest.mark.django_db

# Ten people at baseline: WHO-5 40 … 76 (mean 58.0); five severely lonely (UCLA-3 = 7), five not
# (3); five rate their health good (2), five fair (4).
BASELINE_WHO5 = [40, 44, 48, 52, 56, 60, 64, 68, 72, 76]
# Eight of them at the end: six up 8 points, two up 12 → mean change (6 × 8 + 2 × 12) / 8 = 9.0.
END_CHANGE = [8, 8, 8, 8, 8, 8, 12, 12]


def _period():
    today = timezone.localdate()
    return today - timedelta(days=30), today + timedelta(days=1)


@pytest.fixture
def measured():
    _worker, offer = staff_and_offer()
    for i, who5 in enumerate(BASELINE_WHO5):
        answered(offer, f"P{i}", "baseline", who5=who5, ucla3=[3, 2, 2] if i < 5 else [1, 1, 1],
                 srh=2 if i % 2 else 4)
    for i, change in enumerate(END_CHANGE):
        answered(offer, f"P{i}", "end", who5=BASELINE_WHO5[i] + change, ucla3=[1, 1, 1], srh=1)
    return offer


def _measure(key, estates):
    indicator = indicators.get(key)
    assert indicator is not None, f"{key} is not registered"
    return indicator.measure(estates, *_period())


def test_outcomes_registers_the_keys_the_profile_shows():
    assert {key for key, _label in indicators.OUTCOME_KEYS} <= {
        i.key for i in indicators.catalogue(indicators.Group.OUTCOMES)}


def test_the_figures_come_from_the_baseline_and_complete_pairs(measured):
    own = Estate.objects.filter(pk=measured.estate_id)

    assert _measure("who5_mean", own) == indicators.Measure(58.0, 10)
    assert _measure("who5_change", own) == indicators.Measure(9.0, 8)
    assert _measure("ucla3_lonely_share", own) == indicators.Measure(50.0, 10, 5)
    assert _measure("srh_good_share", own) == indicators.Measure(50.0, 10, 5)
    # The country counts every offer.
    assert _measure("who5_mean", None).value == 58.0


def test_other_estates_and_other_periods_do_not_count(measured):
    elsewhere = Estate.objects.exclude(pk=measured.estate_id)
    today = timezone.localdate()

    assert _measure("who5_mean", elsewhere) == indicators.Measure(None, 0)
    before = indicators.get("who5_change").measure(None, today - timedelta(days=400), today - timedelta(days=30))
    assert before.n == 0


def test_an_offer_of_a_partnership_counts_for_its_estates(measured):
    from lokalsundhed.organisations.tests.factories import EstateFactory, PartnershipFactory

    partnership = PartnershipFactory()
    partnership.estates.add(measured.estate)
    outside = EstateFactory()
    type(measured).objects.filter(pk=measured.pk).update(estate=None, partnership=partnership)

    assert _measure("who5_mean", Estate.objects.filter(pk=measured.estate_id)).value == 58.0
    assert _measure("who5_mean", Estate.objects.filter(pk=outside.pk)).n == 0


def test_figures_on_fewer_than_five_are_suppressed():
    _worker, offer = staff_and_offer()
    for i in range(4):
        answered(offer, f"S{i}", "baseline", who5=60, ucla3=[3, 3, 3], srh=2)
        answered(offer, f"S{i}", "end", who5=72)
    own = Estate.objects.filter(pk=offer.estate_id)

    for key in ("who5_mean", "who5_change", "ucla3_lonely_share", "srh_good_share"):
        measure = _measure(key, own)
        assert measure.n == 4 and measure.suppressed, key
        assert indicators.get(key).format(measure) == "–"


def test_a_share_that_would_give_away_a_small_group_is_suppressed(measured):
    # Two more people at baseline, both in good health: 7 good, 5 fair of 12 → shown; then one
    # fair person fewer would leave 4 → hidden.
    answered(measured, "X1", "baseline", who5=60, srh=1)
    answered(measured, "X2", "baseline", who5=60, srh=1)
    own = Estate.objects.filter(pk=measured.estate_id)
    assert _measure("srh_good_share", own).shown_value == pytest.approx(58.3)

    answered(measured, "P0", "baseline", who5=40, ucla3=[3, 2, 2], srh=3)  # a fair rating becomes good
    assert _measure("srh_good_share", own).suppressed


def test_each_figure_is_one_query(measured, django_assert_num_queries):
    own = Estate.objects.filter(pk=measured.estate_id)
    for key, _label in indicators.OUTCOME_KEYS:
        with django_assert_num_queries(1):
            _measure(key, own)


def test_a_mean_and_a_change_are_rounded_half_up():
    _worker, offer = staff_and_offer()
    # Sixteen at baseline, fifteen at 52 and one at 56: a mean of 52.25. At the end nine of them are
    # up 4 points and seven unchanged: a mean change of 4 × 9 / 16 = 2.25.
    for i in range(16):
        answered(offer, f"P{i}", "baseline", who5=56 if i == 0 else 52)
    for i in range(16):
        answered(offer, f"P{i}", "end", who5=(56 if i == 0 else 52) + (4 if i < 9 else 0))
    own = Estate.objects.filter(pk=offer.estate_id)

    assert _measure("who5_mean", own).value == 52.3  # not 52.2, Python's even neighbour of 52.25
    assert _measure("who5_change", own).value == 2.3  # 36 / 16 = 2.25
