"""Every write about people: login attempts, lock-outs and their release, and memberships (the
roles that grant access to personal data) — each with a row of the access log."""

from __future__ import annotations

import logging
from collections.abc import Iterable

from django.db import transaction
from django.db.models import F
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from lokalsundhed.accounts.models import LoginAttempt, Membership, User, is_locked_out
from lokalsundhed.audit.models import Action
from lokalsundhed.audit.services import client_ip, record
from lokalsundhed.organisations.models import Organisation

logger = logging.getLogger("lokalsundhed.accounts")

LOCKED_OUT = _(
    "This account is locked after too many failed logins. It opens again after "
    "24 hours, or when an administrator of your organisation releases it."
)


# The access log's "who" for a failed login with an address that is no account's.
NO_ACCOUNT = gettext_noop("an address of no account")


def find_user_by_email(email: str) -> User | None:
    if not email:
        return None
    return User.objects.filter(email__iexact=email.strip()).first()


def record_login_attempt(*, email: str, user: User | None, succeeded: bool, request: HttpRequest | None,
                         second_factor: bool = False, one_time_code: bool = False) -> None:
    """Write the attempt to the login history and the access log. A failed attempt, with the
    password, the second factor or a one-time login code, counts toward the account's lock-out
    (`is_locked_out`)."""
    how = gettext_noop("second factor") if second_factor else gettext_noop("one-time code") if one_time_code else ""
    ip = client_ip(request)
    LoginAttempt.objects.create(email=email[:254], user=user, succeeded=succeeded, ip_address=ip)
    record(
        actor=user,
        # What was typed may be anyone's address, or a password in the wrong field: it stays in the
        # login history, which is pruned, not in the sealed access log, which is kept for years.
        actor_label=user.email if user is not None else NO_ACCOUNT,
        action=Action.LOGIN if succeeded else Action.LOGIN_FAILED,
        object_type="accounts.user",
        object_id=user.pk if user else "",
        purpose=how,
        request=request,
    )
    logger.info("login %s%s for user id %s", "succeeded" if succeeded else "failed",
                f" ({how})" if how else "", user.pk if user else "-")


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
    record(actor=actor, action=Action.CHANGE, obj=user, purpose=gettext_noop("released lock-out"), request=request)


# --- Memberships: who gave whom which role ----------------------------------------------------


def bump_memberships_version(*, user_ids: Iterable[int] | None = None,
                             organisation_id: int | None = None) -> None:
    """Invalidate the copies of memberships kept in sessions (`accounts/membership_cache.py`) of the
    given users, or of every member of the organisation. Called from `accounts/signals.py` on every
    save or delete of a membership or organisation, inside the writer's transaction."""
    users = User.objects.all()
    if organisation_id is not None:
        users = users.filter(pk__in=Membership.objects.filter(organisation_id=organisation_id).values("user_id"))
    elif user_ids is not None:
        users = users.filter(pk__in=list(user_ids))
    else:
        return
    users.update(memberships_version=F("memberships_version") + 1)


@transaction.atomic
def grant_membership(*, user: User, organisation: Organisation, role: str, actor: User | None,
                     actor_label: str = "", request: HttpRequest | None = None) -> Membership:
    """Give `user` `role` in `organisation` (nothing changes when they hold it already).
    `actor_label` names a system actor (a command) when there is no person."""
    membership, created = Membership.objects.get_or_create(
        user=user, organisation=organisation, role=role, defaults={"created_by": actor}
    )
    if created:
        record(actor=actor, actor_label=actor_label, action=Action.CREATE, obj=membership,
               organisation_id=organisation.pk, purpose=gettext_noop("role granted to user %s") % user.pk + f": {role}", request=request)
    return membership


@transaction.atomic
def change_membership(membership: Membership, *, organisation: Organisation, role: str, actor: User | None,
                      actor_label: str = "", request: HttpRequest | None = None) -> Membership:
    """Move a membership to another role or organisation; the log keeps what it was."""
    current = Membership.objects.select_for_update().get(pk=membership.pk)
    if (current.organisation_id, current.role) == (organisation.pk, role):
        return current
    # Roles and organisations' ids after the colon: data, not words (audit/labels.py).
    purpose = (gettext_noop("role changed for user %s") % current.user_id
               + f": {current.role} ({current.organisation_id}) → {role} ({organisation.pk})")
    current.organisation, current.role = organisation, role
    current.save(update_fields=["organisation", "role"])
    record(actor=actor, actor_label=actor_label, action=Action.CHANGE, obj=current, organisation_id=organisation.pk,
           purpose=purpose, request=request)
    return current


@transaction.atomic
def end_membership(membership: Membership, *, actor: User | None, actor_label: str = "",
                   request: HttpRequest | None = None) -> None:
    """Take a role away."""
    pk, user_id, role, organisation_id = membership.pk, membership.user_id, membership.role, membership.organisation_id
    membership.delete()
    record(actor=actor, actor_label=actor_label, action=Action.DELETE, object_type="accounts.membership",
           object_id=pk, organisation_id=organisation_id, purpose=gettext_noop("role taken from user %s") % user_id + f": {role}",
           request=request)
