"""Volunteers' hours per estate round half-up: 15 minutes are 0.3 hours, not 0.2."""

from __future__ import annotations

from lokalsundhed.volunteers.selectors import EstateFigures


def test_a_quarter_hour_is_three_tenths():
    assert EstateFigures(estate_id=1, name="Afdeling", volunteers=6, minutes=15).hours == 0.3
