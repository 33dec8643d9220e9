"""Writes of a data subject's access request: its entries in the access log."""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction
from django.http import HttpRequest
from django.utils.translation import gettext_noop

from lokalsundhed.accounts.models import User
from lokalsundhed.audit.models import Action
from lokalsundhed.audit.services import record
from lokalsundhed.core.subject_access import Subject

# The object of an entry about a resident known only by mobile number or e-mail: never the values.
RESIDENT_OBJECT_TYPE = "subject_access.resident"


def record_request(*, actor: User, action: Action, kind: str, subject: Subject,
                   organisation_ids: Iterable[int | None], request: HttpRequest | None = None) -> None:
    """One access-log entry per organisation the request is made for, before any data leaves.

    The purpose names the format and which identifiers were given — never their values — e.g.
    `data-subject access request: pdf; dwelling, first_name, phone`. Not the language the export is
    written in: which language a household reads would stay in the sealed log after retention.
    """
    purpose = gettext_noop("data-subject access request") + f": {kind}; {', '.join(subject.identifiers)}"
    # All entries or none; inside a caller's transaction no savepoint is needed for that.
    with transaction.atomic(savepoint=False):
        for organisation_id in organisation_ids:
            if subject.dwelling is not None:
                record(actor=actor, action=action, obj=subject.dwelling, organisation_id=organisation_id,
                       purpose=purpose, request=request)
            else:
                record(actor=actor, action=action, object_type=RESIDENT_OBJECT_TYPE,
                       organisation_id=organisation_id, purpose=purpose, request=request)
