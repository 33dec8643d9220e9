"""Reads of the administrator's API page, always through `scoped()`."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

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
    return scoped(user, ApiClient).select_related("organisation", "created_by").order_by("organisation__name", "name")


def webhooks_for(user: Any) -> QuerySet[Webhook]:
    return scoped(user, Webhook).select_related("organisation").filter(is_active=True).order_by("url")


def recent_deliveries(user: Any) -> list[Delivery]:
    return list(scoped(user, Delivery).select_related("webhook").order_by("-created_at", "-pk")[:RECENT_DELIVERIES])
