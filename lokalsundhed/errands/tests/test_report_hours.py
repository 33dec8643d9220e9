"""Hours of practical help round half-up: 15 minutes are 0.3 hours, not 0.2."""

from __future__ import annotations

from lokalsundhed.errands.selectors import Row


def test_a_quarter_hour_is_three_tenths():
    assert Row(errand_type_id=1, name="Pære", name_en="Bulb", errands=5, minutes=15).hours == 0.3
    assert Row(errand_type_id=1, name="Pære", name_en="Bulb", errands=5, minutes=135).hours == 2.3  # 2.25
