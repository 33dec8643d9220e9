"""The authorization matrix's rows for rooms and booking, and the records they need."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from lokalsundhed.core.tests.world import AGGREGATE_READERS, EVERYONE
from lokalsundhed.rooms.tests.factories import booking, room_in

# The room is in estate A: its housing organisation and its municipality see it.
SEE_A = {"caretaker", "social_worker", "housing_admin", "housing_analyst", "intake", "unit_worker", "professional",
         "municipal_admin", "municipal_analyst", "auditor"}
OUTSIDERS = EVERYONE - SEE_A
BOOKERS = {"caretaker", "social_worker", "housing_admin", "professional", "municipal_admin"}
OUTSIDE_BOOKERS = {"other_housing_caretaker", "other_municipality_admin"}

ROWS: dict[str, dict[str, Any]] = {
    "rooms:room_list": {"ok": EVERYONE},
    "rooms:room_detail": {"ok": SEE_A, "not_found": OUTSIDERS, "kwargs": lambda w: {"pk": w.room.pk}},
    "rooms:room_new": {"ok": {"housing_admin", "municipal_admin", "other_municipality_admin"}},
    "rooms:room_edit": {"ok": {"housing_admin", "municipal_admin"}, "not_found": {"other_municipality_admin"},
                        "kwargs": lambda w: {"pk": w.room.pk}},
    "rooms:booking_new": {"ok": BOOKERS, "not_found": OUTSIDE_BOOKERS, "kwargs": lambda w: {"pk": w.room.pk}},
    "rooms:booking_cancel": {"ok": BOOKERS, "not_found": OUTSIDE_BOOKERS, "kwargs": lambda w: {"pk": w.booking.pk},
                             "method": "post", "ok_status": 302},
    # Asking before a weekly booking is cancelled from one week on (a GET changes nothing).
    "rooms:booking_cancel_series": {"ok": BOOKERS, "not_found": OUTSIDE_BOOKERS,
                                    "kwargs": lambda w: {"pk": w.weekly_booking.pk}},
    "rooms:utilisation": {"ok": AGGREGATE_READERS},
    # Calendar apps: public, behind the room's secret address.
    "rooms:room_feed": {"ok": EVERYONE, "public": True, "kwargs": lambda w: {"token": w.room.feed_token}},
}


def add_to_world(world: Any) -> None:
    """A consultation room in estate A with one booking by A's social worker."""
    world.room = room_in(world.estate_a)
    (world.booking,) = booking(world.room, world.users["social_worker"])
    world.weekly_booking = booking(world.room, world.users["social_worker"], weeks=3,
                                   start=world.booking.ends_at + timedelta(days=1))[0]
