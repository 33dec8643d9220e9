"""The help guide's section of the overview: services a municipal administrator should verify."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.utils import timezone

from lokalsundhed.core.overview import register_section
from lokalsundhed.directory.scopes import editable_municipality_ids
from lokalsundhed.directory.selectors import stale_service_count


@register_section("directory", order=50, template="directory/overview/services.html")
def _stale_services(user: Any, now: datetime) -> int | None:
    if not editable_municipality_ids(user):
        return None
    return stale_service_count(user, timezone.localdate(now))
