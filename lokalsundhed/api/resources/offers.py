"""Local offers and their sessions (public read; staff of the organisation create and change
them through the offers services and guards the offer pages use), and the sign-ups and
attendance of the offers the client runs."""

from collections.abc import Callable
from datetime import datetime
from typing import Annotated, Any, Literal, TypeVar

from django.http import Http404, HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from ninja import Field, Router, Schema, Status
from pydantic import ConfigDict, StringConstraints

from lokalsundhed.api.access import log_read, principal
from lokalsundhed.api.paging import DEFAULT_LIMIT, page
from lokalsundhed.api.problems import Conflict, InvalidField
from lokalsundhed.api.schemas import FreeText, IsoDateTime, Limit
from lokalsundhed.core.access import get_for_user, requires_scope, scoped
from lokalsundhed.core.permissions import Perm
from lokalsundhed.offers import change_services, services
from lokalsundhed.offers.models import MAX_PLACES, Offer, Session, SignUp
from lokalsundhed.offers.scopes import offer_q
from lokalsundhed.offers.selectors import published_offers, run_estate_ids
from lokalsundhed.organisations.models import Estate

PREFIX = "offers"
router = Router(tags=["offers"])
T = TypeVar("T")

KindName = Literal["activity", "outreach", "course", "info_meeting"]
MunicipalityCode = Annotated[str, StringConstraints(pattern=r"^[0-9]{3,4}$")]


class OfferOut(Schema):
    id: int
    kind: KindName
    title: str
    description: str
    target_group: str
    estate_id: int | None
    partnership_id: int | None
    municipality_code: str
    capacity: int | None
    cancelled: bool


class OfferPage(Schema):
    items: list[OfferOut]
    next_cursor: str | None


class SessionOut(Schema):
    id: int
    starts_at: datetime
    ends_at: datetime
    cancelled: bool


class OfferDetailOut(OfferOut):
    sessions: list[SessionOut]


def _offer(offer: Offer) -> dict[str, Any]:
    return {
        "id": offer.pk, "kind": offer.kind, "title": offer.title, "description": offer.description,
        "target_group": offer.target_group, "estate_id": offer.estate_id, "partnership_id": offer.partnership_id,
        "municipality_code": offer.municipality.code, "capacity": offer.capacity,
        "cancelled": offer.cancelled_at is not None,
    }


def _session(session: Session) -> dict[str, Any]:
    return {"id": session.pk, "starts_at": session.starts_at, "ends_at": session.ends_at,
            "cancelled": session.cancelled_at is not None}


@router.get("", response=OfferPage, auth=None, url_name="offer_list", summary="List published offers")
def list_offers(request: HttpRequest, municipality_code: MunicipalityCode | None = None,
                estate_id: int | None = None, cursor: str | None = None, limit: Limit = DEFAULT_LIMIT) -> dict[str, Any]:
    """Public: what residents may see, by municipality (official code, e.g. 0607) or estate."""
    qs = published_offers().select_related("municipality")
    if municipality_code:
        qs = qs.filter(municipality__code=municipality_code)
    if estate_id is not None:
        qs = qs.filter(estate_id=estate_id)
    rows, next_cursor = page(qs, cursor, limit)
    return {"items": [_offer(o) for o in rows], "next_cursor": next_cursor}


@router.get("/{int:offer_id}", response=OfferDetailOut, auth=None, url_name="offer_detail", summary="Read an offer")
def read_offer(request: HttpRequest, offer_id: int) -> dict[str, Any]:
    """Public: a published offer with its sessions."""
    offer = published_offers().select_related("municipality").filter(pk=offer_id).first()
    if offer is None:
        raise Http404
    return {**_offer(offer), "sessions": [_session(s) for s in offer.sessions.order_by("starts_at", "pk")]}


class OfferIn(Schema):
    kind: KindName
    title: FreeText(200, min_length=1)  # type: ignore[valid-type]
    description: FreeText(2000) = ""  # type: ignore[valid-type]
    target_group: FreeText(200) = ""  # type: ignore[valid-type]
    estate_id: int
    capacity: int | None = Field(None, ge=1, le=MAX_PLACES, description="Places; empty: no limit")
    is_published: bool = True


