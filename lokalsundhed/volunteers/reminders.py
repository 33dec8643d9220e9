"""The worker's duty for volunteers: tell the coordinators, once, when a volunteer's
criminal-record certificate runs out within REMINDER_WINDOW. The e-mail holds no name: it points
to the volunteer list. Run by tasks.py; `now` can be moved in tests."""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from django.conf import settings
from django.core.mail import send_mail
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop, ngettext

from lokalsundhed.accounts.models import Membership
from lokalsundhed.audit.models import Action
from lokalsundhed.audit.services import record
from lokalsundhed.core.permissions import ROLE_PERMISSIONS, Perm
from lokalsundhed.volunteers.models import CERTIFICATE_VALID, Volunteer

logger = logging.getLogger(__name__)

REMINDER_WINDOW = timedelta(days=45)
COORDINATOR_ROLES = [str(role) for role, perms in ROLE_PERMISSIONS.items() if Perm.MANAGE_VOLUNTEERS in perms]


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
        claimed = Volunteer.objects.filter(pk__in=pks, certificate_reminded_on__isnull=True).update(
            certificate_reminded_on=today)
        if not claimed:
            continue
        to = list(Membership.objects.filter(organisation_id=organisation_id, role__in=COORDINATOR_ROLES,
                                            user__is_active=True).values_list("user__email", flat=True).distinct())
        with translation.override(settings.LANGUAGE_CODE):
            body = ngettext("%(n)s volunteer's criminal-record certificate runs out within %(days)s days. "
                            "Ask them for a new one: %(link)s",
                            "%(n)s volunteers' criminal-record certificates run out within %(days)s days. "
                            "Ask them for a new one: %(link)s", claimed) % {
                "n": claimed, "days": REMINDER_WINDOW.days,
                "link": settings.SITE_URL + reverse("volunteers:volunteer_list")}
            if to:
                send_mail(_("Criminal-record certificates run out soon"), body, None, to)
        record(actor=None, action=Action.CHANGE, object_type="volunteers.volunteer", organisation_id=organisation_id,
               purpose=gettext_noop("certificate reminder for %s volunteers") % claimed)
    return sum(len(p) for p in by_organisation.values())
