"""Reads of rooms and bookings, always through the scoping helper; utilisation in SQL."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any

from django.db.models import DurationField, ExpressionWrapper, F, Prefetch, Q, QuerySet, Sum
from django.db.models.functions import TruncWeek
from django.utils import timezone

from lokalsundhed.core import figures
from lokalsundhed.core.access import get_for_user, scoped
from lokalsundhed.rooms.models import Booking, OpeningHours, Room

# How many weeks the utilisation page shows.
WEEKS = 8


def rooms(user: Any, words: str = "") -> QuerySet[Room]:
    """Rooms the user may see whose room, facility or estate name holds `words`, with their facility
    and estate and opening hours (2 queries)."""
    found = scoped(user, Room).filter(is_active=True)
    if words:
        found = found.filter(Q(name__icontains=words) | Q(facility__name__icontains=words)
                             | Q(facility__estate__name__icontains=words))
    return (found
            .select_related("facility__estate")
            .prefetch_related(Prefetch("opening_hours", queryset=OpeningHours.objects.order_by("weekday")))
            .order_by("facility__estate__name", "facility__name", "name"))


def room_for(user: Any, pk: int) -> Room:
    return get_for_user(user, Room, Room.objects.select_related("facility__estate"), pk=pk)


def booking_for(user: Any, pk: int) -> Booking:
    return get_for_user(user, Booking, Booking.objects.select_related("room__facility__estate", "organisation"), pk=pk)


def coming_bookings(room: Room, now: datetime, days: int = 28) -> QuerySet[Booking]:
    """The room's live bookings from now for `days` days, with who they are for and the offer's
    session any is held for (1 query)."""
    return (Booking.objects.filter(room=room, cancelled_at__isnull=True, ends_at__gt=now,
                                   starts_at__lt=now + timedelta(days=days))
            .select_related("organisation", "booked_by", "session").order_by("starts_at"))


def series_from(booking: Booking) -> QuerySet[Booking]:
    """The live times of the booking's weekly series from it on: what "this and the following
    weeks" cancels."""
    return Booking.objects.filter(series=booking.series, starts_at__gte=booking.starts_at,
                                  cancelled_at__isnull=True).order_by("starts_at")


def feed_bookings(room: Room, now: datetime) -> QuerySet[Booking]:
    """The feed: bookings from 30 days back (cancelled ones too, so calendars drop them)."""
    return (Booking.objects.filter(room=room, ends_at__gt=now - timedelta(days=30))
            .select_related("organisation").order_by("starts_at"))


def week_start(day: date) -> date:
    return day - timedelta(days=day.weekday())


@dataclass
class RoomWeeks:
    room: Room
    open_hours: float  # a week's opening hours (0: no hours set, always open)
    booked: list[float] = field(default_factory=list)  # hours booked in each week

    @property
    def percents(self) -> list[int | None]:
        return [int(figures.rounded(100 * hours / self.open_hours)) if self.open_hours else None for hours in self.booked]

    @property
    def cells(self) -> list[tuple[float, int | None]]:
        return list(zip(self.booked, self.percents, strict=True))


def _hours(value: timedelta | None) -> float:
    return float(figures.rounded(value.total_seconds() / 3600, 1)) if value else 0.0


def utilisation_rooms(user: Any) -> QuerySet[Room]:
    """The rooms whose utilisation the user may see, in the order of estate, facility and room."""
    return (scoped(user, Room).filter(is_active=True).select_related("facility__estate")
            .order_by("facility__estate__name", "facility__name", "name"))


def utilisation(user: Any, first_week: date, weeks: int = WEEKS,
                rooms: Iterable[Room] | None = None) -> tuple[list[date], list[RoomWeeks]]:
    """Hours booked per room and week (bookings counted in the week they start), against the
    room's weekly opening hours — of `rooms` (a page of `utilisation_rooms`) or all the user's.
    Three queries: the rooms, the opening hours summed per room, the booked hours summed per room
    and week."""
    tz = timezone.get_current_timezone()
    monday = week_start(first_week)
    mondays = [monday + timedelta(weeks=n) for n in range(weeks)]
    lo = datetime.combine(monday, time.min, tzinfo=tz)
    hi = datetime.combine(monday + timedelta(weeks=weeks), time.min, tzinfo=tz)
    room_list = list(utilisation_rooms(user) if rooms is None else rooms)
    ids = [r.pk for r in room_list]
    length = ExpressionWrapper(F("closes") - F("opens"), output_field=DurationField())
    opening = dict(OpeningHours.objects.filter(room_id__in=ids).values("room_id")
                   .annotate(total=Sum(length)).values_list("room_id", "total"))
    duration = ExpressionWrapper(F("ends_at") - F("starts_at"), output_field=DurationField())
    rows = (Booking.objects.filter(room_id__in=ids, cancelled_at__isnull=True, starts_at__gte=lo, starts_at__lt=hi)
            .annotate(week=TruncWeek("starts_at", tzinfo=tz)).values("room_id", "week")
            .annotate(total=Sum(duration)).values_list("room_id", "week", "total"))
    booked = {(room_id, timezone.localtime(week, tz).date() if isinstance(week, datetime) else week): total
              for room_id, week, total in rows}
    table = [
        RoomWeeks(room, _hours(opening.get(room.pk)), [_hours(booked.get((room.pk, m))) for m in mondays])
        for room in room_list
    ]
    return mondays, table


def bookable_rooms(user: Any) -> QuerySet[Room]:
    """Rooms the user may book: in estates where they hold `book_rooms`."""
    from lokalsundhed.core.permissions import Perm
    from lokalsundhed.organisations.scopes import estate_q

    return (scoped(user, Room).filter(estate_q(user, Perm.BOOK_ROOMS, prefix="facility__estate__"), is_active=True)
            .select_related("facility__estate").order_by("facility__estate__name", "facility__name", "name"))


def room_by_feed_token(token: str) -> Room | None:
    """The room behind a feed address (public: the secret token is the key), or None."""
    if not token or len(token) > 64:
        return None
    return Room.objects.select_related("facility").filter(feed_token=token).first()
