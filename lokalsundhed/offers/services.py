"""Every write of local offers: offers and their sessions, slots and translations; a
resident's sign-up, booking, cancellation, restored sign-up and move-up from the waiting list;
attendance. Changes after creation (editing, moving, cancelling and restoring sessions, the
whole offer, removing a bookable time) are in `change_services.py`; reads in `selectors.py`.

Each function runs in one transaction and writes the access log. `actor` is the member of
staff who acts, or None when a resident acts through the public pages or their private link.
Places are counted under a row lock on the offer, and a slot is booked under a row lock on the
slot, so two people never get the last place or the same slot (PostgreSQL; SQLite serialises
writers anyway). A partial unique index on live bookings is the last line behind the lock.
Changes lock the offer first, then what they change, in the same order as sign-ups do.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import IntegrityError, transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop, ngettext

from lokalsundhed.accounts.models import User
from lokalsundhed.audit import labels
from lokalsundhed.audit.models import Action
from lokalsundhed.audit.services import record
from lokalsundhed.offers import selectors, tasks_api
from lokalsundhed.offers.models import (
    SESSION_MINUTES,
    Attendance,
    Message,
    Offer,
    OfferTranslation,
    Session,
    SignUp,
    Slot,
)
from lokalsundhed.organisations.models import Estate, Facility, Partnership
from lokalsundhed.rooms import services as rooms
from lokalsundhed.rooms.models import Room

logger = logging.getLogger(__name__)
Status = SignUp.Status


class SignUpRefused(Exception):
    """The sign-up or booking cannot be made (shown to the resident in plain words)."""


class ChangeRefused(Exception):
    """A change to an offer, its sessions or its slots cannot be made (shown to staff in plain
    words; `field` names the form field it is about). Raised inside the transaction, so nothing
    of the change is kept."""

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


def organisation_of(offer: Offer) -> int | None:
    """Whose data a sign-up is, for the access log: the estate's housing organisation, or the
    partnership's municipality."""
    if offer.estate is not None:
        return offer.estate.housing_organisation_id
    return offer.partnership.municipality_id if offer.partnership is not None else None


def lock_offer(offer: Offer) -> Offer:
    return Offer.objects.select_for_update(of=("self",)).select_related("estate", "partnership").get(pk=offer.pk)


def refuse_if_cancelled(offer: Offer) -> None:
    if offer.cancelled_at is not None:
        raise ChangeRefused(_("The offer is cancelled and can no longer be changed."))


def tell(entries: list[SignUp], kind: str, session: Session | None = None) -> None:
    """Write each resident's message in the outbox, to be sent once this transaction commits."""
    session_id = session.pk if session is not None else None
    for entry in entries:
        tasks_api.notify(entry.pk, kind, session_id)


# --- Offers, sessions, slots, translations ----------------------------------------------------


@dataclass(frozen=True)
class OfferInput:
    kind: str
    title: str
    description: str = ""
    target_group: str = ""
    estate: Estate | None = None
    partnership: Partnership | None = None
    facility: Facility | None = None
    capacity: int | None = None
    completion_sessions: int = 4
    facilitator: User | None = None
    is_published: bool = True


@transaction.atomic
def create_offer(data: OfferInput, *, actor: User, request: HttpRequest | None = None) -> Offer:
    """A new offer in an estate or a partnership, with the actor as its first organiser."""
    if (data.estate is None) == (data.partnership is None):
        raise ValueError("an offer belongs to an estate or to a partnership, not both")
    if data.estate is not None:
        municipality_id = data.estate.municipality_id
    elif data.partnership is not None:
        municipality_id = data.partnership.municipality.municipality_id
    offer = Offer.objects.create(
        kind=data.kind,
        title=data.title.strip(),
        description=data.description.strip(),
        target_group=data.target_group.strip(),
        estate=data.estate,
        partnership=data.partnership,
        municipality_id=municipality_id,
        facility=data.facility,
        capacity=data.capacity,
        completion_sessions=data.completion_sessions,
        facilitator=data.facilitator,
        is_published=data.is_published,
        created_by=actor,
    )
    offer.organisers.add(actor)
    record(actor=actor, action=Action.CREATE, obj=offer, organisation_id=organisation_of(offer),
           purpose=gettext_noop("offer created"), request=request)
    return offer


