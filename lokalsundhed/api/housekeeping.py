"""The worker's recurring duty for the open interfaces: delete the record of webhook deliveries
(event, ids and states sent, each attempt's answer) once `WEBHOOK_DELIVERIES_KEPT_DAYS` have
passed, never one still waiting for an attempt. The API page shows an organisation's latest
deliveries; without this the table grew by every referral's every change, for ever. Run by
tasks.py; `now` can be moved in tests."""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from django.conf import settings
from django.utils import timezone

from lokalsundhed.api.models import Delivery

logger = logging.getLogger(__name__)


def prune_deliveries(*, now: datetime | None = None) -> int:
    """Delete the delivered and failed deliveries older than their retention. Returns how many."""
    now = now or timezone.now()
    cutoff = now - timedelta(days=settings.WEBHOOK_DELIVERIES_KEPT_DAYS)
    count, _ = Delivery.objects.exclude(state=Delivery.State.PENDING).filter(created_at__lt=cutoff).delete()
    if count:
        logger.info("retention deleted %d webhook deliveries", count)
    return count
