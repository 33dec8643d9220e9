"""The access log listens to core's signals (core sits below audit and cannot import it)."""

from __future__ import annotations

from typing import Any

from django.dispatch import receiver
from django.utils.translation import gettext_noop

from lokalsundhed.audit.models import Action
from lokalsundhed.audit.services import record
from lokalsundhed.core.signals import access_refused, changed_in_admin


@receiver(access_refused, dispatch_uid="audit.access_refused")
def log_refusal(sender: Any, *, actor: Any, object_type: str = "", object_id: str = "", purpose: str = "",
                request: Any = None, **kwargs: Any) -> None:
    """Every refusal is one row of the access log."""
    record(actor=actor, action=Action.DENIED, object_type=object_type, object_id=object_id,
           purpose=purpose, request=request)


def _organisation_id(obj: Any) -> int | None:
    """Whose data it is, where the record says so directly."""
    for name in ("organisation_id", "housing_organisation_id"):
        value = getattr(obj, name, None)
        if isinstance(value, int):
            return value
    return None


# What the log says of a change on the admin site (translated when shown, audit/labels.py).
ADMIN_PURPOSES: dict[str, str] = {
    Action.CREATE: gettext_noop("admin create"),
    Action.CHANGE: gettext_noop("admin change"),
    Action.DELETE: gettext_noop("admin delete"),
}


@receiver(changed_in_admin, dispatch_uid="audit.changed_in_admin")
def log_admin_change(sender: Any, *, actor: Any, action: str, obj: Any, fields: list[str] | None = None,
                     request: Any = None, **kwargs: Any) -> None:
    """Every save and delete on the admin site is one row, naming the fields, never their values."""
    purpose = ADMIN_PURPOSES.get(action, f"admin {action}") + (f": {', '.join(fields)}" if fields else "")
    record(actor=actor, action=action, obj=obj, organisation_id=_organisation_id(obj), purpose=purpose,
           request=request)
