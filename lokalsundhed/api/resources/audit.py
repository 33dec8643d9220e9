"""The access log of the client's organisation, for auditors' tools (read)."""

from datetime import datetime
from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext_noop
from ninja import Router, Schema

from lokalsundhed.api.access import log_read, principal
from lokalsundhed.api.paging import DEFAULT_LIMIT, page
from lokalsundhed.api.schemas import IsoDateTime, Limit, aware
from lokalsundhed.audit.models import Action, Entry
from lokalsundhed.core.access import requires_scope, scoped

PREFIX = "audit"
router = Router(tags=["access log"])


class EntryOut(Schema):
    id: int
    at: datetime
    actor: str
    organisation_id: int | None
    action: str
    object_type: str
    object_id: str
    purpose: str
    ip_address: str | None
    path: str


class EntryPage(Schema):
    items: list[EntryOut]
    next_cursor: str | None


@router.get("/entries", response=EntryPage, url_name="audit_entries", summary="Read the access log")
@requires_scope("audit:read")
def list_entries(request: HttpRequest, since: IsoDateTime | None = None, object_type: str | None = None,
                 object_id: str | None = None, cursor: str | None = None,
                 limit: Limit = DEFAULT_LIMIT) -> dict[str, Any]:
    """Entries of the client's organisation, oldest first; reading it is itself logged."""
    qs = scoped(principal(request), Entry)
    if since:
        qs = qs.filter(at__gte=aware(since))
    if object_type:
        qs = qs.filter(object_type=object_type[:100])
    if object_id:
        qs = qs.filter(object_id=object_id[:64])
    rows, next_cursor = page(qs, cursor, limit)
    log_read(request, action=Action.SEARCH, object_type="audit.entry", what=gettext_noop("access log read"))
    return {"items": [{
        "id": e.pk, "at": e.at, "actor": e.actor_label, "organisation_id": e.organisation_id, "action": e.action,
        "object_type": e.object_type, "object_id": e.object_id, "purpose": e.purpose, "ip_address": e.ip_address,
        "path": e.path,
    } for e in rows], "next_cursor": next_cursor}
