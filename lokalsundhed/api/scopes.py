"""An organisation's administrators see its API clients, webhooks and their deliveries; its other
members see the clients that wait for a colleague's approval (services.may_approve says whose)."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from lokalsundhed.api.models import ApiClient, Delivery, Webhook
from lokalsundhed.core.access import register_scope
from lokalsundhed.core.permissions import Perm


@register_scope(ApiClient)
def clients_for(user: Any, qs: QuerySet[ApiClient]) -> QuerySet[ApiClient]:
    member_of = {m.organisation_id for m in user.active_memberships}
    return qs.filter(Q(organisation_id__in=user.organisation_ids_with(Perm.MANAGE_ORGANISATION))
                     | Q(organisation_id__in=member_of, approved_at__isnull=True, revoked_at__isnull=True))


@register_scope(Webhook)
def webhooks_for(user: Any, qs: QuerySet[Webhook]) -> QuerySet[Webhook]:
    return qs.filter(organisation_id__in=user.organisation_ids_with(Perm.MANAGE_ORGANISATION))


@register_scope(Delivery)
def deliveries_for(user: Any, qs: QuerySet[Delivery]) -> QuerySet[Delivery]:
    return qs.filter(webhook__organisation_id__in=user.organisation_ids_with(Perm.MANAGE_ORGANISATION))
