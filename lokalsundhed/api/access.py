"""What an API operation asks of its caller, and the access-log rows of API reads.

Operations of any capability's router use these with `core.access.requires_scope` (or check
`request.auth.has_role_perm(Perm.X)` themselves): the principal in `request.auth` holds exactly its scopes' permissions.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import Model
from django.http import HttpRequest

from lokalsundhed.api.models import ClientPrincipal
from lokalsundhed.audit.models import Action
from lokalsundhed.audit.services import record


def principal(request: HttpRequest) -> ClientPrincipal:
    caller = getattr(request, "auth", None)
    if not isinstance(caller, ClientPrincipal):
        raise PermissionDenied("This operation needs an API client's token.")
    return caller


def log_read(request: HttpRequest, *, action: Action = Action.READ, obj: Model | None = None,
             object_type: str = "", object_id: str | int = "", organisation_id: int | None = None, what: str = "") -> None:
    """One access-log row for an API read of personal data: the client (its service account) and
    its declared purpose."""
    caller = principal(request)
    # The words first, then the client and its declared purpose as data (audit/labels.py).
    purpose = what + ": " + caller.audit_purpose if what else caller.audit_purpose
    record(actor=caller, action=action, obj=obj, object_type=object_type, object_id=object_id,
           organisation_id=organisation_id if organisation_id is not None else caller.client.organisation_id,
           purpose=purpose, request=request)
