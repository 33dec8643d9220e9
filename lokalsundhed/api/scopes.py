"""An organisation's administrators see its API clients, webhooks and their deliveries."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from lokalsundhed.api.models import ApiClient, Delivery, Webhook
from lokalsundhed.core.access import register_scope
from lokalsundhed.core.permissions import Perm


@register_scope(ApiClient)
def clients_for(user: Any, qs: QuerySet[ApiClient]) -> QuerySet[ApiClient]:
    return qs.filter(organisation_id__in=user.organisation_ids_with(Perm.MANAGE_ORGANISATION))


@register_scope(Webhook)
def webhooks_for(user: Any, qs: QuerySet[Webhook]) -> QuerySet[Webhook]:
    return qs.filter(organisation_id__in=user.organisation_ids_with(Perm.MANAGE_ORGANISATION))


@register_scope(Delivery)
def deliveries_for(user: Any, qs: QuerySet[Delivery]) -> QuerySet[Delivery]:
    return qs.filter(webhook__organisation_id__in=user.organisation_ids_with(Perm.MANAGE_ORGANISATION))
