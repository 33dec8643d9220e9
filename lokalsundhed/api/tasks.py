"""Worker tasks of the open interfaces: webhook deliveries and their retries."""

from __future__ import annotations

from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task

from lokalsundhed.api import webhooks


@db_task()
def deliver_webhook(delivery_id: int) -> str:
    return webhooks.attempt(delivery_id)


@db_periodic_task(crontab(minute="*"))
def retry_webhook_deliveries() -> int:
    """Every minute: the deliveries whose back-off has passed."""
    return webhooks.retry_due()
