"""The worker's recurring duties for offers: remind residents the day before, ask those who
missed a session whether they want to continue, and remove residents' details when their offer
is long over. Plain functions, run by tasks.py and `manage.py offers_housekeeping`; `now` can
be moved in tests.

Reminders and no-show questions are sent at least once. Each is claimed by inserting its row in
the ledger first (a unique index), so two workers never send it at the same time; the row is
marked sent only after the mail or SMS backend accepted the message. A worker killed between
the claim and the mark leaves an unsent claim, which a later round takes again once
`CLAIM_LEASE` has passed: no message is lost, and one is repeated only when the worker died
between the backend's acceptance and its record."""

from __future__ import annotations

import logging
from datetime import datetime, time, timedelta

from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_noop

from lokalsundhed.audit.models import Action
from lokalsundhed.audit.services import record
from lokalsundhed.offers import notifications
from lokalsundhed.offers.models import SIGN_UP_DETAILS_KEPT, Attendance, Message, Session, SignUp

logger = logging.getLogger(__name__)

# How far back a missed session is still worth asking about.
NO_SHOW_WINDOW = timedelta(days=7)
# A claim not marked sent after this long belongs to a worker that died: it is taken again.
CLAIM_LEASE = timedelta(minutes=15)


def _day_bounds(day: datetime) -> tuple[datetime, datetime]:
    tz = timezone.get_current_timezone()
    start = datetime.combine(day.date(), time.min, tzinfo=tz)
    end = datetime.combine(day.date() + timedelta(days=1), time.min, tzinfo=tz)
    return start, end


def _participants(session: Session) -> QuerySet[SignUp]:
    """Confirmed sign-ups that this session is for: the slot's holder, or every place holder."""
    confirmed = SignUp.objects.filter(status=SignUp.Status.CONFIRMED, anonymised_at__isnull=True)
    if session.offer.kind == session.offer.Kind.OUTREACH:
        return confirmed.filter(slot__session=session)
    return confirmed.filter(offer_id=session.offer_id, slot__isnull=True)


def _claim(sign_up_id: int, session_id: int, kind: str, now: datetime) -> int | None:
    """The ledger row for this message, claimed for this worker, or None when it was sent or
    another worker's claim is still fresh. A stale claim is taken over with a conditional UPDATE."""
    try:
        with transaction.atomic():
            return Message.objects.create(sign_up_id=sign_up_id, session_id=session_id, kind=kind, claimed_at=now).pk
    except IntegrityError:
        pass
    stale = Message.objects.filter(sign_up_id=sign_up_id, session_id=session_id, kind=kind, sent_at__isnull=True,
                                   claimed_at__lt=now - CLAIM_LEASE)
    pk = stale.values_list("pk", flat=True).first()
    if pk is None or not stale.filter(pk=pk).update(claimed_at=now):
        return None
    logger.warning("taking over an unsent %s for sign-up %s", kind, sign_up_id)
    return pk


def _claim_and_send(sign_up_id: int, session_id: int, kind: str, now: datetime) -> bool:
    claim = _claim(sign_up_id, session_id, kind, now)
    if claim is None:
        return False
    try:
        sent = notifications.send(sign_up_id, kind, session_id)
    except Exception:
        Message.objects.filter(pk=claim).delete()  # let the next round try again
        raise
    claimed = Message.objects.filter(pk=claim)
    if sent:
        claimed.update(sent_at=timezone.now())
    else:
        claimed.delete()  # nobody to send to: the details were removed meanwhile
    return sent


def _not_yet_sent(session: Session, kind: str, now: datetime) -> Exists:
    """No message of `kind` for the sign-up (OuterRef) and session that was sent or freshly claimed."""
    return Exists(Message.objects.filter(
        Q(sent_at__isnull=False) | Q(claimed_at__gte=now - CLAIM_LEASE),
        sign_up=OuterRef("pk"), session=session, kind=kind,
    ))


def send_reminders(*, now: datetime | None = None) -> int:
    """Remind everyone with a place on a session that starts tomorrow (local time). Once each."""
    now = timezone.localtime(now or timezone.now())
    start, end = _day_bounds(now + timedelta(days=1))
    sent = 0
    sessions = Session.objects.filter(
        starts_at__gte=start, starts_at__lt=end, cancelled_at__isnull=True, offer__archived_at__isnull=True,
        offer__cancelled_at__isnull=True,
    ).select_related("offer")
    for session in sessions:
        reminded = _not_yet_sent(session, Message.Kind.REMINDER, now)
        for pk in _participants(session).filter(~reminded).values_list("pk", flat=True):
            sent += _claim_and_send(pk, session.pk, Message.Kind.REMINDER, now)
    if sent:
        logger.info("sent %d reminders", sent)
    return sent


def follow_up_no_shows(*, now: datetime | None = None) -> int:
    """Ask each participant who missed a session (attendance recorded, no mark) if they want to go on."""
    now = now or timezone.now()
    sent = 0
    sessions = Session.objects.filter(
        attendance_taken_at__isnull=False, ends_at__lte=now, ends_at__gt=now - NO_SHOW_WINDOW,
        cancelled_at__isnull=True,
    ).select_related("offer")
    for session in sessions:
        attended = Attendance.objects.filter(sign_up=OuterRef("pk"), session=session)
        asked = _not_yet_sent(session, Message.Kind.NO_SHOW, now)
        missed = _participants(session).filter(confirmed_at__lte=session.starts_at).filter(~Exists(attended), ~asked)
        for pk in missed.values_list("pk", flat=True):
            sent += _claim_and_send(pk, session.pk, Message.Kind.NO_SHOW, now)
    if sent:
        logger.info("asked %d residents who missed a session", sent)
    return sent


@transaction.atomic
def apply_retention(*, now: datetime | None = None) -> int:
    """Remove names and contact details of sign-ups whose offer ended long ago: its last session
    held (a cancelled one does not count), or its cancellation, lies SIGN_UP_DETAILS_KEPT back.
    Counts, languages and first-time answers stay, so reach figures survive."""
    now = now or timezone.now()
    cutoff = now - SIGN_UP_DETAILS_KEPT
    later = Session.objects.filter(offer_id=OuterRef("offer_id"), ends_at__gte=cutoff, cancelled_at__isnull=True)
    due = (SignUp.objects.filter(Q(anonymised_at__isnull=True), created_at__lt=cutoff)
           .exclude(offer__cancelled_at__gte=cutoff).filter(~Exists(later)))
    count = due.update(first_name="", phone="", email="", anonymised_at=now)
    if count:
        record(actor=None, action=Action.DELETE, object_type="offers.signup", object_id="",
               purpose=gettext_noop("retention: anonymised %s sign-ups") % count)
        logger.info("retention anonymised %d sign-ups", count)
    return count
