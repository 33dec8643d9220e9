"""The worker's recurring duty for practical help: remove the resident's details (first name,
phone, address, note) from errands finished long ago. The errand's estate, task, state, dates
and minutes stay, so the monthly reports are unchanged. Run by tasks.py; `now` can be moved in
tests."""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_noop

from lokalsundhed.audit.models import Action
from lokalsundhed.audit.services import record
from lokalsundhed.errands.models import Errand

logger = logging.getLogger(__name__)

# Long enough to answer "did anyone help my mother in March?", short enough to keep little.
RETENTION = timedelta(days=183)


@transaction.atomic
def apply_retention(*, now: datetime | None = None) -> int:
    """Anonymise errands done or cancelled more than RETENTION ago."""
    now = now or timezone.now()
    cutoff = now - RETENTION
    due = Errand.objects.filter(anonymised_at__isnull=True).filter(
        Q(state=Errand.State.DONE, done_at__lt=cutoff) | Q(state=Errand.State.CANCELLED, cancelled_at__lt=cutoff)
    )
    count = due.update(resident_first_name="", phone="", address="", note="", when="", dwelling=None,
                       anonymised_at=now)
    if count:
        record(actor=None, action=Action.DELETE, object_type="errands.errand", object_id="",
               purpose=gettext_noop("retention: anonymised %s errands") % count)
        logger.info("retention anonymised %d errands", count)
    return count