def _run_estate(caller: Any, estate_id: int) -> Estate:
    """An estate in which the client runs offers (422 naming `estate_id` otherwise)."""
    estate = scoped(caller, Estate).filter(pk__in=run_estate_ids(caller), pk=estate_id).first()
    if estate is None:
        raise InvalidField("body.estate_id", "No estate this client runs offers in.")
    return estate


# A refusal the offer pages show at one of these fields is a 422 naming the API's field (another
# value would do); any other refusal is about the record's state, whatever the input: 409.
REFUSED_AT = {"capacity": "body.capacity", "start": "body.starts_at", "end": "body.ends_at"}


def _refused(refusal: services.ChangeRefused) -> InvalidField | Conflict:
    field = REFUSED_AT.get(refusal.field or "")
    return InvalidField(field, str(refusal)) if field else Conflict(str(refusal))


def _change(change: Callable[[], T]) -> T:
    """Run one of the offers' changes; its refusal becomes a 422 or a 409."""
    try:
        return change()
    except services.ChangeRefused as refusal:
        raise _refused(refusal) from None


@router.post("", response={201: OfferOut}, url_name="offer_create", summary="Create an offer in an estate")
@requires_scope("offers:write")
def create_offer(request: HttpRequest, payload: OfferIn) -> Status[dict[str, Any]]:
    caller = principal(request)
    estate = _run_estate(caller, payload.estate_id)
    offer = services.create_offer(services.OfferInput(
        kind=payload.kind, title=payload.title, description=payload.description, target_group=payload.target_group,
        estate=estate, capacity=payload.capacity, is_published=payload.is_published,
    ), actor=caller, request=request)
    offer.municipality = estate.municipality
    return Status(201, _offer(offer))


def _run_offer(request: HttpRequest, offer_id: int) -> Offer:
    """An offer the client runs (404 otherwise)."""
    caller = principal(request)
    qs = scoped(caller, Offer).filter(offer_q(caller, Perm.RUN_OFFERS)).select_related("municipality")
    return get_for_user(caller, Offer, qs, pk=offer_id)


def _not_sent(schema: dict[str, Any]) -> None:
    """A field left out of a partial update stays as it is: there is no default to show."""
    schema.pop("default", None)


class OfferChangesIn(Schema):
    """The fields to change; those left out stay as they are. The kind never changes."""

    model_config = ConfigDict(extra="forbid")

    title: FreeText(200, min_length=1) = Field(None, json_schema_extra=_not_sent)  # type: ignore[valid-type]
    description: FreeText(2000) = Field(None, json_schema_extra=_not_sent)  # type: ignore[valid-type]
    target_group: FreeText(200) = Field(None, json_schema_extra=_not_sent)  # type: ignore[valid-type]
    estate_id: int = Field(None, json_schema_extra=_not_sent)  # type: ignore[assignment]
    capacity: int | None = Field(None, ge=1, le=MAX_PLACES, description="Places; null: no limit")
    is_published: bool = Field(None, json_schema_extra=_not_sent)  # type: ignore[assignment]


@router.patch("/{int:offer_id}", response=OfferOut, url_name="offer_update", summary="Change an offer's details")
@requires_scope("offers:write")
def update_offer(request: HttpRequest, offer_id: int, payload: OfferChangesIn) -> dict[str, Any]:
    """As on the offer's edit page: more places give the waiting list places at once (and tell
    them); fewer places than are taken (422), a new estate once residents have signed up or a
    cancelled offer (409) are refused, with nothing changed."""
    caller = principal(request)
    offer = _run_offer(request, offer_id)
    sent = payload.model_dump(exclude_unset=True)
    if "capacity" in sent and offer.kind == Offer.Kind.OUTREACH:
        raise InvalidField("body.capacity", _("Outreach hours are booked by time, so they have no places."))
    estate, partnership = offer.estate, offer.partnership
    if "estate_id" in sent and sent["estate_id"] != offer.estate_id:
        estate, partnership = _run_estate(caller, sent["estate_id"]), None
    changes = change_services.OfferChanges(
        title=sent.get("title", offer.title), description=sent.get("description", offer.description),
        target_group=sent.get("target_group", offer.target_group), estate=estate, partnership=partnership,
        facility=offer.facility, capacity=sent.get("capacity", offer.capacity),
        completion_sessions=offer.completion_sessions, facilitator=offer.facilitator,
        is_published=sent.get("is_published"),
    )
    return _offer(_change(lambda: change_services.update_offer(offer, changes, actor=caller, request=request)))


