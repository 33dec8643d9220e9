"""Session hygiene: idle time-out, and two-factor for everyone who can see personal data."""

from __future__ import annotations

import time
from collections.abc import Callable

from allauth.mfa.utils import is_mfa_enabled
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _

LAST_SEEN_KEY = "last_seen"
# Writing the session on every request would cost a query each time; a minute's slack is enough.
TOUCH_INTERVAL_SECONDS = 60


class IdleTimeoutMiddleware:
    """Logs the user out after SESSION_IDLE_TIMEOUT_MINUTES without a request."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.user.is_authenticated:
            now = time.time()
            last_seen = request.session.get(LAST_SEEN_KEY, now)
            if now - last_seen > settings.SESSION_IDLE_TIMEOUT_MINUTES * 60:
                logout(request)
                messages.info(request, _("You were logged out after a period of inactivity."))
                return redirect(f"{reverse('account_login')}?next={request.path}")
            if now - last_seen >= TOUCH_INTERVAL_SECONDS or LAST_SEEN_KEY not in request.session:
                request.session[LAST_SEEN_KEY] = now
        return self.get_response(request)


# Pages a user without a second factor may still open: setting one up, and logging out.
_TWO_FACTOR_SETUP_PREFIXES = ("/accounts/", "/static/", "/i18n/", "/healthz", "/readyz")


TWO_FACTOR_OK_KEY = "two_factor_ok"


def has_second_factor(request: HttpRequest) -> bool:
    """True when this session logged in with a second factor, or the user has just set one up.

    Answered from the session where possible so that ordinary requests cost no query.
    """
    session = request.session
    if session.get(TWO_FACTOR_OK_KEY):
        return True
    used_mfa = any(r.get("method") == "mfa" for r in session.get("account_authentication_methods", []))
    if used_mfa or is_mfa_enabled(request.user):
        session[TWO_FACTOR_OK_KEY] = True
        return True
    return False


class RequireTwoFactorMiddleware:
    """Sends a user whose roles reach personal data to set up two-factor before anything else."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if (
            user.is_authenticated
            and not request.path.startswith(_TWO_FACTOR_SETUP_PREFIXES)
            and user.requires_two_factor
            and not has_second_factor(request)
        ):
            messages.warning(
                request,
                _("Your role gives access to personal data, so you must set up two-factor login first."),
            )
            return redirect("mfa_activate_totp")
        return self.get_response(request)
