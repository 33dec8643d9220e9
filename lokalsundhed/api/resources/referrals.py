"""Referrals for a municipality's case system: list and read, and the queue's transitions
(through the same service functions and state guards as the web queue), and the FHIR view."""


from datetime import datetime
from typing import Any, Literal

from django.db.models import OuterRef, QuerySet, Subquery
from django.http import HttpRequest
from django.utils.translation import gettext_noop
from ninja import Field, Query, Router, Schema

from lokalsundhed.api import fhir
from lokalsundhed.api.access import log_read, principal
from lokalsundhed.api.paging import DEFAULT_LIMIT, page
from lokalsundhed.api.problems import Conflict, InvalidField
from lokalsundhed.api.schemas import FreeText, IsoDateTime, Limit, aware
from lokalsundhed.audit.models import Action
from lokalsundhed.core.access import get_for_user, requires_scope, scoped
from lokalsundhed.referrals import services
from lokalsundhed.referrals.models import Referral, Transition

PREFIX = "referrals"
router = Router(tags=["referrals"])

StateName = Literal["sent", "received", "taken_over", "closed", "returned"]
OutcomeName = Literal["help_established", "resident_declined", "no_need", "referred_elsewhere"]


class UnitOut(Schema):
    id: int
    name: str
    kind: str


class ReferralOut(Schema):
    id: int
    state: StateName
    urgency: Literal["green", "yellow", "red"]
    municipality_id: int
    unit: UnitOut
    claimed: bool = Field(description="Claimed by a worker (or a client) of the municipality")
    outcome: OutcomeName | None
    sent_at: datetime
    deadline_at: datetime
    received_at: datetime | None
    taken_over_at: datetime | None
    closed_at: datetime | None
    updated_at: datetime = Field(description="The last change of state or claim")


class ReferralPage(Schema):
    items: list[ReferralOut]
    next_cursor: str | None = Field(description="Pass as `cursor` for the next page; null on the last page")


class AddressOut(Schema):
    street: str
    number: str
    floor: str
    door: str
    postcode: str
    city: str


class SignOut(Schema):
    code: str
    name: str
    category: str


class LegalBasisOut(Schema):
    code: str
    name: str


class TransitionOut(Schema):
    from_state: str
    to_state: str
    at: datetime
    note: str


class ReferralDetailOut(ReferralOut):
    resident_first_name: str
    address: AddressOut | None
    estate_id: int
    estate_name: str
    signs: list[SignOut]
    description: str
    consent: str
    legal_basis: LegalBasisOut | None
    legal_basis_reason: str
    routing_reason: str
    status_text: str
    return_reason: str
    transitions: list[TransitionOut]


def _with_updated_at(qs: QuerySet[Referral]) -> QuerySet[Referral]:
    last = Transition.objects.filter(referral=OuterRef("pk")).order_by("-at").values("at")[:1]
    return qs.annotate(updated_at=Subquery(last))


def item(referral: Referral) -> dict[str, Any]:
    return {
        "id": referral.pk,
        "state": referral.state,
        "urgency": referral.urgency,
        "municipality_id": referral.municipality_id,
        "unit": {"id": referral.unit.pk, "name": referral.unit.name, "kind": referral.unit.kind},
        "claimed": referral.claimed_by_id is not None,
        "outcome": referral.outcome or None,
        "sent_at": referral.sent_at,
        "deadline_at": referral.deadline_at,
        "received_at": referral.received_at,
        "taken_over_at": referral.taken_over_at,
        "closed_at": referral.closed_at,
        "updated_at": getattr(referral, "updated_at", None) or referral.sent_at,
    }


def referral_for(request: HttpRequest, referral_id: int) -> Referral:
    """The referral if the client may see it; 404 for "missing" and "not yours" alike."""
    qs = _with_updated_at(Referral.objects.select_related(
        "unit", "observation__estate", "observation__dwelling", "observation__legal_basis"))
    return get_for_user(principal(request), Referral, qs, pk=referral_id)


UPDATED_SINCE = Query(None, description="Only referrals changed (state or claim) at or after this time")


