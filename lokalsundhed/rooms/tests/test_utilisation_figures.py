"""A room's utilisation rounds half-up: 1 of 8 open hours is 13 %."""

from __future__ import annotations

from lokalsundhed.rooms.selectors import RoomWeeks


def test_a_weeks_share_of_a_half_per_cent_rounds_up():
    weeks = RoomWeeks(room=None, open_hours=8.0, booked=[1.0, 0.5, 0.0])  # type: ignore[arg-type]
    assert weeks.percents == [13, 6, 0]  # 12.5 and 6.25