def book_room(room: Room, times: list[tuple[datetime, datetime]], offer: Offer, actor: User) -> list:
    """Book the room for the sessions through rooms' services; a taken or closed room refuses
    them all, with the taken times named (nothing is added)."""
    try:
        return rooms.book(room, times, title=offer.title, actor=actor)
    except rooms.BookingRefused as refusal:
        raise ChangeRefused(str(refusal), field="room") from None


@transaction.atomic
def add_sessions(offer: Offer, times: list[tuple[datetime, datetime]], *, actor: User,
                 facility: Facility | None = None, room: Room | None = None) -> list[Session]:
    """Sessions of the offer at the given (start, end) times; a cancelled offer gets none. With a
    room, each session books it (refused, with nothing added, when the room is taken)."""
    refuse_if_cancelled(lock_offer(offer))
    bookings = book_room(room, times, offer, actor) if room is not None else [None] * len(times)
    if room is not None:
        facility = facility or room.facility
    sessions = Session.objects.bulk_create(
        [Session(offer=offer, starts_at=start, ends_at=end, facility=facility, room_booking=booking)
         for (start, end), booking in zip(times, bookings, strict=True)]
    )
    record(actor=actor, action=Action.CHANGE, obj=offer, organisation_id=organisation_of(offer),
           purpose=gettext_noop("%s sessions added") % len(sessions))
    return sessions


def weekly(first_start: datetime, duration: timedelta, count: int) -> list[tuple[datetime, datetime]]:
    """`count` sessions a week apart, each `duration` long (e.g. a 6 × 2.5 h course)."""
    times = []
    for week in range(count):
        # Arithmetic on a zoneinfo datetime keeps the wall-clock time across summer time.
        start = timezone.localtime(first_start) + timedelta(weeks=week)
        times.append((start, start + duration))
    return times


def slot_times(session: Session, minutes: int, start: datetime | None = None,
               count: int | None = None) -> list[tuple[datetime, datetime]]:
    """`count` times of `minutes` one after another from `start` (default: the whole block)."""
    length = timedelta(minutes=minutes)
    first = start or session.starts_at
    if count is None:
        count = max(0, int((session.ends_at - first) / length))
    return [(first + n * length, first + (n + 1) * length) for n in range(count)]


def check_slots(session: Session, times: list[tuple[datetime, datetime]]) -> None:
    """Refuse times outside the block of hours or overlapping the session's slots (a read: the
    slots page previews with it; `add_slots` checks again under the session's lock)."""
    if not times:
        return
    if times[0][0] < session.starts_at or times[-1][1] > session.ends_at:
        raise ChangeRefused(_("The times must lie within the block of hours, %(start)s–%(end)s.") % {
            "start": f"{timezone.localtime(session.starts_at):%H:%M}",
            "end": f"{timezone.localtime(session.ends_at):%H:%M}",
        })
    # The new times follow one another, so the span from the first to the last is what may overlap.
    overlapping = list(
        Slot.objects.filter(session=session, starts_at__lt=times[-1][1], ends_at__gt=times[0][0],
                            removed_at__isnull=True).order_by("starts_at")
    )
    if overlapping:
        taken = ", ".join(
            f"{timezone.localtime(slot.starts_at):%H:%M}–{timezone.localtime(slot.ends_at):%H:%M}" for slot in overlapping
        )
        raise ChangeRefused(ngettext(
            "The new times overlap a time that is already there: %(times)s.",
            "The new times overlap times that are already there: %(times)s.",
            len(overlapping),
        ) % {"times": taken})


@transaction.atomic
def add_slots(session: Session, minutes: int, *, actor: User, start: datetime | None = None,
              count: int | None = None) -> list[Slot]:
    """Cut a block of outreach hours into bookable slots of `minutes` each: the whole block, or
    `count` slots one after another from `start`. Slots lie within the block and never overlap
    the session's other slots (refused, nothing added)."""
    if session.offer.kind != Offer.Kind.OUTREACH:
        raise ValueError("only outreach hours have time slots")
    offer = lock_offer(session.offer)
    refuse_if_cancelled(offer)
    session = Session.objects.select_for_update(of=("self",)).get(pk=session.pk)
    if session.cancelled_at is not None:
        raise ChangeRefused(_("This time is cancelled."))
    times = slot_times(session, minutes, start, count)
    check_slots(session, times)
    created = Slot.objects.bulk_create([Slot(session=session, starts_at=a, ends_at=b) for a, b in times])
    record(actor=actor, action=Action.CHANGE, obj=offer, organisation_id=organisation_of(offer),
           purpose=gettext_noop("%s time slots added") % len(created))
    return created


