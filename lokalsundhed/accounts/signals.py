"""Every login attempt lands in the login history and the access log — a wrong second-factor
code and a wrong one-time login code too, so that they count toward the account's lock-out like a
wrong password."""

from __future__ import annotations

from typing import Any

from allauth.account.signals import login_code_rejected
from allauth.mfa.signals import authentication_failed
from django.contrib.auth.signals import user_logged_in, user_login_failed
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from lokalsundhed.accounts.models import Membership
from lokalsundhed.accounts.services import (
    bump_memberships_version,
    find_user_by_email,
    record_login_attempt,
)
from lokalsundhed.organisations.models import Organisation


@receiver(user_logged_in)
def on_login(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    record_login_attempt(email=user.email, user=user, succeeded=True, request=request)


@receiver(user_login_failed)
def on_login_failed(sender: Any, credentials: dict[str, Any], request: Any = None, **kwargs: Any) -> None:
    email = str(credentials.get("email") or credentials.get("username") or "")
    record_login_attempt(email=email, user=find_user_by_email(email), succeeded=False, request=request)


@receiver(authentication_failed)
def on_second_factor_failed(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    """A wrong TOTP or recovery code, at login or when confirming one's identity again."""
    record_login_attempt(email=user.email, user=user, succeeded=False, request=request, second_factor=True)


@receiver(login_code_rejected)
def on_login_code_rejected(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    """A wrong one-time code asked for at the login without a password (volunteers; staff may use it)."""
    record_login_attempt(email=user.email, user=user, succeeded=False, request=request, one_time_code=True)


@receiver(post_save, sender=Membership)
@receiver(post_delete, sender=Membership)
def on_membership_changed(sender: Any, instance: Membership, raw: bool = False, **kwargs: Any) -> None:
    """Every change of a role — through the services, the admin or a fixture — shows at once."""
    if not raw:
        bump_memberships_version(user_ids=[instance.user_id])


@receiver(post_save, sender=Organisation)
def on_organisation_changed(sender: Any, instance: Organisation, created: bool, raw: bool = False,
                            **kwargs: Any) -> None:
    """An organisation closed (or renamed) changes what its members' kept memberships say."""
    if not created and not raw:
        bump_memberships_version(organisation_id=instance.pk)
