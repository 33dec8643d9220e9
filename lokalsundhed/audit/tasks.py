"""Worker tasks for the access log."""

from __future__ import annotations

import logging

from huey.contrib.djhuey import db_periodic_task

from lokalsundhed.audit.services import seal_pending
from lokalsundhed.core.schedule import danish_crontab

logger = logging.getLogger(__name__)


@db_periodic_task(danish_crontab(minute="*"))
def seal_access_log() -> int:
    """Every minute: seal new entries into the hash chain."""
    sealed = seal_pending()
    if sealed:
        logger.info("sealed %d access-log entries", sealed)
    return sealed
