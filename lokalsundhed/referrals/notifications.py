"""Messages about referrals. They say only that something changed, with a link: no names,
addresses, signs or free text ever leave the platform by e-mail or SMS. Sent through the outbox
(`tasks_api` writes them in the change's transaction; core/outbox.py)."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import send_mail
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from lokalsundhed.core import outbox
from lokalsundhed.core.sms import send_sms
from lokalsundhed.referrals.models import Referral, Urgency


def _link(url_name: str, *args: object) -> str:
    return settings.SITE_URL.rstrip("/") + reverse(url_name, args=args)


@outbox.handler("referrals.sent")
def referral_sent(referral_id: int) -> None:
    """Tell the receiving unit that a referral is waiting (and text it when it is red)."""
    referral = Referral.objects.select_related("unit").get(pk=referral_id)
    with translation.override("da"):
        link = _link("referrals:queue")
        if referral.unit.notification_email:
            send_mail(
                _("New referral in lokalsundhed"),
                _("A new referral is waiting for your unit. Open the queue: %(link)s") % {"link": link},
                None,
                [referral.unit.notification_email],
            )
        if referral.urgency == Urgency.RED and referral.unit.notification_phone:
            send_sms(referral.unit.notification_phone, _("lokalsundhed: a red referral is waiting. %(link)s") % {"link": link})


@outbox.handler("referrals.state_changed")
def state_changed(referral_id: int) -> None:
    """Tell the reporter that their referral changed state."""
    referral = Referral.objects.select_related("observation__reported_by").get(pk=referral_id)
    reporter = referral.observation.reported_by
    with translation.override("da"):
        send_mail(
            _("Your referral has a new status"),
            _("The status of a referral you made has changed. See it here: %(link)s")
            % {"link": _link("referrals:my_reports")},
            None,
            [reporter.email],
        )


@outbox.handler("referrals.escalated")
def escalated(referral_id: int) -> None:
    """Tell the unit's lead that a referral is past its deadline."""
    referral = Referral.objects.select_related("unit__lead").get(pk=referral_id)
    lead = referral.unit.lead
    recipients = [lead.email] if lead else ([referral.unit.notification_email] if referral.unit.notification_email else [])
    if not recipients:
        return
    with translation.override("da"):
        send_mail(
            _("A referral is overdue"),
            _("A referral to your unit has passed its deadline without being claimed. Open the queue: %(link)s")
            % {"link": _link("referrals:queue")},
            None,
            recipients,
        )
