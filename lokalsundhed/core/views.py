"""The start page and the pages shown when access is refused."""

from __future__ import annotations

import logging

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from lokalsundhed.audit.models import Action
from lokalsundhed.audit.services import record
from lokalsundhed.core.access import AuthedRequest, login_only

logger = logging.getLogger("lokalsundhed.access")


@login_only
def home(request: AuthedRequest) -> HttpResponse:
    """The member's overview: their organisations and roles, and where to go next."""
    return render(request, "core/home.html", {"memberships": request.user.active_memberships})


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """403: logged in the access log, and a plain explanation for the person."""
    user = getattr(request, "user", None)
    logger.warning("access refused to %s for user %s", request.path, getattr(user, "pk", None))
    record(
        actor=user if user is not None and user.is_authenticated else None,
        action=Action.DENIED,
        purpose="missing permission",
        request=request,
    )
    return render(request, "403.html", status=403)
