"""The start page (the overview of what needs the person now) and the pages shown when access
is refused."""

from __future__ import annotations

import logging

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext_noop

from lokalsundhed.core.access import AuthedRequest, public
from lokalsundhed.core.languages import resident_page
from lokalsundhed.core.overview import overview_for
from lokalsundhed.core.signals import access_refused

logger = logging.getLogger("lokalsundhed.access")


@public
def home(request: AuthedRequest) -> HttpResponse:
    """The member's overview: per role, what needs them now (counts only, see core/overview.py);
    then their organisations and roles, and where to go next. A visitor who is not logged in is
    most likely a resident: they are sent to the residents' entrance, which links to the login."""
    if not request.user.is_authenticated:
        return redirect("core:residents")
    context = {"memberships": request.user.active_memberships, "overview": overview_for(request.user)}
    return render(request, "core/home.html", context)


@public
@resident_page
def residents(request: HttpRequest) -> HttpResponse:
    """The residents' entrance, in their language: what is going on near them, the help guide and
    practical help at home. Volunteers and staff reach their logins from here."""
    return render(request, "core/residents.html", {"page_languages": "resident"})


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """403: logged in the access log, and a plain explanation for the person."""
    user = getattr(request, "user", None)
    logger.warning("access refused to %s for user %s", request.path, getattr(user, "pk", None))
    access_refused.send(
        sender=permission_denied,
        actor=user if user is not None and user.is_authenticated else None,
        purpose=gettext_noop("missing permission"),
        request=request,
    )
    return render(request, "403.html", status=403)
