"""Who may see which rooms and bookings.

- Rooms and their opening hours: every member of staff who sees the facility's estate (its
  housing organisation, and the municipality it lies in — the partners who hold hours there).
- Bookings: the same people; a booking says what the room is used for and by which
  organisation, never about a resident.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from lokalsundhed.core.access import register_scope
from lokalsundhed.organisations.scopes import estate_q
from lokalsundhed.rooms.models import Booking, Room


@register_scope(Room)
def rooms_for(user: Any, qs: QuerySet[Room]) -> QuerySet[Room]:
    return qs.filter(estate_q(user, prefix="facility__estate__"))


@register_scope(Booking)
def bookings_for(user: Any, qs: QuerySet[Booking]) -> QuerySet[Booking]:
    return qs.filter(estate_q(user, prefix="room__facility__estate__"))
