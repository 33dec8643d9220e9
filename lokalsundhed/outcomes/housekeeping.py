"""The worker's recurring duties for outcome measurement: send each participant the link to the
round that is due (once), remind them once if they have not answered, and remove the keys from
codes to sign-ups when they are no longer needed. Plain functions run by tasks.py and
`manage.py outcomes_housekeeping`; `now` can be moved in tests. Each message is claimed by
inserting its ledger row first (a unique index), so two workers never send the same one, and
written to the outbox in the same transaction (core/outbox.py), so a gateway that is down or a
worker that stops delays it and loses none."""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from django.db import IntegrityError, transaction
from django.db.models import Max, Min
from django.utils import timezone

from lokalsundhed.core import outbox
from lokalsundhed.offers.models import Offer
from lokalsundhed.outcomes import notifications, services
from lokalsundhed.outcomes.models import (
    MAX_FOLLOWUP_DAYS,
    REMINDER_AFTER,
    SEND_WINDOW,
    Invitation,
    MeasurementPlan,
    ParticipantKey,
    Response,
    Round,
)

logger = logging.getLogger(__name__)



def _claim(response: Response, kind: str, now: datetime) -> Invitation | None:
    try:
        with transaction.atomic():
            # Sent "now" as the round sees it: the reminder's three days count from the same clock.
            return Invitation.objects.create(response=response, kind=kind, sent_at=now)
    except IntegrityError:
        return None


def _due_rounds(offer: Offer, plan: MeasurementPlan, first: datetime, last: datetime, now: datetime) -> list[str]:
    due = {Round.BASELINE: first, Round.END: last, Round.FOLLOWUP: last + timedelta(days=plan.followup_days)}
    # A round still open for reminders: up to the send window plus the reminder's delay.
    return [r for r, at in due.items() if at <= now < at + SEND_WINDOW + REMINDER_AFTER]


def send_links(*, now: datetime | None = None) -> int:
    """Invite every enrolled participant to each round that is due, and remind once after three days."""
    now = now or timezone.now()
    # Plans whose last session lies so far back that even the latest follow-up allowed is over: skipped in SQL.
    horizon = now - SEND_WINDOW - REMINDER_AFTER - timedelta(days=MAX_FOLLOWUP_DAYS)
    plans = (
        MeasurementPlan.objects.filter(send_links=True, offer__cancelled_at__isnull=True)
        .select_related("offer")
        .annotate(first=Min("offer__sessions__starts_at"), last=Max("offer__sessions__starts_at"))
        .filter(first__lte=now, last__gte=horizon)
    )
    sent = 0
    for plan in plans:
        rounds = _due_rounds(plan.offer, plan, plan.first, plan.last, now)
        if not rounds:
            continue
        services.enrol_sign_ups(plan.offer)
        keys = ParticipantKey.objects.filter(participant__offer=plan.offer).select_related("participant", "sign_up")
        for key in keys:
            if key.sign_up.status != key.sign_up.Status.CONFIRMED:
                continue
            for round_ in rounds:
                sent += _invite(key, round_, now)
    if sent:
        logger.info("sent %d questionnaire links", sent)
    return sent


def _invite(key: ParticipantKey, round_: str, now: datetime) -> int:
    response, _created = services.open_round(key.participant, round_)
    if response.completed_at is not None:
        return 0
    invited = Invitation.objects.filter(response=response, kind=Invitation.Kind.INVITATION).first()
    if invited is None:
        kind = Invitation.Kind.INVITATION
    elif invited.sent_at <= now - REMINDER_AFTER:
        kind = Invitation.Kind.REMINDER
    else:
        return 0
    if not notifications.reachable(key.sign_up):
        return 0
    with transaction.atomic():
        if _claim(response, kind, now) is None:
            return 0
        outbox.add("outcomes.link", response.pk, kind)
    return 1


def apply_retention(*, now: datetime | None = None) -> int:
    return services.remove_old_keys(now=now)
