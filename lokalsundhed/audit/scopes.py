"""Auditors see the access log of their own organisations only."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from lokalsundhed.audit.models import Entry
from lokalsundhed.core.access import register_scope
from lokalsundhed.core.permissions import Perm


@register_scope(Entry)
def entries_for(user: Any, qs: QuerySet[Entry]) -> QuerySet[Entry]:
    return qs.filter(organisation_id__in=user.organisation_ids_with(Perm.VIEW_AUDIT_LOG))
