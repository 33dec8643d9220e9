"""Practical-help errands of the client's housing organisation (read)."""

from datetime import datetime
from typing import Any, Literal

from django.http import HttpRequest
from django.utils.translation import gettext_noop
from ninja import Router, Schema

from lokalsundhed.api.access import log_read, principal
from lokalsundhed.api.paging import DEFAULT_LIMIT, page
from lokalsundhed.api.schemas import Limit
from lokalsundhed.audit.models import Action
from lokalsundhed.core.access import get_for_user, requires_scope, scoped
from lokalsundhed.errands.models import Errand

PREFIX = "errands"
router = Router(tags=["errands"])

StateName = Literal["open", "taken", "done", "cancelled"]


class ErrandOut(Schema):
    id: int
    state: StateName
    estate_id: int
    task: str
    created_at: datetime
    taken_at: datetime | None
    done_at: datetime | None
    minutes: int | None


class ErrandPage(Schema):
    items: list[ErrandOut]
    next_cursor: str | None


class ErrandDetailOut(ErrandOut):
    resident_first_name: str
    address: str
    phone: str
    note: str
    when: str


def _errand(errand: Errand) -> dict[str, Any]:
    return {"id": errand.pk, "state": errand.state, "estate_id": errand.estate_id, "task": errand.errand_type.name,
            "created_at": errand.created_at, "taken_at": errand.taken_at, "done_at": errand.done_at,
            "minutes": errand.minutes}


@router.get("", response=ErrandPage, url_name="errand_list", summary="List errands")
@requires_scope("errands:read")
def list_errands(request: HttpRequest, state: StateName | None = None, cursor: str | None = None,
                 limit: Limit = DEFAULT_LIMIT) -> dict[str, Any]:
    qs = scoped(principal(request), Errand).select_related("errand_type").filter(anonymised_at__isnull=True)
    if state:
        qs = qs.filter(state=state)
    rows, next_cursor = page(qs, cursor, limit)
    log_read(request, action=Action.SEARCH, object_type="errands.errand", what=gettext_noop("list of errands"))
    return {"items": [_errand(e) for e in rows], "next_cursor": next_cursor}


@router.get("/{int:errand_id}", response=ErrandDetailOut, url_name="errand_detail", summary="Read an errand")
@requires_scope("errands:read")
def read_errand(request: HttpRequest, errand_id: int) -> dict[str, Any]:
    qs = Errand.objects.select_related("errand_type", "dwelling", "estate")
    errand = get_for_user(principal(request), Errand, qs, pk=errand_id)
    log_read(request, obj=errand, organisation_id=errand.estate.housing_organisation_id, what=gettext_noop("errand read"))
    return {**_errand(errand), "resident_first_name": errand.resident_first_name, "address": errand.where,
            "phone": errand.phone, "note": errand.note, "when": errand.when}
