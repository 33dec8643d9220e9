"""When the demo's help-guide services last changed, so that the HSDS API's `modified_after`
and Last-Modified have something to work with: the day each was last verified, at nine.

Only services without a date get one, so a second run, or an edit made in the app, is kept.
"""

from __future__ import annotations

from datetime import datetime, time

from django.db import transaction
from django.utils import timezone

from lokalsundhed.directory.models import Service


@transaction.atomic
def stamp_last_modified() -> int:
    """Give the demo services without a last change one; returns how many were stamped."""
    stamped = 0
    for service in Service.objects.filter(last_modified__isnull=True, assured_date__isnull=False).only(
            "pk", "assured_date"):
        moment = timezone.make_aware(datetime.combine(service.assured_date, time(9)))  # type: ignore[arg-type]
        stamped += Service.objects.filter(pk=service.pk).update(last_modified=moment)
    return stamped
