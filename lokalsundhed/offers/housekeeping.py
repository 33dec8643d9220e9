"""The worker's recurring duties for offers: remind residents the day before, ask those who
missed a session whether they want to continue, and remove residents' details when their offer
is long over. Plain functions, run by tasks.py and `manage.py offers_housekeeping`; `now` can
be moved in tests. Each message is claimed by inserting its row in the ledger first (a unique
index), so two workers never send the same reminder."""

from __future__ import annotations

import logging
from datetime import datetime, time, timedelta

from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from lokalsundhed.audit.models import Action
from lokalsundhed.audit.services import record
from lokalsundhed.offers import notifications
from lokalsundhed.offers.models import Attendance, Message, Session, SignUp

logger = logging.getLogger(__name__)

# How far back a missed session is still worth asking about.
NO_SHOW_WINDOW = timedelta(days=7)
# Residents' details are removed this long after their offer's last session (figures stay).
RETENTION = timedelta(days=183)


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


def _claim_and_send(sign_up_id: int, session_id: int, kind: str) -> bool:
    try:
        with transaction.atomic():
            claim = Message.objects.create(sign_up_id=sign_up_id, session_id=session_id, kind=kind)
    except IntegrityError:
        return False  # already sent, or another worker is sending it
    try:
        return notifications.send(sign_up_id, kind, session_id)
    except Exception:
        claim.delete()  # let the next round try again
        raise


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
        reminded = Message.objects.filter(sign_up=OuterRef("pk"), session=session, kind=Message.Kind.REMINDER)
        for pk in _participants(session).filter(~Exists(reminded)).values_list("pk", flat=True):
            sent += _claim_and_send(pk, session.pk, Message.Kind.REMINDER)
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
        asked = Message.objects.filter(sign_up=OuterRef("pk"), session=session, kind=Message.Kind.NO_SHOW)
        missed = _participants(session).filter(confirmed_at__lte=session.starts_at).filter(
            ~Exists(attended), ~Exists(asked)
        )
        for pk in missed.values_list("pk", flat=True):
            sent += _claim_and_send(pk, session.pk, Message.Kind.NO_SHOW)
    if sent:
        logger.info("asked %d residents who missed a session", sent)
    return sent


@transaction.atomic
def apply_retention(*, now: datetime | None = None) -> int:
    """Remove names and contact details of sign-ups whose offer ended long ago. Counts, languages
    and first-time answers stay, so reach figures survive."""
    now = now or timezone.now()
    cutoff = now - RETENTION
    later = Session.objects.filter(offer_id=OuterRef("offer_id"), ends_at__gte=cutoff)
    due = SignUp.objects.filter(Q(anonymised_at__isnull=True), created_at__lt=cutoff).filter(~Exists(later))
    count = due.update(first_name="", phone="", email="", anonymised_at=now)
    if count:
        record(actor=None, action=Action.DELETE, object_type="offers.signup", object_id="",
               purpose=f"retention: anonymised {count} sign-ups")
        logger.info("retention anonymised %d sign-ups", count)
    return count
