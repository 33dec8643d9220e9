"""The refresher reminder: the module and the date it runs out, with a link to its sessions; sent
through the outbox (core/outbox.py) by `reminders.py`."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import send_mail
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from lokalsundhed.core import outbox
from lokalsundhed.training.models import Enrolment


@outbox.handler("training.refresher")
def refresher_due(enrolment_id: int) -> bool:
    """E-mail the participant; False when there is nobody to tell (gone, or no longer active)."""
    enrolment = Enrolment.objects.select_related("session__module", "user").filter(pk=enrolment_id).first()
    if enrolment is None or not enrolment.user.is_active or not enrolment.user.email:
        return False
    with translation.override(settings.LANGUAGE_CODE):
        subject = _("Time to refresh your training")
        body = _("Your training \"%(module)s\" is valid until %(date)s. Find a new session here: %(link)s") % {
            "module": enrolment.session.module.title,
            "date": enrolment.valid_until.strftime("%d-%m-%Y") if enrolment.valid_until else "",
            "link": settings.SITE_URL + reverse("training:module_detail", args=[enrolment.session.module_id]),
        }
    send_mail(subject, body, None, [enrolment.user.email])
    return True
