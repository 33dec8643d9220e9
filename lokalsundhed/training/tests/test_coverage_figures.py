"""Coverage shares and course lengths round half-up: 1 in 8 trained is 13 %, a quarter hour 0.3 h."""

from __future__ import annotations

from django.utils import translation

from lokalsundhed.training.models import Module
from lokalsundhed.training.selectors import CoverageRow


def test_a_coverage_share_of_a_half_per_cent_rounds_up():
    row = CoverageRow(pk=1, name="Afdeling", staff=8, trained={"signs": 1, "talk": 7})
    with translation.override("da"):
        assert row.shown("signs") == "13 %"
        assert row.shown("talk") == "88 %"  # 87.5


def test_a_module_of_a_quarter_hour_lasts_three_tenths_of_an_hour():
    assert Module(duration_minutes=15).duration_hours == 0.3
    assert Module(duration_minutes=45).duration_hours == 0.8
