"""Changes to an offer after it was created: its details, moving and cancelling one session,
cancelling the whole offer — and undoing a cancelled session, or removing a bookable time.
Residents concerned are told (a time, a place and their link; never why). Same rules as
`services.py`: one transaction each, the offer locked first, every change in the access log.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import transaction
from django.db.models import F
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from lokalsundhed.accounts.models import User
from lokalsundhed.audit.models import Action
from lokalsundhed.audit.services import record
from lokalsundhed.offers.models import (
    DEFAULT_COMPLETION_SESSIONS,
    Message,
    Offer,
    Session,
    SignUp,
    Slot,
)
from lokalsundhed.offers.services import (
    ChangeRefused,
    check_capacity,
    lock_offer,
    move_up,
    organisation_of,
    refuse_if_cancelled,
    tell,
)
from lokalsundhed.organisations.models import Estate, Facility, Partnership
from lokalsundhed.rooms import services as rooms
from lokalsundhed.rooms.models import Booking

Status = SignUp.Status


@dataclass(frozen=True)
class OfferChanges:
    """What staff may change after creation: everything but the kind. `organisers` and
    `is_published` None: unchanged (the pages do not switch publication; the API may)."""

    title: str
    description: str = ""
    target_group: str = ""
    estate: Estate | None = None
    partnership: Partnership | None = None
    facility: Facility | None = None
    capacity: int | None = None
    completion_sessions: int = DEFAULT_COMPLETION_SESSIONS
    facilitator: User | None = None
    organisers: tuple[User, ...] | None = None
    is_published: bool | None = None


# --- Guards: what the pages offer and the API allows; the services check again under the lock. ---


def can_cancel_offer(offer: Offer) -> bool:
    """An offer is cancelled once; after that it can change nothing more."""
    return offer.cancelled_at is None


def can_cancel_session(session: Session, now: datetime) -> bool:
    """A session is cancelled once, at the latest while it is under way."""
    return session.cancelled_at is None and session.ends_at > now


def _pk(obj: object | None) -> int | None:
    return getattr(obj, "pk", None)


@transaction.atomic
def update_offer(offer: Offer, changes: OfferChanges, *, actor: User, request: HttpRequest | None = None) -> Offer:
    """Change an offer's details. More places move the waiting list up at once (and tell them).
    Refused, with nothing changed: fewer places than are taken, a new home once residents have
    signed up (their names would reach other organisations' staff), a cancelled offer."""
    if (changes.estate is None) == (changes.partnership is None):
        raise ValueError("an offer belongs to an estate or to a partnership, not both")
    offer = lock_offer(offer)
    refuse_if_cancelled(offer)
    values: dict[str, object] = {
        "title": changes.title.strip(),
        "description": changes.description.strip(),
        "target_group": changes.target_group.strip(),
        "estate_id": _pk(changes.estate),
        "partnership_id": _pk(changes.partnership),
        "facility_id": _pk(changes.facility),
        "capacity": changes.capacity,
        "completion_sessions": changes.completion_sessions,
        "facilitator_id": _pk(changes.facilitator),
    }
    if changes.is_published is not None:
        values["is_published"] = changes.is_published
    changed = [name for name, value in values.items() if getattr(offer, name) != value]
    if {"estate_id", "partnership_id"} & set(changed):
        if SignUp.objects.filter(offer=offer).exists():
            raise ChangeRefused(_("Residents have signed up, so the offer stays where it is: moving it would "
                                  "show their names to other staff."), field="home")
        values["municipality_id"] = (changes.estate.municipality_id if changes.estate is not None
                                     else changes.partnership.municipality.municipality_id)  # type: ignore[union-attr]
        changed.append("municipality_id")
    if "capacity" in changed:
        check_capacity(offer, changes.capacity)
    for name in changed:
        setattr(offer, name, values[name])
    if changed:
        offer.save(update_fields=changed)
    if changes.organisers is not None and set(offer.organisers.all()) != set(changes.organisers):
        offer.organisers.set(changes.organisers)
        changed.append("organisers")
    if {"estate_id", "partnership_id"} & set(changed):
        offer.estate, offer.partnership = changes.estate, changes.partnership
    # Which fields, not what they say: the log is read by auditors, the texts are on the offer.
    names = [name.removesuffix("_id") for name in changed]
    record(actor=actor, action=Action.CHANGE, obj=offer, organisation_id=organisation_of(offer),
           purpose=gettext_noop("offer changed") + ": " + ", ".join(names) if names
           else gettext_noop("offer changed: nothing"), request=request)
    if "capacity" in changed:
        move_up(offer)
    return offer


def _end_places(entries: list[SignUp], now: datetime, purpose: str, offer: Offer, actor: User) -> None:
    """Staff cancelled what these places were for: the places end (each in the access log)."""
    SignUp.objects.filter(pk__in=[e.pk for e in entries]).update(status=Status.CANCELLED, cancelled_at=now)
    for entry in entries:
        record(actor=actor, action=Action.CHANGE, obj=entry, organisation_id=organisation_of(offer), purpose=purpose)


@transaction.atomic
def cancel_session(session: Session, *, actor: User, reason: str = "", request: HttpRequest | None = None
                   ) -> Session:
    """Cancel one session, at the latest while it is under way. Everyone signed up is told (the
    time and their link; not why). A booked outreach time in it ends; a place on a course stays
    for the other sessions. A cancelled session counts in no attendance or completion figure.
    Cancelling again changes nothing and tells nobody twice."""
    offer = lock_offer(session.offer)
    session = Session.objects.select_for_update(of=("self",)).get(pk=session.pk)
    if session.cancelled_at is not None:
        return session
    now = timezone.now()
    if session.ends_at <= now:
        raise ChangeRefused(_("This session has already taken place."))
    session.cancelled_at = now
    session.cancel_reason = reason.strip()[:200]
    session.revision += 1
    session.save(update_fields=["cancelled_at", "cancel_reason", "revision"])
    if session.room_booking is not None:
        rooms.release(session.room_booking, actor=actor, request=request)
    if offer.kind == Offer.Kind.OUTREACH:
        told = list(SignUp.objects.select_for_update().filter(slot__session=session, status__in=SignUp.ACTIVE))
        _end_places(told, now, "booking ended: its time was cancelled", offer, actor)
    else:
        told = list(SignUp.objects.filter(offer=offer, status__in=SignUp.ACTIVE))
    record(actor=actor, action=Action.CHANGE, obj=offer, organisation_id=organisation_of(offer),
           purpose=gettext_noop("session cancelled, %s residents told") % len(told), request=request)
    tell(told, Message.Kind.SESSION_CANCELLED, session)
    return session


@transaction.atomic
def move_session(session: Session, *, starts_at: datetime, ends_at: datetime, actor: User,
                 request: HttpRequest | None = None) -> Session:
    """Move one session to another time (the facilitator is ill on Tuesday: Thursday instead).
    Everyone signed up (places and waiting list) is told the new time and their link; the
    reminder follows the session to its new day. Unbooked times in a block of outreach hours
    move with it. Refused, with nothing changed: a cancelled or ended session, a start in the
    past, an end not after the start, outreach hours with bookings (cancel or move them first)."""
    offer = lock_offer(session.offer)
    refuse_if_cancelled(offer)
    session = Session.objects.select_for_update(of=("self",)).get(pk=session.pk)
    now = timezone.now()
    if session.cancelled_at is not None:
        raise ChangeRefused(_("This time is cancelled, so it cannot be moved."))
    if session.ends_at <= now:
        raise ChangeRefused(_("This session has already taken place."))
    if starts_at <= now:
        raise ChangeRefused(_("Choose a time in the future."), field="start")
    if ends_at <= starts_at:
        raise ChangeRefused(_("The time must end after it starts."), field="end")
    if offer.kind == Offer.Kind.OUTREACH:
        if SignUp.objects.filter(slot__session=session, status__in=SignUp.ACTIVE).exists():
            raise ChangeRefused(_("Residents have booked times in these hours. Cancel or move the bookings "
                                  "first, then move the hours."))
        shift = starts_at - session.starts_at
        order = "-starts_at" if shift > timedelta(0) else "starts_at"
        slots = list(Slot.objects.select_for_update().filter(session=session, removed_at__isnull=True).order_by(order))
        if slots and max(slot.ends_at for slot in slots) + shift > ends_at:
            raise ChangeRefused(_("The bookable times no longer fit in the hours. Make the hours as long as "
                                  "before."), field="end")
        # One by one, the furthest first, so that no two times of the session ever share a start.
        for slot in slots:
            slot.starts_at, slot.ends_at = slot.starts_at + shift, slot.ends_at + shift
            slot.save(update_fields=["starts_at", "ends_at"])
        told: list[SignUp] = []
    else:
        told = list(SignUp.objects.filter(offer=offer, status__in=SignUp.ACTIVE))
    if session.room_booking is not None:
        try:
            rooms.move(session.room_booking, starts_at=starts_at, ends_at=ends_at, actor=actor, request=request)
        except rooms.BookingRefused as refusal:
            raise ChangeRefused(str(refusal), field="start") from None
    session.starts_at, session.ends_at = starts_at, ends_at
    session.revision += 1
    session.save(update_fields=["starts_at", "ends_at", "revision"])
    # The reminder was claimed for the old day: the new day gets its own.
    Message.objects.filter(session=session, kind=Message.Kind.REMINDER).delete()
    record(actor=actor, action=Action.CHANGE, obj=offer, organisation_id=organisation_of(offer),
           purpose=gettext_noop("session moved, %s residents told") % len(told), request=request)
    tell(told, Message.Kind.SESSION_MOVED, session)
    return session


@transaction.atomic
def cancel_offer(offer: Offer, *, actor: User, reason: str = "", request: HttpRequest | None = None) -> Offer:
    """Cancel the whole offer: it leaves the residents' calendar and stays on the staff pages,
    marked cancelled. Its coming sessions are cancelled and everyone signed up is told once.

    The waiting list and bookings of coming times end. Places end too, unless sessions were already
    held: then who had a place keeps it, so the figures of what was held stay true."""
    offer = lock_offer(offer)
    if offer.cancelled_at is not None:
        return offer
    now = timezone.now()
    offer.cancelled_at = now
    offer.cancel_reason = reason.strip()[:200]
    offer.save(update_fields=["cancelled_at", "cancel_reason"])
    coming = Session.objects.filter(offer=offer, cancelled_at__isnull=True, ends_at__gt=now)
    coming_ids = list(coming.values_list("pk", flat=True))
    for booking in Booking.objects.filter(session__in=coming_ids, cancelled_at__isnull=True):
        rooms.release(booking, actor=actor, request=request)
    coming.update(cancelled_at=now, cancel_reason=offer.cancel_reason, revision=F("revision") + 1)
    active = SignUp.objects.select_for_update().filter(offer=offer, status__in=SignUp.ACTIVE)
    if offer.kind == Offer.Kind.OUTREACH:
        told = list(active.filter(slot__session__in=coming_ids))
        ending = told
    else:
        told = list(active)
        was_held = Session.objects.filter(offer=offer, cancelled_at__isnull=True).exists()
        ending = [e for e in told if e.status == Status.WAITING or not was_held]
    _end_places(ending, now, "place ended: the offer was cancelled", offer, actor)
    record(actor=actor, action=Action.CHANGE, obj=offer, organisation_id=organisation_of(offer),
           purpose=gettext_noop("offer cancelled, %s residents told") % len(told), request=request)
    tell(told, Message.Kind.OFFER_CANCELLED)
    return offer


@transaction.atomic
def restore_session(session: Session, *, actor: User, request: HttpRequest | None = None) -> Session:
    """Undo the cancellation of one session that is still to end: it is back in the residents'
    calendar, its iCalendar SEQUENCE is raised so calendar apps take it back, and it counts in
    the attendance figures again. Outreach bookings that its cancellation ended are booked
    again (the time was unbookable meanwhile). Everyone it concerns is told, without why.
    Refused, with nothing changed: a session not cancelled, over, or of a cancelled offer."""
    offer = lock_offer(session.offer)
    refuse_if_cancelled(offer)
    session = Session.objects.select_for_update(of=("self",)).get(pk=session.pk)
    if session.cancelled_at is None:
        raise ChangeRefused(_("This time is not cancelled."))
    if session.ends_at <= timezone.now():
        raise ChangeRefused(_("This time is over, so it cannot be restored."))
    cancelled_at = session.cancelled_at
    if session.room_booking is not None:
        try:
            rooms.restore(session.room_booking, actor=actor, request=request)
        except rooms.BookingRefused as refusal:
            raise ChangeRefused(str(refusal)) from None
    session.cancelled_at = None
    session.cancel_reason = ""
    session.revision += 1
    session.save(update_fields=["cancelled_at", "cancel_reason", "revision"])
    if offer.kind == Offer.Kind.OUTREACH:
        # The bookings the cancellation ended carry its moment; those cancelled before stay so.
        told = list(SignUp.objects.select_for_update().filter(
            slot__session=session, slot__removed_at__isnull=True, status=Status.CANCELLED,
            cancelled_at=cancelled_at, anonymised_at__isnull=True,
        ))
        SignUp.objects.filter(pk__in=[e.pk for e in told]).update(status=Status.CONFIRMED, cancelled_at=None)
        for entry in told:
            record(actor=actor, action=Action.CHANGE, obj=entry, organisation_id=organisation_of(offer),
                   purpose=gettext_noop("booking restored: its time takes place after all"))
    else:
        told = list(SignUp.objects.filter(offer=offer, status__in=SignUp.ACTIVE))
    record(actor=actor, action=Action.CHANGE, obj=offer, organisation_id=organisation_of(offer),
           purpose=gettext_noop("session restored, %s residents told") % len(told), request=request)
    tell(told, Message.Kind.SESSION_RESTORED, session)
    return session


@transaction.atomic
def remove_slot(slot: Slot, *, actor: User, request: HttpRequest | None = None) -> SignUp | None:
    """Take a bookable time away (made by mistake, or the doctor leaves early). A time nobody
    ever booked is deleted; one with a booking, live or cancelled, is kept as removed for that
    booking's history. A live booking ends and its resident is told the time is cancelled;
    returns that booking. Refused: a time that has begun, or of a cancelled offer."""
    offer = lock_offer(slot.session.offer)
    refuse_if_cancelled(offer)
    slot = Slot.objects.select_for_update(of=("self",)).get(pk=slot.pk)
    if slot.removed_at is not None:
        return None
    now = timezone.now()
    if slot.starts_at <= now:
        raise ChangeRefused(_("This time has begun, so it stays."))
    booked = SignUp.objects.select_for_update().filter(slot=slot, status__in=SignUp.ACTIVE).first()
    if booked is not None:
        _end_places([booked], now, "booking ended: its time was removed", offer, actor)
    if SignUp.objects.filter(slot=slot).exists():
        slot.removed_at = now
        slot.save(update_fields=["removed_at"])
    else:
        slot.delete()
    record(actor=actor, action=Action.CHANGE, obj=offer, organisation_id=organisation_of(offer),
           purpose=gettext_noop("time slot removed, its resident told") if booked else gettext_noop("time slot removed"),
           request=request)
    if booked is not None:
        tell([booked], Message.Kind.SESSION_CANCELLED, slot.session)
    return booked