class CancelIn(Schema):
    reason: FreeText(200, min_length=1) = Field(  # type: ignore[valid-type]
        description="A few words for colleagues; residents are told only that it is cancelled, never why")


@router.post("/{int:offer_id}/cancel", response=OfferOut, url_name="offer_cancel", summary="Cancel an offer")
@requires_scope("offers:write")
def cancel_offer(request: HttpRequest, offer_id: int, payload: CancelIn) -> dict[str, Any]:
    """As on the offer's cancel page: its coming sessions are cancelled, everyone signed up is
    told once, and it leaves the residents' calendar. 409 for an offer already cancelled."""
    offer = _run_offer(request, offer_id)
    if not change_services.can_cancel_offer(offer):
        raise Conflict(_("The offer is cancelled and can no longer be changed."))
    offer = change_services.cancel_offer(offer, reason=payload.reason, actor=principal(request), request=request)
    return _offer(offer)


class SessionIn(Schema):
    starts_at: IsoDateTime
    ends_at: IsoDateTime


def _check_times(starts_at: datetime, ends_at: datetime) -> None:
    """Times with a zone (a time without one is refused, not guessed), the end after the start."""
    for name, moment in (("starts_at", starts_at), ("ends_at", ends_at)):
        if timezone.is_naive(moment):
            raise InvalidField(f"body.{name}", "Give times with a zone, e.g. 2026-05-01T10:00:00+02:00.")
    if ends_at <= starts_at:
        raise InvalidField("body.ends_at", "A session ends after it starts.")


@router.post("/{int:offer_id}/sessions", response={201: SessionOut}, url_name="offer_session_create",
             summary="Add a session to an offer")
@requires_scope("offers:write")
def add_session(request: HttpRequest, offer_id: int, payload: SessionIn) -> Status[dict[str, Any]]:
    offer = _run_offer(request, offer_id)
    _check_times(payload.starts_at, payload.ends_at)
    try:
        session = services.add_session(offer, payload.starts_at, payload.ends_at, actor=principal(request))
    except (ValueError, services.SignUpRefused) as refusal:
        raise Conflict(str(refusal)) from None
    except services.ChangeRefused as refusal:
        raise _refused(refusal) from None
    return Status(201, _session(session))


def _run_session(request: HttpRequest, offer_id: int, session_id: int) -> Session:
    """A session of an offer the client runs (404 otherwise)."""
    caller = principal(request)
    offer = _run_offer(request, offer_id)
    sessions = scoped(caller, Session).filter(offer=offer).select_related("offer__estate", "offer__partnership")
    return get_for_user(caller, Session, sessions, pk=session_id)


class SessionChangesIn(Schema):
    """A session's new times; one left out stays as it is."""

    model_config = ConfigDict(extra="forbid")

    starts_at: IsoDateTime = Field(None, json_schema_extra=_not_sent)  # type: ignore[assignment]
    ends_at: IsoDateTime = Field(None, json_schema_extra=_not_sent)  # type: ignore[assignment]


@router.patch("/{int:offer_id}/sessions/{int:session_id}", response=SessionOut, url_name="offer_session_update",
              summary="Move a session to another time")
@requires_scope("offers:write")
def update_session(request: HttpRequest, offer_id: int, session_id: int, payload: SessionChangesIn
                   ) -> dict[str, Any]:
    """As on the session's move page: everyone signed up is told the new time, and the reminder
    follows it. A start in the past (422), a cancelled or ended session and outreach hours with
    bookings (409) are refused. The same times again change nothing and tell nobody."""
    session = _run_session(request, offer_id, session_id)
    sent = payload.model_dump(exclude_unset=True)
    starts_at, ends_at = sent.get("starts_at", session.starts_at), sent.get("ends_at", session.ends_at)
    _check_times(starts_at, ends_at)
    if (starts_at, ends_at) == (session.starts_at, session.ends_at):
        return _session(session)
    return _session(_change(lambda: change_services.move_session(session, starts_at=starts_at, ends_at=ends_at,
                                                                 actor=principal(request), request=request)))