@transaction.atomic
def add_session(offer: Offer, starts_at: datetime, ends_at: datetime, *, actor: User,
                slot_minutes: int | None = None, room: Room | None = None) -> Session:
    """One more session of the offer; a block of outreach hours may be cut into slots at once.
    With a room, the session books it (refused when it is taken). Refused, with nothing added: a
    start not in the future, a length outside SESSION_MINUTES (the staff form and the API alike)."""
    if starts_at <= timezone.now():
        raise ChangeRefused(_("Choose a time in the future."), field="start")
    shortest, longest = SESSION_MINUTES
    if not timedelta(minutes=shortest) <= ends_at - starts_at <= timedelta(minutes=longest):
        raise ChangeRefused(_("A session lasts %(shortest)s to %(longest)s minutes.")
                            % {"shortest": shortest, "longest": longest}, field="end")
    (session,) = add_sessions(offer, [(starts_at, ends_at)], actor=actor, room=room)
    if slot_minutes and offer.kind == Offer.Kind.OUTREACH:
        session.offer = offer
        add_slots(session, slot_minutes, actor=actor)
    return session


@transaction.atomic
def set_translation(offer: Offer, language: str, *, title: str, description: str = "", target_group: str = "",
                    actor: User) -> OfferTranslation:
    """Write (or replace) the offer's texts in one language other than Danish."""
    translation, _created = OfferTranslation.objects.update_or_create(
        offer=offer,
        language=language,
        defaults={"title": title.strip(), "description": description.strip(), "target_group": target_group.strip()},
    )
    record(actor=actor, action=Action.CHANGE, obj=offer, organisation_id=organisation_of(offer),
           purpose=gettext_noop("translation") + f": {language}")
    return translation


@transaction.atomic
def archive_offer(offer: Offer, *, actor: User) -> Offer:
    """Take the offer off the calendar; its sign-ups and figures stay."""
    offer.archived_at = timezone.now()
    offer.is_published = False
    offer.save(update_fields=["archived_at", "is_published"])
    record(actor=actor, action=Action.CHANGE, obj=offer, organisation_id=organisation_of(offer),
           purpose=gettext_noop("offer archived"))
    return offer


# --- Signing up --------------------------------------------------------------------------------


@dataclass(frozen=True)
class ResidentDetails:
    """The minimum: a first name and a way to reach them."""

    first_name: str
    phone: str = ""
    email: str = ""
    language: str = "da"
    first_time: bool | None = None


@transaction.atomic
def sign_up(offer: Offer, resident: ResidentDetails, *, actor: User | None = None, slot: Slot | None = None,
            request: HttpRequest | None = None) -> SignUp:
    """Give the resident a place, a place on the waiting list, or the slot they chose.

    Outreach hours are booked by slot: a slot someone else holds is refused, never double-booked.
    Other offers have places: when they are taken, the resident joins the waiting list.
    """
    if not (resident.phone.strip() or resident.email.strip()):
        raise SignUpRefused(_("Give a mobile number or an e-mail address, so we can reach you."))
    offer = lock_offer(offer)
    if not selectors.can_sign_up(offer):
        raise SignUpRefused(_("This offer no longer takes sign-ups."))
    now = timezone.now()
    if offer.kind == Offer.Kind.OUTREACH:
        status = _book_slot(offer, slot, now)
    else:
        status = Status.CONFIRMED if selectors.has_room(offer) else Status.WAITING
    try:
        with transaction.atomic():
            entry = SignUp.objects.create(
                offer=offer,
                slot=slot if offer.kind == Offer.Kind.OUTREACH else None,
                status=status,
                first_name=resident.first_name.strip()[:60],
                phone=resident.phone.strip()[:20],
                email=resident.email.strip().lower(),
                language=resident.language or "da",
                first_time=resident.first_time,
                signed_up_by=actor,
                created_at=now,
                confirmed_at=now if status == Status.CONFIRMED else None,
            )
    except IntegrityError:
        # Another booking of the same slot won the race past the lock (only without row locks).
        raise SignUpRefused(_("Someone else has just booked this time. Choose another one.")) from None
    record(actor=actor, action=Action.CREATE, obj=entry, organisation_id=organisation_of(offer),
           purpose=gettext_noop("signed up on behalf of a resident") if actor else gettext_noop("resident signed up"), request=request,
           actor_label="" if actor else labels.RESIDENT)
    tasks_api.notify(entry.pk, Message.Kind.CONFIRMATION)
    return entry


