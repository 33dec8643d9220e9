"""Worker tasks of the open interfaces: webhook deliveries, their retries and their retention, and
the rate limit's ended windows."""

from __future__ import annotations

from huey.contrib.djhuey import db_periodic_task, db_task

from lokalsundhed.api import housekeeping, webhooks
from lokalsundhed.api.auth import prune_rate_windows
from lokalsundhed.core.schedule import danish_crontab


@db_task()
def deliver_webhook(delivery_id: int) -> str:
    return webhooks.attempt(delivery_id)


@db_periodic_task(danish_crontab(minute="*"))
def retry_webhook_deliveries() -> int:
    """Every minute: the deliveries whose back-off has passed."""
    return webhooks.retry_due()


@db_periodic_task(danish_crontab(minute="*/15"))
def prune_api_rate_windows() -> int:
    """Every quarter of an hour: delete the rate limit's windows that have ended."""
    return prune_rate_windows()


@db_periodic_task(danish_crontab(hour="3", minute="40"))
def prune_webhook_deliveries() -> int:
    """Every night: delete webhook deliveries past their retention."""
    return housekeeping.prune_deliveries()
