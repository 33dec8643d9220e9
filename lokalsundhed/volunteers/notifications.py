"""What the worker sends about volunteers, through the outbox (core/outbox.py): a volunteer's
coming shifts to their own phone (activity and time only), and the coordinators' reminder of
criminal-record certificates running out (how many, and a link to the volunteer list — never a
name), written by `reminders.py`."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import send_mail
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from lokalsundhed.accounts.models import Membership
from lokalsundhed.core import outbox
from lokalsundhed.core.permissions import ROLE_PERMISSIONS, Perm
from lokalsundhed.core.sms import send_sms
from lokalsundhed.volunteers.models import Volunteer
from lokalsundhed.volunteers.reminders import REMINDER_WINDOW
from lokalsundhed.volunteers.selectors import shifts_of

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


@outbox.handler("volunteers.shifts")
def shifts(volunteer_id: int, language: str) -> bool:
    """The volunteer's shifts as they stand when sent; False when they have no number any more."""
    volunteer = Volunteer.objects.filter(pk=volunteer_id, anonymised_at__isnull=True).exclude(phone="").first()
    if volunteer is None:
        return False
    with translation.override(language):
        lines = [f"{s.offer.title}: {date_format(timezone.localtime(s.session.starts_at), 'j/n H:i')}"
                 for s in shifts_of(volunteer, timezone.now())]
        lines = [_("Your shifts:"), *(lines or [_("none coming")])]
        # A right-to-left mark before each line: phones lay out an Arabic or Urdu line right to left
        # although it starts with a Danish title.
        mark = "\u200f" if translation.get_language_bidi() else ""
    send_sms(volunteer.phone, "\n".join(mark + line for line in lines))
    return True
