"""Reads of people: the members of the organisations an administrator manages, with the roles
they hold there. Always through `scoped()`."""

from __future__ import annotations

from typing import Any

from django.db.models import Prefetch, QuerySet

from lokalsundhed.accounts.models import Membership, User, recent_failures_subquery
from lokalsundhed.core.access import scoped
from lokalsundhed.core.permissions import Perm


def managed_members(user: Any) -> QuerySet[User]:
    """The members of the user's managed organisations, each with `managed_memberships` (the
    memberships there, with their organisation) and `recent_failures` (failed logins counted
    for the lock-out): one query for the page of users, one for their memberships."""
    managed = user.organisation_ids_with(Perm.MANAGE_MEMBERS)
    return (
        scoped(user, User)
        .filter(memberships__organisation_id__in=managed)
        .distinct()
        .prefetch_related(
            Prefetch(
                "memberships",
                queryset=scoped(user, Membership).filter(organisation_id__in=managed).select_related("organisation"),
                to_attr="managed_memberships",
            )
        )
        .annotate(recent_failures=recent_failures_subquery())
        .order_by("full_name", "email")
    )