@router.post("/{int:offer_id}/sessions/{int:session_id}/cancel", response=SessionOut,
             url_name="offer_session_cancel", summary="Cancel a session")
@requires_scope("offers:write")
def cancel_session(request: HttpRequest, offer_id: int, session_id: int, payload: CancelIn) -> dict[str, Any]:
    """As on the session's cancel page: everyone signed up is told (not why), a booked outreach
    time in it ends. 409 for a session already cancelled or over."""
    session = _run_session(request, offer_id, session_id)
    if not change_services.can_cancel_session(session, timezone.now()):
        raise Conflict(_("This time is already cancelled or over."))
    return _session(_change(lambda: change_services.cancel_session(session, reason=payload.reason,
                                                                   actor=principal(request), request=request)))


@router.post("/{int:offer_id}/sessions/{int:session_id}/restore", response=SessionOut,
             url_name="offer_session_restore", summary="Restore a cancelled session")
@requires_scope("offers:write")
def restore_session(request: HttpRequest, offer_id: int, session_id: int) -> dict[str, Any]:
    """As on the session's restore page: back in the calendar, everyone it concerns told, outreach
    bookings its cancellation ended booked again. 409 for a session not cancelled, over, or of a
    cancelled offer."""
    session = _run_session(request, offer_id, session_id)
    return _session(_change(lambda: change_services.restore_session(session, actor=principal(request),
                                                                    request=request)))


class SignUpOut(Schema):
    id: int
    status: str
    first_name: str
    phone: str
    email: str
    language: str
    slot_id: int | None
    created_at: datetime
    attended_session_ids: list[int]


@router.get("/{int:offer_id}/sign-ups", response=list[SignUpOut], url_name="offer_sign_ups",
            summary="The sign-ups of an offer the client runs, with attendance")
@requires_scope("signups:read")
def list_sign_ups(request: HttpRequest, offer_id: int) -> list[dict[str, Any]]:
    offer = _run_offer(request, offer_id)
    entries = (scoped(principal(request), SignUp).filter(offer=offer, anonymised_at__isnull=True)
               .prefetch_related("attendances").order_by("created_at", "pk"))
    log_read(request, obj=offer, organisation_id=services.organisation_of(offer),
             what=gettext_noop("sign-ups of offer %s") % offer.pk)
    return [{
        "id": e.pk, "status": e.status, "first_name": e.first_name, "phone": e.phone, "email": e.email,
        "language": e.language, "slot_id": e.slot_id, "created_at": e.created_at,
        "attended_session_ids": sorted(a.session_id for a in e.attendances.all()),
    } for e in entries]


class AttendanceIn(Schema):
    present: bool


class AttendanceOut(Schema):
    session_id: int
    sign_up_id: int
    present: bool


@router.put("/{int:offer_id}/sessions/{int:session_id}/attendance/{int:sign_up_id}", response=AttendanceOut,
            url_name="offer_attendance", summary="Record whether a participant came")
@requires_scope("signups:write")
def set_attendance(request: HttpRequest, offer_id: int, session_id: int, sign_up_id: int,
                   payload: AttendanceIn) -> dict[str, Any]:
    caller = principal(request)
    offer = _run_offer(request, offer_id)
    session = get_for_user(caller, Session, Session.objects.filter(offer=offer), pk=session_id)
    entry = get_for_user(caller, SignUp, SignUp.objects.filter(offer=offer), pk=sign_up_id)
    try:
        present = services.set_attendance(session, entry, payload.present, actor=caller, request=request)
    except services.SignUpRefused as refusal:
        raise Conflict(str(refusal)) from None
    return {"session_id": session.pk, "sign_up_id": entry.pk, "present": present}
