"""Every write of rooms and booking: rooms and their opening hours, single and weekly bookings,
moving and cancelling them. Each function takes `actor`, runs in one transaction and writes the
access log.

No double booking: every booking change first touches the room's row (an UPDATE, which takes the
row lock on PostgreSQL and the write lock on SQLite), then checks for overlaps, then writes — so
two people booking the same room at once are served one after the other, and the second is told
the room is taken. On PostgreSQL an exclusion constraint backs the check (migration 0002).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime, time, timedelta

from django.core.exceptions import ObjectDoesNotExist
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.http import HttpRequest
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from lokalsundhed.accounts.models import User
from lokalsundhed.audit.models import Action
from lokalsundhed.audit.services import record
from lokalsundhed.core.permissions import Perm
from lokalsundhed.organisations.models import Facility, Organisation
from lokalsundhed.rooms.models import Booking, OpeningHours, Room
from lokalsundhed.rooms.selectors import series_from

# The longest run of weekly bookings made at once (a year).
MAX_WEEKS = 52


class BookingRefused(Exception):
    """The booking cannot be made or changed (shown to staff in plain words). Raised inside the
    transaction, so nothing of the change is kept."""


class RoomTaken(BookingRefused):
    """The room is already booked at (one of) the times asked for."""


def _when(start: datetime, end: datetime) -> str:
    start, end = timezone.localtime(start), timezone.localtime(end)
    return f"{formats.date_format(start, 'SHORT_DATE_FORMAT')} {start:%H:%M}–{end:%H:%M}"


def housing_organisation_of(room: Room) -> int:
    return room.facility.estate.housing_organisation_id


def booking_organisation(room: Room, actor: User) -> Organisation:
    """For whom the actor books the room: their organisation that may book in the room's estate
    (the housing organisation, or the municipality the estate lies in)."""
    estate = room.facility.estate
    for membership in actor.active_memberships:
        org = membership.organisation
        if not actor.has_role_perm(Perm.BOOK_ROOMS, org.pk):
            continue
        if org.pk == estate.housing_organisation_id or (
            org.kind == Organisation.Kind.MUNICIPALITY and org.municipality_id == estate.municipality_id
        ):
            return org
    raise BookingRefused(_("You cannot book rooms in this estate."))


# --- Rooms ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class RoomInput:
    facility: Facility
    name: str
    kind: str
    capacity: int
    step_free_access: bool = False
    hearing_loop: bool = False
    accessible_toilet: bool = False


@transaction.atomic
def save_room(data: RoomInput, *, actor: User, room: Room | None = None, request: HttpRequest | None = None) -> Room:
    """Add a room to a facility, or change one."""
    created = room is None
    room = room or Room()
    room.facility = data.facility
    room.name = data.name.strip()
    room.kind = data.kind
    room.capacity = data.capacity
    room.step_free_access = data.step_free_access
    room.hearing_loop = data.hearing_loop
    room.accessible_toilet = data.accessible_toilet
    room.save()
    record(actor=actor, action=Action.CREATE if created else Action.CHANGE, obj=room,
           organisation_id=data.facility.estate.housing_organisation_id,
           purpose=gettext_noop("room added") if created else gettext_noop("room changed"), request=request)
    return room


@transaction.atomic
def set_opening_hours(room: Room, hours: dict[int, tuple[time, time] | None], *, actor: User,
                      request: HttpRequest | None = None) -> None:
    """Set the room's hours per weekday (0 = Monday; None: closed that day). Bookings already
    made stay; new bookings must fit the hours."""
    for span in hours.values():
        if span is not None and span[1] <= span[0]:
            raise BookingRefused(_("A day's hours must close after they open."))
    OpeningHours.objects.filter(room=room, weekday__in=list(hours)).delete()
    OpeningHours.objects.bulk_create([
        OpeningHours(room=room, weekday=day, opens=span[0], closes=span[1])
        for day, span in sorted(hours.items()) if span is not None
    ])
    record(actor=actor, action=Action.CHANGE, obj=room, organisation_id=housing_organisation_of(room),
           purpose=gettext_noop("opening hours changed"), request=request)


# --- Checks --------------------------------------------------------------------------------


def _lock_room(room: Room) -> Room:
    """Serialise booking changes of the room: an UPDATE of its row (a row lock on PostgreSQL,
    the write lock on SQLite) held until the transaction ends."""
    Room.objects.filter(pk=room.pk).update(bookings_changed_at=timezone.now())
    return Room.objects.select_related("facility__estate").get(pk=room.pk)


def check_open(room: Room, times: list[tuple[datetime, datetime]]) -> None:
    """Refuse a time outside the room's opening hours (a room without hours is always open)."""
    hours = {h.weekday: h for h in room.opening_hours.all()}
    if not hours:
        return
    for start, end in times:
        local_start, local_end = timezone.localtime(start), timezone.localtime(end)
        day = hours.get(local_start.weekday())
        if (day is None or local_start.date() != local_end.date() or local_start.time() < day.opens
                or local_end.time() > day.closes):
            raise BookingRefused(
                _("The room is not open at %(when)s. See its opening hours.") % {"when": _when(start, end)}
            )


