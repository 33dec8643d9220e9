"""Reads of the administrator's API page, always through `scoped()`."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from lokalsundhed.api.grants import may_vouch_for
from lokalsundhed.api.models import ApiClient, Delivery, Webhook
from lokalsundhed.core.access import get_for_user, scoped
from lokalsundhed.core.permissions import Perm
from lokalsundhed.organisations.models import Organisation

RECENT_DELIVERIES = 20


def managed_organisation(user: Any) -> Organisation:
    """The first organisation the administrator manages (the page serves one at a time)."""
    managed = sorted(user.organisation_ids_with(Perm.MANAGE_ORGANISATION))
    return get_for_user(user, Organisation, pk=managed[0])


def clients_for(user: Any) -> QuerySet[ApiClient]:
    """The clients of the organisations the administrator manages."""
    return (scoped(user, ApiClient).filter(organisation_id__in=user.organisation_ids_with(Perm.MANAGE_ORGANISATION))
            .select_related("organisation", "created_by", "approved_by").order_by("organisation__name", "name"))


def may_approve(user: Any, client: ApiClient) -> bool:
    """Whether `user` may approve (or refuse) the client: it waits, they did not create it, and they
    hold, in its organisation, the role it acts in (with every permission of its scopes)."""
    return (client.approved_at is None and client.revoked_at is None and client.created_by_id != user.pk
            and may_vouch_for(user, client.organisation_id, client.organisation.kind, client.scopes))


def awaiting_approval(user: Any) -> list[ApiClient]:
    """The clients waiting for this user's approval: one query, then each checked against the
    user's own permissions in its organisation."""
    waiting = scoped(user, ApiClient).filter(approved_at__isnull=True, revoked_at__isnull=True) \
        .select_related("organisation", "created_by").order_by("created_at", "pk")
    return [client for client in waiting if may_approve(user, client)]


def webhooks_for(user: Any) -> QuerySet[Webhook]:
    return scoped(user, Webhook).select_related("organisation").filter(is_active=True).order_by("url")


def recent_deliveries(user: Any) -> list[Delivery]:
    return list(scoped(user, Delivery).select_related("webhook").order_by("-created_at", "-pk")[:RECENT_DELIVERIES])
