"""The worker's recurring duty for volunteers: remove their personal data when its retention ends —
like an interest in work, the housing organisation's retention policy (months after closing; 12 by
default). A volunteer who stopped is anonymised that long after stopping; an applicant, that long
after signing up or after they were last active. Name, contact, languages (also the one we wrote to
them in), skills, availability and the certificate date go; their login is switched off and loses
its e-mail address; shifts not yet given up to a later date are freed. Status, estate, dates,
activities and the hours given stay, so the volunteers' numbers still count. Run by tasks.py; `now`
can be moved in tests."""

from __future__ import annotations

import logging
from datetime import datetime

from allauth.account.models import EmailAddress
from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_noop

from lokalsundhed.accounts.models import User
from lokalsundhed.audit.models import Action
from lokalsundhed.audit.services import record
from lokalsundhed.organisations.models import Organisation
from lokalsundhed.referrals.housekeeping import (
    closed_record_cutoffs,
    closed_record_months,
    months_before,
)
from lokalsundhed.volunteers.models import Shift, Volunteer
from lokalsundhed.volunteers.selectors import volunteers_only_logins

logger = logging.getLogger(__name__)


def details_removed_after(volunteer: Volunteer) -> datetime | None:
    """When retention will remove the volunteer's details unless they come back (the first night
    after this moment); None while they are active."""
    if volunteer.status == Volunteer.Status.ACTIVE or volunteer.anonymised_at is not None:
        return None
    start = max(filter(None, (volunteer.created_at, volunteer.stopped_at)))
    return months_before(start, -closed_record_months(volunteer.housing_organisation_id))


@transaction.atomic
def apply_retention(*, now: datetime | None = None) -> int:
    """Anonymise the volunteers past their retention. Returns how many."""
    now = now or timezone.now()
    due = Q(pk__in=[])
    for cutoff, orgs in closed_record_cutoffs(now):
        due |= Q(housing_organisation_id__in=Organisation.objects.filter(orgs).values("pk")) & (
            Q(status=Volunteer.Status.INACTIVE, stopped_at__lt=cutoff)
            | Q(Q(stopped_at__isnull=True) | Q(stopped_at__lt=cutoff), status=Volunteer.Status.APPLIED,
                created_at__lt=cutoff))
    past = list(Volunteer.objects.filter(due, anonymised_at__isnull=True).values_list("pk", "user_id"))
    if not past:
        return 0
    ids = [pk for pk, _user in past]
    # Their logins: switched off, and the e-mail address (the login's name) replaced by one that
    # names no one — unless the person has since become staff, whose login stays theirs (as does an
    # operator's or an API client's that a record came to name).
    logins = list(volunteers_only_logins().filter(pk__in=[user for _pk, user in past if user is not None])
                  .values_list("pk", flat=True))
    for user_id in logins:
        User.objects.filter(pk=user_id).update(is_active=False, full_name="", phone="",
                                               email=f"anonymised-{user_id}@volunteer.invalid")
    EmailAddress.objects.filter(user_id__in=logins).delete()  # allauth's record of the address
    Shift.objects.filter(volunteer_id__in=ids, minutes__isnull=True, session__starts_at__gt=now).update(
        volunteer=None, swap_offered_at=None)
    count = Volunteer.objects.filter(pk__in=ids).update(
        first_name="", last_name="", phone="", email="", languages=[], language=settings.LANGUAGE_CODE, skills="",
        availability="",
        criminal_record_checked_on=None, certificate_reminded_on=None, user=None, anonymised_at=now,
    )
    record(actor=None, action=Action.DELETE, object_type="volunteers.volunteer", object_id="",
           purpose=gettext_noop("retention: anonymised %s volunteers") % count)
    logger.info("retention anonymised %d volunteers", count)
    return count

