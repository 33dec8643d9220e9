"""The worker's recurring duty for small steps into work: anonymise interests when their
retention ends — like referrals, the housing organisation's retention policy (months after
closing; 12 by default). A completed or stopped interest is anonymised that long after it
closed; one never followed up, that long after it was shown; one contacted or started and then
left without a step, that long after its last step (else a resident's number would be kept for
ever). State and dates stay, so reach and completion are still counted. Run by tasks.py; `now` can be moved in tests."""

from __future__ import annotations

import logging
from datetime import datetime

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_noop

from lokalsundhed.audit.models import Action
from lokalsundhed.audit.services import record
from lokalsundhed.organisations.models import Organisation
from lokalsundhed.referrals.housekeeping import closed_record_cutoffs
from lokalsundhed.work.models import Interest


@transaction.atomic
def apply_retention(*, now: datetime | None = None) -> int:
    """Remove first name, phone and message from interests past their retention. Returns how many."""
    now = now or timezone.now()
    due = Q(pk__in=[])
    for cutoff, orgs in closed_record_cutoffs(now):
        due |= Q(opportunity__estate__housing_organisation_id__in=Organisation.objects.filter(orgs).values("pk")) & (
            Q(state__in=Interest.CLOSED_STATES, closed_at__lt=cutoff)
            | Q(state=Interest.State.INTERESTED, created_at__lt=cutoff)
            | Q(state=Interest.State.CONTACTED, contacted_at__lt=cutoff)
            | Q(state=Interest.State.STARTED, started_at__lt=cutoff))
    ids = list(Interest.objects.filter(due, anonymised_at__isnull=True).values_list("pk", flat=True))
    count = Interest.objects.filter(pk__in=ids).update(first_name="", phone="", message="", anonymised_at=now)
    if count:
        record(actor=None, action=Action.DELETE, object_type="work.interest", object_id="",
               purpose=gettext_noop("retention: anonymised %s interests in work") % count)
        logging.getLogger(__name__).info("retention anonymised %d interests", count)
    return count