def conflicts(room: Room, times: list[tuple[datetime, datetime]], *, exclude: list[int] | None = None
              ) -> list[Booking]:
    """Live bookings of the room overlapping any of the times (one query)."""
    if not times:
        return []
    overlap = Q()
    for start, end in times:
        overlap |= Q(starts_at__lt=end, ends_at__gt=start)
    qs = Booking.objects.filter(overlap, room=room, cancelled_at__isnull=True)
    if exclude:
        qs = qs.exclude(pk__in=exclude)
    return list(qs.order_by("starts_at"))


def _refuse_if_taken(room: Room, times: list[tuple[datetime, datetime]], exclude: list[int] | None = None) -> None:
    taken = conflicts(room, times, exclude=exclude)
    if taken:
        raise RoomTaken(
            _("%(room)s is already booked: %(times)s. Choose another time or room; nothing was booked.") % {
                "room": room.name,
                "times": "; ".join(f"{_when(b.starts_at, b.ends_at)} ({b.title})" for b in taken[:5]),
            }
        )


def _check_times(times: list[tuple[datetime, datetime]], now: datetime) -> None:
    if not times:
        raise BookingRefused(_("Choose a time."))
    for start, end in times:
        if end <= start:
            raise BookingRefused(_("The time must end after it starts."))
        if end <= now:
            raise BookingRefused(_("Choose a time in the future."))


# --- Booking -------------------------------------------------------------------------------


def weekly(start: datetime, end: datetime, weeks: int) -> list[tuple[datetime, datetime]]:
    """The same time each week for `weeks` weeks (wall-clock time kept across summer time)."""
    if not 1 <= weeks <= MAX_WEEKS:
        raise BookingRefused(_("Book from 1 to %(max)s weeks at a time.") % {"max": MAX_WEEKS})
    start, end = timezone.localtime(start), timezone.localtime(end)
    return [(start + timedelta(weeks=n), end + timedelta(weeks=n)) for n in range(weeks)]


@transaction.atomic
def book(room: Room, times: list[tuple[datetime, datetime]], *, title: str, actor: User,
         organisation: Organisation | None = None, request: HttpRequest | None = None) -> list[Booking]:
    """Book the room at each of the times — all or nothing. Refused, with nothing booked, when
    the room is closed or already booked at any of them (the refusal names the taken times)."""
    room = _lock_room(room)
    if not room.is_active:
        raise BookingRefused(_("The room is no longer in use."))
    _check_times(times, timezone.now())
    if not title.strip():
        raise BookingRefused(_("Say what the room is booked for."))
    organisation = organisation or booking_organisation(room, actor)
    check_open(room, times)
    _refuse_if_taken(room, times)
    series = uuid.uuid4() if len(times) > 1 else None
    try:
        with transaction.atomic():
            bookings = Booking.objects.bulk_create([
                Booking(room=room, starts_at=start, ends_at=end, title=title.strip()[:200], organisation=organisation,
                        booked_by=actor, series=series)
                for start, end in times
            ])
    except IntegrityError:
        # The exclusion constraint caught what the check could not see (it should not happen
        # behind the room's lock): the same clear answer.
        raise RoomTaken(_("The room was booked by someone else at the same moment. Nothing was booked.")) from None
    record(actor=actor, action=Action.CREATE, obj=room, organisation_id=housing_organisation_of(room),
           purpose=gettext_noop("room booked: %s times") % len(bookings), request=request)
    return bookings


