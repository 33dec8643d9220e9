"""The access log listens to core's signals (core sits below audit and cannot import it)."""

from __future__ import annotations

from typing import Any

from django.dispatch import receiver

from lokalsundhed.audit.models import Action
from lokalsundhed.audit.services import record
from lokalsundhed.core.signals import access_refused


@receiver(access_refused, dispatch_uid="audit.access_refused")
def log_refusal(sender: Any, *, actor: Any, object_type: str = "", object_id: str = "", purpose: str = "",
                request: Any = None, **kwargs: Any) -> None:
    """Every refusal is one row of the access log."""
    record(actor=actor, action=Action.DENIED, object_type=object_type, object_id=object_id,
           purpose=purpose, request=request)
