"""Every write about people: login attempts, lock-outs and their release."""

from __future__ import annotations

import logging

from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lokalsundhed.accounts.models import LoginAttempt, User, is_locked_out
from lokalsundhed.audit.models import Action
from lokalsundhed.audit.services import client_ip, record

logger = logging.getLogger("lokalsundhed.accounts")

LOCKED_OUT = _(
    "This account is locked after too many failed logins. It opens again after "
    "24 hours, or when an administrator of your organisation releases it."
)


def find_user_by_email(email: str) -> User | None:
    if not email:
        return None
    return User.objects.filter(email__iexact=email.strip()).first()


def record_login_attempt(*, email: str, user: User | None, succeeded: bool, request: HttpRequest | None,
                         second_factor: bool = False) -> None:
    """Write the attempt to the login history and the access log. A failed attempt, with the
    password or the second factor, counts toward the account's lock-out (`is_locked_out`)."""
    ip = client_ip(request)
    LoginAttempt.objects.create(email=email[:254], user=user, succeeded=succeeded, ip_address=ip)
    record(
        actor=user,
        actor_label=email[:254],
        action=Action.LOGIN if succeeded else Action.LOGIN_FAILED,
        object_type="accounts.user",
        object_id=user.pk if user else "",
        purpose="second factor" if second_factor else "",
        request=request,
    )
    logger.info("login %s%s for user id %s", "succeeded" if succeeded else "failed",
                " (second factor)" if second_factor else "", user.pk if user else "-")


def lockout_if_needed(user: User, *, request: HttpRequest | None = None) -> bool:
    """True (and logged) when the user is locked out right now."""
    if not is_locked_out(user):
        return False
    record(actor=user, action=Action.LOCKED_OUT, object_type="accounts.user", object_id=user.pk, request=request)
    logger.warning("login refused: user id %s is locked out", user.pk)
    return True


@transaction.atomic
def release_lockout(user: User, *, actor: User, request: HttpRequest | None = None) -> None:
    """An administrator lets a locked-out user try again now."""
    user.lockout_released_at = timezone.now()
    user.save(update_fields=["lockout_released_at"])
    record(actor=actor, action=Action.CHANGE, obj=user, purpose="released lock-out", request=request)
