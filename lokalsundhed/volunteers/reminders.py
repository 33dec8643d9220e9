"""The worker's duty for volunteers: tell the coordinators, once, when a volunteer's
criminal-record certificate runs out within REMINDER_WINDOW. The e-mail (`notifications.py`)
holds no name: it points to the volunteer list. The reminder is claimed, logged and written to
the outbox in one transaction, so a mail server that is down delays it and loses none. Run by
tasks.py; `now` can be moved in tests."""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_noop

from lokalsundhed.audit.models import Action
from lokalsundhed.audit.services import record
from lokalsundhed.core import outbox
from lokalsundhed.volunteers.models import CERTIFICATE_VALID, Volunteer

logger = logging.getLogger(__name__)

REMINDER_WINDOW = timedelta(days=45)


def remind_certificates(*, now: datetime | None = None) -> int:
    """One e-mail per housing organisation listing how many certificates run out soon."""
    today = timezone.localdate(now or timezone.now())
    # A certificate dated on or before this day runs out within the window.
    cutoff = today + REMINDER_WINDOW - CERTIFICATE_VALID
    due = Volunteer.objects.filter(status=Volunteer.Status.ACTIVE, criminal_record_checked_on__lte=cutoff,
                                   certificate_reminded_on__isnull=True)
    by_organisation: dict[int, list[int]] = {}
    for pk, organisation_id in due.values_list("pk", "housing_organisation_id"):
        by_organisation.setdefault(organisation_id, []).append(pk)
    for organisation_id, pks in by_organisation.items():
        with transaction.atomic():
            claimed = Volunteer.objects.filter(pk__in=pks, certificate_reminded_on__isnull=True).update(
                certificate_reminded_on=today)
            if not claimed:
                continue
            record(actor=None, action=Action.CHANGE, object_type="volunteers.volunteer",
                   organisation_id=organisation_id,
                   purpose=gettext_noop("certificate reminder for %s volunteers") % claimed)
            outbox.add("volunteers.certificates", organisation_id, claimed)
    return sum(len(p) for p in by_organisation.values())
