"""Messages to residents about their place: confirmation, move-up, reminder, a missed session,
a session moved by staff, a session or the whole offer cancelled by staff, and a cancelled
session or sign-up restored.

They hold a time, an address and the private link — never the offer's title or kind, which
may say something about the resident's health (a course on chronic pain, hours with a doctor),
and never staff's reason for cancelling (which may be about someone's health too).
Written in the resident's own language; e-mail when they gave one, otherwise SMS.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from django.conf import settings
from django.core.mail import send_mail
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.functional import Promise as StrPromise
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from lokalsundhed.core import cldr, outbox
from lokalsundhed.core.sms import send_sms
from lokalsundhed.offers.models import Message, Session, SignUp

logger = logging.getLogger(__name__)
Kind = Message.Kind


def private_link(sign_up: SignUp) -> str:
    return settings.SITE_URL.rstrip("/") + reverse("offers:my_sign_up", args=[sign_up.token])


def _when(session: Session | None) -> str:
    if session is None:
        return ""
    return cldr.day_time(session.starts_at)


def next_session(sign_up: SignUp) -> Session | None:
    if sign_up.slot_id is not None:
        return sign_up.slot.session  # type: ignore[union-attr]
    return (
        Session.objects.filter(offer_id=sign_up.offer_id, cancelled_at__isnull=True, starts_at__gt=timezone.now())
        .select_related("facility", "offer__facility")
        .order_by("starts_at")
        .first()
    )


def _place(session: Session | None) -> str:
    facility = session and (session.facility or session.offer.facility)
    return facility.street_address if facility else ""


@dataclass(frozen=True)
class Wording:
    """A message's subject and body (lazy: translated when composed, in the resident's language)."""

    subject: StrPromise
    body: StrPromise


# One entry per kind of message; a kind worded differently for a booked time or a place on the
# waiting list has its own key (kind, "slot") or (kind, "waiting"). Bodies take %(name)s,
# %(time)s, %(where)s and %(link)s.
WORDINGS: dict[str | tuple[str, str], Wording] = {
    (Kind.CONFIRMATION, "waiting"): Wording(
        _("You are on the waiting list"),
        _("Hello %(name)s. You are on the waiting list. We will write to you if you get a place. "
          "See or cancel: %(link)s"),
    ),
    Kind.CONFIRMATION: Wording(
        _("You are signed up"),
        _("Hello %(name)s. You are signed up. First time: %(time)s%(where)s. See or cancel: %(link)s"),
    ),
    Kind.MOVED_UP: Wording(
        _("You have got a place"),
        _("Hello %(name)s. Good news: a place became free and it is yours. First time: %(time)s%(where)s. "
          "See or cancel: %(link)s"),
    ),
    Kind.REMINDER: Wording(
        _("Reminder: see you tomorrow"),
        _("Hello %(name)s. A reminder: we see you tomorrow, %(time)s%(where)s. "
          "Cannot come? Cancel here: %(link)s"),
    ),
    (Kind.SESSION_CANCELLED, "slot"): Wording(
        _("Your time is cancelled"),
        _("Hello %(name)s. We are sorry: your time on %(time)s%(where)s is cancelled. "
          "You can book another time here: %(link)s"),
    ),
    Kind.SESSION_CANCELLED: Wording(
        _("A time is cancelled"),
        _("Hello %(name)s. We are sorry: the time on %(time)s%(where)s is cancelled. "
          "The other times are as planned. See your sign-up: %(link)s"),
    ),
    Kind.SESSION_MOVED: Wording(
        _("A time has moved"),
        _("Hello %(name)s. A time has moved: it is now %(time)s%(where)s. See your sign-up: %(link)s"),
    ),
    Kind.OFFER_CANCELLED: Wording(
        _("Cancelled"),
        _("Hello %(name)s. We are sorry: what you signed up for is cancelled, and there will be no more "
          "times. See your sign-up: %(link)s"),
    ),
    Kind.NO_SHOW: Wording(
        _("We missed you"),
        _("Hello %(name)s. We missed you last time. Do you want to keep your place? Answer here: %(link)s"),
    ),
    (Kind.SESSION_RESTORED, "slot"): Wording(
        _("Your time is booked again"),
        _("Hello %(name)s. Good news: your time on %(time)s%(where)s takes place after all, and it is "
          "booked for you again. Cannot come? Cancel here: %(link)s"),
    ),
    Kind.SESSION_RESTORED: Wording(
        _("A time takes place after all"),
        _("Hello %(name)s. Good news: the time on %(time)s%(where)s takes place after all. "
          "See your sign-up: %(link)s"),
    ),
    (Kind.RESTORED, "waiting"): Wording(
        _("You are on the waiting list again"),
        _("Hello %(name)s. Your cancelled sign-up is back: you are on the waiting list. We will write to "
          "you if you get a place. See or cancel: %(link)s"),
    ),
    Kind.RESTORED: Wording(
        _("Your sign-up is back"),
        _("Hello %(name)s. Your cancelled sign-up is back, and you have your place again. "
          "Next time: %(time)s%(where)s. See or cancel: %(link)s"),
    ),
    Kind.CANCELLED: Wording(
        _("Your place is cancelled"),
        _("Hello %(name)s. Your place is cancelled. See it here: %(link)s"),
    ),
}


def wording(kind: str, sign_up: SignUp) -> Wording:
    """The wording of `kind` for this sign-up: its variant for a booked time or the waiting list
    where there is one, else the kind's own; an unknown kind reads as a cancelled place."""
    variant = "slot" if sign_up.slot_id else ("waiting" if sign_up.status == SignUp.Status.WAITING else "")
    return WORDINGS.get((kind, variant)) or WORDINGS.get(kind) or WORDINGS[Kind.CANCELLED]