@router.get("", response=ReferralPage, url_name="referral_list", summary="List referrals")
@requires_scope("referrals:read")
def list_referrals(
    request: HttpRequest,
    state: StateName | None = None,
    updated_since: IsoDateTime | None = UPDATED_SINCE,
    cursor: str | None = None,
    limit: Limit = DEFAULT_LIMIT,
) -> dict[str, Any]:
    """The referrals to the client's municipality, oldest first, by state and time of change."""
    caller = principal(request)
    qs = _with_updated_at(scoped(caller, Referral).select_related("unit"))
    if state:
        qs = qs.filter(state=state)
    if updated_since:
        qs = qs.filter(**{"updated_at__gte": aware(updated_since)})  # an annotation the stubs cannot see
    rows, next_cursor = page(qs, cursor, limit)
    log_read(request, action=Action.SEARCH, object_type="referrals.referral", what=gettext_noop("list of referrals"))
    return {"items": [item(r) for r in rows], "next_cursor": next_cursor}


def detail(referral: Referral) -> dict[str, Any]:
    observation = referral.observation
    dwelling = observation.dwelling
    return {
        **item(referral),
        "resident_first_name": observation.resident_first_name,
        "address": None if dwelling is None else {
            "street": dwelling.street, "number": dwelling.number, "floor": dwelling.floor, "door": dwelling.door,
            "postcode": dwelling.postcode, "city": dwelling.city,
        },
        "estate_id": observation.estate_id,
        "estate_name": observation.estate.name,
        "signs": [{"code": s.code, "name": s.name, "category": s.category.code}
                  for s in observation.signs.select_related("category")],
        "description": observation.description,
        "consent": observation.consent,
        "legal_basis": None if observation.legal_basis is None else {
            "code": observation.legal_basis.code, "name": observation.legal_basis.name},
        "legal_basis_reason": observation.legal_basis_reason,
        "routing_reason": referral.routing_reason,
        "status_text": referral.status_text,
        "return_reason": referral.return_reason,
        "transitions": [{"from_state": t.from_state, "to_state": t.to_state, "at": t.at, "note": t.note}
                        for t in referral.transitions.all()],
    }


@router.get("/{int:referral_id}", response=ReferralDetailOut, url_name="referral_detail", summary="Read a referral")
@requires_scope("referrals:read")
def read_referral(request: HttpRequest, referral_id: int) -> dict[str, Any]:
    """Everything the municipality needs to act on the referral; each read is in the access log."""
    referral = referral_for(request, referral_id)
    log_read(request, obj=referral, organisation_id=referral.municipality_id, what=gettext_noop("referral read"))
    return detail(referral)


# --- Transitions -----------------------------------------------------------------------------


class TakeOverIn(Schema):
    status_text: FreeText(200) = ""  # type: ignore[valid-type]


class CloseIn(Schema):
    outcome: OutcomeName
    status_text: FreeText(200) = ""  # type: ignore[valid-type]


class ReturnIn(Schema):
    reason: FreeText(1000, min_length=1)  # type: ignore[valid-type]


def act(request: HttpRequest, referral_id: int, step: str, **data: Any) -> dict[str, Any]:
    """Take one step of the state machine as the client; 409 when its guard refuses."""
    caller = principal(request)
    referral = referral_for(request, referral_id)
    try:
        if step == "receive":
            if not services.can_receive(referral):
                raise services.TransitionNotAllowed("Only a sent referral can be received.")
            services.receive(referral, actor=caller, request=request)
        elif step == "claim":
            services.claim(referral, actor=caller, request=request)
        elif step == "take_over":
            services.take_over(referral, actor=caller, request=request, **data)
        elif step == "close":
            services.close(referral, actor=caller, request=request, **data)
        elif step == "return":
            services.return_to_reporter(referral, actor=caller, request=request, **data)
    except services.TransitionNotAllowed as refusal:
        raise Conflict(str(refusal)) from None
    return item(referral_for(request, referral_id))


@router.post("/{int:referral_id}/receive", response=ReferralOut, url_name="referral_receive",
             summary="Mark a sent referral received")
@requires_scope("referrals:write")
def receive_referral(request: HttpRequest, referral_id: int) -> dict[str, Any]:
    return act(request, referral_id, "receive")


@router.post("/{int:referral_id}/claim", response=ReferralOut, url_name="referral_claim", summary="Claim a referral")
@requires_scope("referrals:write")
def claim_referral(request: HttpRequest, referral_id: int) -> dict[str, Any]:
    """Claim for this client; when two claim at once exactly one wins, the other gets 409."""
    return act(request, referral_id, "claim")


