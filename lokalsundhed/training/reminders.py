"""The worker's duty for competence development: tell each person, once, that a completed
module runs out and needs a refresher (the e-mail, in `notifications.py`, names the module and
the date only). Each reminder is claimed, logged and written to the outbox in one transaction, so
a mail server that is down or a worker that stops delays it and loses none. Run by tasks.py;
`now` can be moved in tests."""

from __future__ import annotations

import logging
from datetime import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_noop

from lokalsundhed.audit.models import Action
from lokalsundhed.audit.services import record
from lokalsundhed.core import outbox
from lokalsundhed.training.models import Enrolment
from lokalsundhed.training.selectors import REMINDER_WINDOW, refreshers_due

logger = logging.getLogger(__name__)


def send_refresher_reminders(*, now: datetime | None = None) -> int:
    """Remind everyone whose completion runs out within REMINDER_WINDOW; each only once."""
    now = now or timezone.now()
    sent = 0
    for enrolment in refreshers_due(timezone.localdate(now), REMINDER_WINDOW):
        with transaction.atomic():
            # Claim the reminder first, so that two workers never send it twice.
            if not Enrolment.objects.filter(pk=enrolment.pk, refresher_reminded_at__isnull=True).update(
                    refresher_reminded_at=now):
                continue
            record(actor=None, action=Action.CHANGE, obj=enrolment, organisation_id=enrolment.organisation_id,
                   purpose=gettext_noop("refresher reminder sent"))
            outbox.add("training.refresher", enrolment.pk)
        sent += 1
    if sent:
        logger.info("sent %d refresher reminders", sent)
    return sent