def compose(sign_up: SignUp, kind: str, session: Session | None) -> tuple[str, str]:
    """(subject, body) in the active language. No title, no kind of offer, no health information."""
    when = sign_up.slot.starts_at if sign_up.slot_id else None  # type: ignore[union-attr]
    time = cldr.day_time(when) if when else _when(session)
    place = _place(session)
    where = (gettext(" at %(place)s") % {"place": place}) if place else ""
    details = {"name": sign_up.first_name, "time": time, "where": where, "link": private_link(sign_up)}
    text = wording(kind, sign_up)
    return str(text.subject), str(text.body) % details


def deliver(sign_up: SignUp, subject: str, body: str) -> bool:
    """Send a message to the resident of a sign-up, composed in the active language: by e-mail
    when they gave one, otherwise by SMS; False when they gave neither."""
    if sign_up.email:
        send_mail(subject, body, None, [sign_up.email])
    elif sign_up.phone:
        # A right-to-left mark first, so that phones lay out an Arabic or Urdu SMS right to
        # left although it starts with our (Latin) name.
        mark = "\u200f" if translation.get_language_bidi() else ""
        send_sms(sign_up.phone, f"{mark}lokalsundhed: {body}")
    else:
        return False
    return True


@outbox.handler("offers.message")
def send(sign_up_id: int, kind: str, session_id: int | None = None) -> bool:
    """Send one message to the resident in their language; False when there is no one to send to
    (the sign-up is gone or its details were removed)."""
    sign_up = SignUp.objects.select_related("slot__session__facility", "offer__facility").filter(pk=sign_up_id).first()
    if sign_up is None or sign_up.anonymised_at is not None:
        return False
    if session_id:
        session = Session.objects.select_related("facility", "offer__facility").filter(pk=session_id).first()
        if session is None:
            return False  # the session was deleted: nothing left to tell
    else:
        session = next_session(sign_up)
    with translation.override(sign_up.language or settings.LANGUAGE_CODE):
        if not deliver(sign_up, *compose(sign_up, kind, session)):
            return False
    if kind not in (Message.Kind.REMINDER, Message.Kind.NO_SHOW):
        Message.objects.create(sign_up=sign_up, kind=kind, session=session if session_id else None,
                               sent_at=timezone.now())
    logger.info("message %s sent for sign-up %s", kind, sign_up_id)
    return True