@router.post("/{int:referral_id}/take-over", response=ReferralOut, url_name="referral_take_over",
             summary="Take over a claimed referral")
@requires_scope("referrals:write")
def take_over_referral(request: HttpRequest, referral_id: int, payload: TakeOverIn) -> dict[str, Any]:
    return act(request, referral_id, "take_over", status_text=payload.status_text)


@router.post("/{int:referral_id}/close", response=ReferralOut, url_name="referral_close",
             summary="Close a taken-over referral with its outcome")
@requires_scope("referrals:write")
def close_referral(request: HttpRequest, referral_id: int, payload: CloseIn) -> dict[str, Any]:
    return act(request, referral_id, "close", outcome=payload.outcome, status_text=payload.status_text)


@router.post("/{int:referral_id}/return", response=ReferralOut, url_name="referral_return",
             summary="Return a referral to the reporter with a reason")
@requires_scope("referrals:write")
def return_referral(request: HttpRequest, referral_id: int, payload: ReturnIn) -> dict[str, Any]:
    return act(request, referral_id, "return", reason=payload.reason)


# --- FHIR R4 --------------------------------------------------------------------------------


def _fhir_bundle(request: HttpRequest, referral_id: int) -> dict[str, Any]:
    caller = principal(request)
    qs = _with_updated_at(Referral.objects.select_related(
        "unit", "municipality__municipality", "observation__estate__housing_organisation",
        "observation__dwelling", "observation__legal_basis"))
    referral = get_for_user(caller, Referral, qs, pk=referral_id)
    signs = list(referral.observation.signs.select_related("category"))
    return fhir.bundle(referral, signs, getattr(referral, "updated_at", None))


@router.get("/{int:referral_id}/fhir", response=dict[str, Any], url_name="referral_fhir",
            summary="The referral as a FHIR R4 Bundle", openapi_extra={
                "responses": {"200": {"description": "A FHIR R4 Bundle (application/fhir+json)"}}})
@requires_scope("referrals:read")
def referral_fhir(request: HttpRequest, referral_id: int) -> Any:
    """ServiceRequest, Task (the closed loop), Patient (first name and address only), Consent and
    Organizations, after the Gravity SDOH referral pattern; each read is in the access log."""
    body = _fhir_bundle(request, referral_id)
    log_read(request, action=Action.EXPORT, object_type="referrals.referral", object_id=referral_id,
             what=gettext_noop("referral exported as FHIR"))
    return body


class TaskStatusIn(Schema):
    status: Literal["received", "accepted", "completed", "rejected"]
    outcome: OutcomeName | None = Field(None, description="Required with status completed")
    status_reason: FreeText(1000) = Field("", description="Required with status rejected: why it is returned")  # type: ignore[valid-type]
    business_status: FreeText(200) = Field("", description="Status text for the reporter")  # type: ignore[valid-type]


@router.patch("/{int:referral_id}/fhir/task", response=dict[str, Any], url_name="referral_fhir_task",
              summary="Update the FHIR Task's status (the same transitions as the queue)")
@requires_scope("referrals:write")
def update_fhir_task(request: HttpRequest, referral_id: int, payload: TaskStatusIn) -> Any:
    """received → receive; accepted → claim (when unclaimed) and take over; completed → close with
    `outcome`; rejected → return with `status_reason`. Answers the Task as it is now."""
    caller = principal(request)
    referral = referral_for(request, referral_id)
    if payload.status == "completed" and not payload.outcome:
        raise InvalidField("body.outcome", "A completed task needs its outcome.")
    if payload.status == "rejected" and not payload.status_reason.strip():
        raise InvalidField("body.status_reason", "Say why the referral is returned.")
    try:
        if payload.status == "received":
            if services.can_receive(referral):
                services.receive(referral, actor=caller, request=request)
        elif payload.status == "accepted":
            if services.can_claim(referral):
                referral = services.claim(referral, actor=caller, request=request)
            services.take_over(referral, actor=caller, status_text=payload.business_status, request=request)
        elif payload.status == "completed":
            services.close(referral, actor=caller, outcome=str(payload.outcome),
                           status_text=payload.business_status, request=request)
        else:
            services.return_to_reporter(referral, actor=caller, reason=payload.status_reason, request=request)
    except services.TransitionNotAllowed as refusal:
        raise Conflict(str(refusal)) from None
    return fhir.task_of(_fhir_bundle(request, referral_id))
