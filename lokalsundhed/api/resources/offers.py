"""Local offers and their sessions (public read; staff of the organisation write through the
offers services), and the sign-ups and attendance of the offers the client runs."""

from datetime import datetime
from typing import Annotated, Any, Literal

from django.http import Http404, HttpRequest
from ninja import Field, Router, Schema, Status
from pydantic import StringConstraints

from lokalsundhed.api.access import log_read, principal, requires_scope
from lokalsundhed.api.paging import DEFAULT_LIMIT, page
from lokalsundhed.api.problems import Conflict, InvalidField
from lokalsundhed.api.schemas import FreeText, IsoDateTime, Limit
from lokalsundhed.audit.models import Action
from lokalsundhed.core.access import get_for_user, scoped
from lokalsundhed.core.permissions import Perm
from lokalsundhed.offers import services
from lokalsundhed.offers.models import MAX_PLACES, Offer, Session, SignUp
from lokalsundhed.offers.scopes import offer_q
from lokalsundhed.offers.selectors import published_offers
from lokalsundhed.organisations.models import Estate
from lokalsundhed.organisations.scopes import estate_q

PREFIX = "offers"
router = Router(tags=["offers"])

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


@router.post("", response={201: OfferOut}, url_name="offer_create", summary="Create an offer in an estate")
@requires_scope("offers:write")
def create_offer(request: HttpRequest, payload: OfferIn) -> Status[dict[str, Any]]:
    caller = principal(request)
    estate = Estate.objects.filter(estate_q(caller, Perm.RUN_OFFERS), pk=payload.estate_id).first()
    if estate is None:
        raise InvalidField("body.estate_id", "No estate this client runs offers in.")
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


class SessionIn(Schema):
    starts_at: IsoDateTime
    ends_at: IsoDateTime


@router.post("/{int:offer_id}/sessions", response={201: SessionOut}, url_name="offer_session_create",
             summary="Add a session to an offer")
@requires_scope("offers:write")
def add_session(request: HttpRequest, offer_id: int, payload: SessionIn) -> Status[dict[str, Any]]:
    offer = _run_offer(request, offer_id)
    if payload.ends_at <= payload.starts_at:
        raise InvalidField("body.ends_at", "A session ends after it starts.")
    if payload.starts_at.tzinfo is None or payload.ends_at.tzinfo is None:
        raise InvalidField("body.starts_at", "Give times with a zone, e.g. 2026-05-01T10:00:00+02:00.")
    try:
        session = services.add_session(offer, payload.starts_at, payload.ends_at, actor=principal(request))
    except (ValueError, services.SignUpRefused) as refusal:
        raise Conflict(str(refusal)) from None
    return Status(201, _session(session))


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
    log_read(request, action=Action.SEARCH, object_type="offers.signup",
             organisation_id=services.organisation_of(offer), what=f"sign-ups of offer {offer.pk}")
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