def held_for_session(booking: Booking) -> bool:
    """The booking holds the room for an offer's session (`Session.room_booking`): it is moved and
    released with the session, never on its own (the offer would still name the room)."""
    try:
        return booking.session is not None
    except ObjectDoesNotExist:
        return False


def can_cancel(booking: Booking, actor: User) -> bool:
    """Who booked it, or a colleague who may book for the same organisation, cancels a live
    booking that has not ended and is not held for an offer's session."""
    return (booking.cancelled_at is None and booking.ends_at > timezone.now() and not held_for_session(booking)
            and (booking.booked_by_id == actor.pk or actor.has_role_perm(Perm.BOOK_ROOMS, booking.organisation_id)))


@transaction.atomic
def cancel(booking: Booking, *, actor: User, series: bool = False, request: HttpRequest | None = None) -> int:
    """Cancel the booking (with `series`: it and the series' later times). Returns how many."""
    _lock_room(booking.room)
    booking = Booking.objects.select_related("session").get(pk=booking.pk)
    if held_for_session(booking):
        raise BookingRefused(_("The time is held for an offer: change or cancel it with the offer's times."))
    if not can_cancel(booking, actor):
        raise BookingRefused(_("This booking cannot be cancelled: it is over, already cancelled or not yours."))
    targets = Booking.objects.filter(pk=booking.pk)
    if series and booking.series is not None:
        targets = series_from(booking).order_by()
    count = targets.update(cancelled_at=timezone.now(), cancelled_by=actor, revision=F("revision") + 1)
    record(actor=actor, action=Action.CHANGE, obj=booking.room, organisation_id=booking.organisation_id,
           purpose=gettext_noop("room booking cancelled: %s times") % count, request=request)
    return count


@transaction.atomic
def release(booking: Booking, *, actor: User, request: HttpRequest | None = None) -> None:
    """Free the room of a booking that what it was for no longer needs (an offer's session that
    was cancelled): whoever may change that thing releases its room. Releasing again changes nothing."""
    _lock_room(booking.room)
    if Booking.objects.filter(pk=booking.pk, cancelled_at__isnull=True).update(
            cancelled_at=timezone.now(), cancelled_by=actor, revision=F("revision") + 1):
        record(actor=actor, action=Action.CHANGE, obj=booking.room, organisation_id=booking.organisation_id,
               purpose=gettext_noop("room booking released"), request=request)


@transaction.atomic
def move(booking: Booking, *, starts_at: datetime, ends_at: datetime, actor: User,
         request: HttpRequest | None = None) -> Booking:
    """Move a live booking to another time of the same room; refused when the room is taken or
    closed then (nothing changes)."""
    room = _lock_room(booking.room)
    booking = Booking.objects.get(pk=booking.pk)
    if booking.cancelled_at is not None:
        raise BookingRefused(_("The booking is cancelled."))
    _check_times([(starts_at, ends_at)], timezone.now())
    check_open(room, [(starts_at, ends_at)])
    _refuse_if_taken(room, [(starts_at, ends_at)], exclude=[booking.pk])
    booking.starts_at, booking.ends_at = starts_at, ends_at
    booking.revision += 1
    booking.save(update_fields=["starts_at", "ends_at", "revision"])
    record(actor=actor, action=Action.CHANGE, obj=room, organisation_id=booking.organisation_id,
           purpose=gettext_noop("room booking moved"), request=request)
    return booking


@transaction.atomic
def restore(booking: Booking, *, actor: User, request: HttpRequest | None = None) -> Booking:
    """Take a cancelled booking back, if the room is still free then."""
    room = _lock_room(booking.room)
    booking = Booking.objects.get(pk=booking.pk)
    if booking.cancelled_at is None:
        return booking
    _refuse_if_taken(room, [(booking.starts_at, booking.ends_at)], exclude=[booking.pk])
    booking.cancelled_at, booking.cancelled_by = None, None
    booking.revision += 1
    booking.save(update_fields=["cancelled_at", "cancelled_by", "revision"])
    record(actor=actor, action=Action.CHANGE, obj=room, organisation_id=booking.organisation_id,
           purpose=gettext_noop("room booking restored"), request=request)
    return booking
