"""The coordinators' reminder of criminal-record certificates running out: how many, and a link
to the volunteer list — never a name. Sent through the outbox (core/outbox.py) by `reminders.py`."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import send_mail
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from lokalsundhed.accounts.models import Membership
from lokalsundhed.core import outbox
from lokalsundhed.core.permissions import ROLE_PERMISSIONS, Perm
from lokalsundhed.volunteers.reminders import REMINDER_WINDOW

COORDINATOR_ROLES = [str(role) for role, perms in ROLE_PERMISSIONS.items() if Perm.MANAGE_VOLUNTEERS in perms]


@outbox.handler("volunteers.certificates")
def certificates_run_out(organisation_id: int, count: int) -> bool:
    """E-mail the housing organisation's coordinators; False when it has none."""
    to = list(Membership.objects.filter(organisation_id=organisation_id, role__in=COORDINATOR_ROLES,
                                        user__is_active=True).values_list("user__email", flat=True).distinct())
    if not to:
        return False
    with translation.override(settings.LANGUAGE_CODE):
        body = ngettext("%(n)s volunteer's criminal-record certificate runs out within %(days)s days. "
                        "Ask them for a new one: %(link)s",
                        "%(n)s volunteers' criminal-record certificates run out within %(days)s days. "
                        "Ask them for a new one: %(link)s", count) % {
            "n": count, "days": REMINDER_WINDOW.days,
            "link": settings.SITE_URL + reverse("volunteers:volunteer_list")}
        send_mail(_("Criminal-record certificates run out soon"), body, None, to)
    return True