def _book_slot(offer: Offer, slot: Slot | None, now: datetime) -> str:
    if slot is None:
        raise SignUpRefused(_("Choose a time."))
    locked = Slot.objects.select_for_update(of=("self",)).select_related("session").filter(pk=slot.pk,
                                                                                 session__offer=offer).first()
    if (locked is None or locked.session.cancelled_at is not None or locked.removed_at is not None
            or locked.starts_at <= now):
        raise SignUpRefused(_("This time cannot be booked. Choose another one."))
    if SignUp.objects.filter(slot=locked, status__in=SignUp.ACTIVE).exists():
        raise SignUpRefused(_("Someone else has just booked this time. Choose another one."))
    return Status.CONFIRMED


# --- Cancelling and moving up -------------------------------------------------------------------


@transaction.atomic
def cancel(entry: SignUp, *, actor: User | None = None, request: HttpRequest | None = None) -> SignUp:
    """Give the place (or slot) back. A freed place goes to the first on the waiting list."""
    offer = lock_offer(entry.offer)
    entry = SignUp.objects.select_for_update().get(pk=entry.pk)
    if not entry.is_active:
        return entry
    was_confirmed = entry.status == Status.CONFIRMED
    entry.status = Status.CANCELLED
    entry.cancelled_at = timezone.now()
    entry.save(update_fields=["status", "cancelled_at"])
    record(actor=actor, action=Action.CHANGE, obj=entry, organisation_id=organisation_of(offer),
           purpose=gettext_noop("sign-up cancelled") if actor else gettext_noop("sign-up cancelled by the resident"),
           request=request,
           actor_label="" if actor else labels.RESIDENT)
    if was_confirmed and offer.kind != Offer.Kind.OUTREACH:
        move_up(offer)
    return entry


@transaction.atomic
def restore_sign_up(entry: SignUp, *, actor: User, request: HttpRequest | None = None) -> SignUp:
    """Undo a cancelled sign-up (staff clicked wrong, or the resident changed their mind): a
    booked time comes back if it is still free and to come; a place comes back if there is
    room, else the resident joins the end of the waiting list. The resident is told. Refused,
    with nothing changed: a sign-up that is not cancelled, whose details were removed, or whose
    offer takes no sign-ups."""
    offer = lock_offer(entry.offer)
    entry = SignUp.objects.select_for_update().get(pk=entry.pk)
    if entry.status != Status.CANCELLED or entry.anonymised_at is not None:
        raise SignUpRefused(_("Only a cancelled sign-up can be restored."))
    if not selectors.can_sign_up(offer):
        raise SignUpRefused(_("This offer no longer takes sign-ups."))
    now = timezone.now()
    if offer.kind == Offer.Kind.OUTREACH:
        entry.status = _book_slot(offer, entry.slot, now)
    else:
        entry.status = Status.CONFIRMED if selectors.has_room(offer) else Status.WAITING
    if entry.status == Status.WAITING:
        entry.created_at = now  # the end of the queue: nobody who waited meanwhile is passed
    entry.confirmed_at = now if entry.status == Status.CONFIRMED else None
    entry.cancelled_at = None
    entry.save(update_fields=["status", "created_at", "confirmed_at", "cancelled_at"])
    record(actor=actor, action=Action.CHANGE, obj=entry, organisation_id=organisation_of(offer),
           purpose=gettext_noop("sign-up restored (confirmed)") if entry.status == Status.CONFIRMED
           else gettext_noop("sign-up restored (waiting)"), request=request)
    tell([entry], Message.Kind.RESTORED)
    return entry


