"""The worker's duty for competence development: tell each person, once, that a completed
module runs out and needs a refresher. The e-mail names the module and the date only. Run by
tasks.py; `now` can be moved in tests."""

from __future__ import annotations

import logging
from datetime import datetime

from django.conf import settings
from django.core.mail import send_mail
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from lokalsundhed.audit.models import Action
from lokalsundhed.audit.services import record
from lokalsundhed.training.models import Enrolment
from lokalsundhed.training.selectors import REMINDER_WINDOW, refreshers_due

logger = logging.getLogger(__name__)


def send_refresher_reminders(*, now: datetime | None = None) -> int:
    """E-mail everyone whose completion runs out within REMINDER_WINDOW; each only once."""
    now = now or timezone.now()
    sent = 0
    for enrolment in refreshers_due(timezone.localdate(now), REMINDER_WINDOW):
        # Claim the reminder first, so that two workers never send it twice.
        if not Enrolment.objects.filter(pk=enrolment.pk, refresher_reminded_at__isnull=True).update(
                refresher_reminded_at=now):
            continue
        with translation.override(settings.LANGUAGE_CODE):
            subject = _("Time to refresh your training")
            body = _("Your training \"%(module)s\" is valid until %(date)s. Find a new session here: %(link)s") % {
                "module": enrolment.session.module.title,
                "date": enrolment.valid_until.strftime("%d-%m-%Y") if enrolment.valid_until else "",
                "link": settings.SITE_URL + reverse("training:module_detail", args=[enrolment.session.module_id]),
            }
        send_mail(subject, body, None, [enrolment.user.email])
        record(actor=None, action=Action.CHANGE, obj=enrolment, organisation_id=enrolment.organisation_id,
               purpose=gettext_noop("refresher reminder sent"))
        sent += 1
    if sent:
        logger.info("sent %d refresher reminders", sent)
    return sent
