"""django-allauth hooks: no self sign-up, and the lock-out after repeated failed logins."""

from __future__ import annotations

from typing import Any

from allauth.account.adapter import DefaultAccountAdapter
from allauth.mfa.adapter import DefaultMFAAdapter
from allauth.mfa.models import Authenticator
from django import forms
from django.http import HttpRequest
from django.utils.translation import gettext as _

from lokalsundhed.accounts.services import find_user_by_email, lockout_if_needed


class AccountAdapter(DefaultAccountAdapter):
    def is_open_for_signup(self, request: HttpRequest) -> bool:
        # Staff accounts are created by an administrator of their organisation.
        return False

    def pre_authenticate(self, request: HttpRequest, **credentials: Any) -> None:
        user = find_user_by_email(credentials.get("email", ""))
        if user is not None and lockout_if_needed(user, request=request):
            raise forms.ValidationError(
                _(
                    "This account is locked after too many failed logins. It opens again after "
                    "24 hours, or when an administrator of your organisation releases it."
                )
            )
        super().pre_authenticate(request, **credentials)


class MFAAdapter(DefaultMFAAdapter):
    def can_delete_authenticator(self, authenticator: Authenticator) -> bool:
        """Someone whose role reaches personal data may swap a second factor, never drop the last one."""
        user = authenticator.user
        if not user.requires_two_factor or authenticator.type == Authenticator.Type.RECOVERY_CODES:
            return True
        others = Authenticator.objects.filter(user=user).exclude(pk=authenticator.pk)
        return others.exclude(type=Authenticator.Type.RECOVERY_CODES).exists()
