from __future__ import annotations

from datetime import datetime, time, timedelta

import factory
from django.utils import timezone

from lokalsundhed.organisations.models import Facility
from lokalsundhed.organisations.tests.factories import FacilityFactory
from lokalsundhed.rooms import services
from lokalsundhed.rooms.models import Booking, OpeningHours, Room


class RoomFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Room

    facility = factory.SubFactory(FacilityFactory)
    name = factory.Sequence(lambda n: f"Konsultationsrum {n}")
    kind = Room.Kind.CONSULTATION
    capacity = 4
    step_free_access = True


def room_in(estate, **kwargs) -> Room:
    facility = Facility.objects.filter(estate=estate).first() or FacilityFactory(estate=estate)
    return RoomFactory(facility=facility, **kwargs)


def open_weekdays(room: Room, opens: time = time(8), closes: time = time(16)) -> None:
    OpeningHours.objects.bulk_create([OpeningHours(room=room, weekday=d, opens=opens, closes=closes) for d in range(5)])


def next_weekday(weekday: int = 1, hour: int = 10, weeks_ahead: int = 1) -> datetime:
    """A local time on a coming weekday (0 = Monday), at least `weeks_ahead` weeks away."""
    today = timezone.localdate() + timedelta(weeks=weeks_ahead)
    day = today + timedelta(days=(weekday - today.weekday()) % 7)
    return datetime.combine(day, time(hour), tzinfo=timezone.get_current_timezone())


def booking(room: Room, actor, start: datetime | None = None, hours: float = 2, title: str = "Fredagscafé",
            weeks: int = 1) -> list[Booking]:
    start = start or next_weekday()
    return services.book(room, services.weekly(start, start + timedelta(hours=hours), weeks), title=title, actor=actor)
