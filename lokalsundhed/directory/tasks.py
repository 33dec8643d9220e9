"""Worker tasks for the help guide."""

from __future__ import annotations

import logging

from huey.contrib.djhuey import db_periodic_task

from lokalsundhed.core.schedule import danish_crontab
from lokalsundhed.directory.housekeeping import notify_stale_services

logger = logging.getLogger(__name__)


@db_periodic_task(danish_crontab(hour="6", minute="15"))
def flag_stale_services() -> int:
    """Every morning: tell municipalities' administrators about services not verified for 12 months."""
    flagged = notify_stale_services()
    if flagged:
        logger.info("flagged %d stale services", flagged)
    return flagged
