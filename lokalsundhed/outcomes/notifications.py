"""The questionnaire's link to a resident: an invitation when a round is due, and one reminder.

Only a greeting and the private link — never the offer's title or kind, nor anything about
health. In the resident's own language; e-mail when they gave one, otherwise SMS.
"""

from __future__ import annotations

from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from lokalsundhed.core import outbox
from lokalsundhed.offers.models import SignUp
from lokalsundhed.offers.notifications import deliver
from lokalsundhed.outcomes.models import Invitation, ParticipantKey, Response


def questionnaire_link(response: Response) -> str:
    return settings.SITE_URL.rstrip("/") + reverse("outcomes:questionnaire", args=[response.token])


def compose(sign_up: SignUp, response: Response, kind: str) -> tuple[str, str]:
    """(subject, body) in the active language."""
    details = {"name": sign_up.first_name, "link": questionnaire_link(response)}
    if kind == Invitation.Kind.REMINDER:
        return (_("A reminder: a few short questions"),
                _("Hello %(name)s. A reminder: we would like to hear how you are. It takes about 3 minutes: "
                  "%(link)s") % details)
    return (_("A few short questions"),
            _("Hello %(name)s. We would like to hear how you are. It takes about 3 minutes: %(link)s") % details)


def reachable(sign_up: SignUp) -> bool:
    """Whether there is anyone to send a link to: details not removed, an e-mail or a number."""
    return sign_up.anonymised_at is None and bool(sign_up.email or sign_up.phone)


def send(sign_up: SignUp, response: Response, kind: str) -> bool:
    """Send the link once; False when there is no one to send to."""
    if not reachable(sign_up):
        return False
    with translation.override(sign_up.language or settings.LANGUAGE_CODE):
        return deliver(sign_up, *compose(sign_up, response, kind))


@outbox.handler("outcomes.link")
def send_link(response_id: int, kind: str) -> bool:
    """The outbox's sender: the link to this round, unless it was answered or the key to the
    resident removed meanwhile."""
    response = Response.objects.filter(pk=response_id, completed_at__isnull=True).first()
    if response is None:
        return False
    key = ParticipantKey.objects.filter(participant_id=response.participant_id).select_related("sign_up").first()
    return key is not None and send(key.sign_up, response, kind)