def move_up(offer: Offer) -> list[SignUp]:
    """Fill free places from the waiting list, first come first served, and tell each one.

    Runs inside the caller's transaction, with the offer row locked. A cancelled offer has no
    places to give."""
    moved: list[SignUp] = []
    if offer.cancelled_at is not None:
        return moved
    if offer.capacity is None:
        free = SignUp.objects.filter(offer=offer, status=Status.WAITING).count()
    else:
        free = max(0, offer.capacity - selectors.confirmed_count(offer))
    if not free:
        return moved
    now = timezone.now()
    waiting = list(
        SignUp.objects.select_for_update().filter(offer=offer, status=Status.WAITING).order_by("created_at", "pk")[:free]
    )
    for entry in waiting:
        entry.status = Status.CONFIRMED
        entry.confirmed_at = now
        entry.save(update_fields=["status", "confirmed_at"])
        record(actor=None, action=Action.CHANGE, obj=entry, organisation_id=organisation_of(offer),
               purpose=gettext_noop("moved up from the waiting list"))
        tasks_api.notify(entry.pk, Message.Kind.MOVED_UP)
        moved.append(entry)
    return moved


def check_capacity(offer: Offer, capacity: int | None) -> None:
    """Never fewer places than are taken: nobody loses a place without being told (under the offer's lock)."""
    if capacity is None or offer.kind == Offer.Kind.OUTREACH:
        return
    taken = selectors.confirmed_count(offer)
    if capacity < taken:
        raise ChangeRefused(ngettext(
            "%(n)s resident already has a place. Keep at least %(n)s place, or cancel places first.",
            "%(n)s residents already have a place. Keep at least %(n)s places, or cancel places first.",
            taken,
        ) % {"n": taken}, field="capacity")


@transaction.atomic
def change_capacity(offer: Offer, capacity: int | None, *, actor: User) -> Offer:
    """More places move people up from the waiting list at once; fewer than are taken is refused."""
    offer = lock_offer(offer)
    refuse_if_cancelled(offer)
    check_capacity(offer, capacity)
    offer.capacity = capacity
    offer.save(update_fields=["capacity"])
    record(actor=actor, action=Action.CHANGE, obj=offer, organisation_id=organisation_of(offer),
           purpose=gettext_noop("capacity changed"))
    move_up(offer)
    return offer


@transaction.atomic
def answer_continue(entry: SignUp, wants_to_continue: bool, *, request: HttpRequest | None = None) -> SignUp:
    """The resident's answer after a missed session; "no" gives the place back."""
    entry.wants_to_continue = wants_to_continue
    entry.save(update_fields=["wants_to_continue"])
    if not wants_to_continue:
        return cancel(entry, request=request)
    return entry


# --- Attendance --------------------------------------------------------------------------------


@transaction.atomic
def set_attendance(session: Session, entry: SignUp, present: bool, *, actor: User,
                   request: HttpRequest | None = None) -> bool:
    """Mark the participant present (or not) at the session; returns whether they are present."""
    if entry.offer_id != session.offer_id or entry.status != Status.CONFIRMED:
        raise SignUpRefused(_("This person has no place on the offer."))
    if session.cancelled_at is not None or Session.objects.filter(pk=session.pk, cancelled_at__isnull=False).exists():
        raise SignUpRefused(_("This session is cancelled."))
    if present:
        Attendance.objects.get_or_create(session=session, sign_up=entry, defaults={"marked_by": actor})
    else:
        Attendance.objects.filter(session=session, sign_up=entry).delete()
    if session.attendance_taken_at is None:
        Session.objects.filter(pk=session.pk, attendance_taken_at__isnull=True).update(attendance_taken_at=timezone.now())
        session.attendance_taken_at = timezone.now()
    record(actor=actor, action=Action.CHANGE, obj=entry, organisation_id=organisation_of(session.offer),
           purpose=gettext_noop("attendance present") if present else gettext_noop("attendance absent"), request=request)
    return present


@transaction.atomic
def close_attendance(session: Session, *, actor: User) -> Session:
    """Nobody came, or everybody is marked: attendance is recorded for the session as it stands."""
    if session.attendance_taken_at is None and session.cancelled_at is None:
        session.attendance_taken_at = timezone.now()
        session.save(update_fields=["attendance_taken_at"])
        record(actor=actor, action=Action.CHANGE, obj=session.offer, organisation_id=organisation_of(session.offer),
               purpose=gettext_noop("attendance recorded"))
    return session
