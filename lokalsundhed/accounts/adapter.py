"""django-allauth hooks: no self sign-up, the lock-out after repeated failed logins (at the password
and at the one-time code alike), the first two-factor set-up right after login without the
password a second time, and the login by a code's refusals in our words."""

from __future__ import annotations

import time
from datetime import UTC, datetime
from typing import Any

from allauth.account.adapter import DefaultAccountAdapter
from allauth.account.internal.flows.login import get_authentication_records
from allauth.account.internal.stagekit import clear_login
from allauth.core import context
from allauth.mfa.adapter import DefaultMFAAdapter
from allauth.mfa.models import Authenticator
from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext_lazy as _

from lokalsundhed.accounts.services import LOCKED_OUT, find_user_by_email, lockout_if_needed

# The first second factor may be set up without typing the password again this long after the
# login that led to it: long enough to install an authenticator app, within the idle time-out.
FIRST_SETUP_SECONDS = 15 * 60


class AccountAdapter(DefaultAccountAdapter):
    # The login by a code is how volunteers log in: its refusals in our words, which the resident
    # languages translate.
    error_messages = {
        **DefaultAccountAdapter.error_messages,
        "incorrect_code": _("The code is not right. Check it, or send a new code."),
        "too_many_login_attempts": _("Too many attempts. Wait a little, then try again."),
        "rate_limited": _("Too many attempts. Wait a little, then try again."),
    }

    def is_open_for_signup(self, request: HttpRequest) -> bool:
        # Staff accounts are created by an administrator of their organisation.
        return False

    def pre_authenticate(self, request: HttpRequest, **credentials: Any) -> None:
        user = find_user_by_email(credentials.get("email", ""))
        if user is not None and lockout_if_needed(user, request=request):
            raise forms.ValidationError(LOCKED_OUT)
        super().pre_authenticate(request, **credentials)

    def pre_login(self, request: HttpRequest, user: Any, **kwargs: Any) -> HttpResponse | None:
        """Every way in stops at the lock-out: a login by one-time code asks for no password, so
        `pre_authenticate` never saw it, and a role without a second factor (an analyst, a
        volunteer) would be in with the code alone."""
        if lockout_if_needed(user, request=request):
            clear_login(request)
            messages.error(request, LOCKED_OUT)
            return redirect("account_login")
        return super().pre_login(request, user, **kwargs)

    def is_reauthentication_required(self, *, app: str, **kwargs: Any) -> bool:
        """Setting up one's first second factor right after logging in is one step.

        allauth asks for the password again before any change to two-factor, unless the session
        re-authenticated recently — and a fresh login does not count as that. Someone whose role
        requires two-factor is sent to set it up straight after the password, so they would type
        it twice in a minute. The password just given is proof enough while it is fresh and the
        account had no second factor before it: anything set up in this session since then may
        be finished (the recovery codes shown after the first authenticator) without asking again.
        """
        request = context.request
        if app == "allauth.mfa" and request is not None and _setting_up_first_factor(request):
            return False
        return super().is_reauthentication_required(app=app, **kwargs)


class MFAAdapter(DefaultMFAAdapter):
    def can_delete_authenticator(self, authenticator: Authenticator) -> bool:
        """Someone whose role reaches personal data may swap a second factor, never drop the last one."""
        user = authenticator.user
        if not user.requires_two_factor or authenticator.type == Authenticator.Type.RECOVERY_CODES:
            return True
        others = Authenticator.objects.filter(user=user).exclude(pk=authenticator.pk)
        return others.exclude(type=Authenticator.Type.RECOVERY_CODES).exists()


def _setting_up_first_factor(request: HttpRequest) -> bool:
    user = request.user
    if not user.is_authenticated:
        return False
    logins = [r for r in get_authentication_records(request, user) if r.get("method") == "password"]
    if not logins or time.time() - logins[-1]["at"] > FIRST_SETUP_SECONDS:
        return False
    logged_in_at = datetime.fromtimestamp(logins[-1]["at"], tz=UTC)
    return not Authenticator.objects.filter(user=user, created_at__lt=logged_in_at).exists()
