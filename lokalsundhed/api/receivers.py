"""Webhook events from the capabilities' records: a new referral and every change of its state
(each is one Transition row), and a new sign-up. Each is queued as a delivery for every webhook
that asked for it, and handed to the worker (`tasks.py`, which delivers by `webhooks.py`) once
the record's transaction commits. Only ids and states leave the platform."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models.signals import post_save
from django.dispatch import receiver
from django.utils import timezone

from lokalsundhed.api.models import Delivery, Webhook
from lokalsundhed.api.tasks import deliver_webhook
from lokalsundhed.api.webhooks import active_webhooks, listens
from lokalsundhed.core.outbox import queue_or_leave_to_sweep
from lokalsundhed.offers.models import SignUp
from lokalsundhed.offers.services import organisation_of
from lokalsundhed.referrals.models import Referral, Transition


def emit(event: str, data: dict[str, Any], *, organisation_id: int | None, unit_id: int | None = None) -> list[int]:
    """Queue the event for every active webhook of the organisation that asked for it. Runs in
    the caller's transaction; the worker is started once it commits."""
    if organisation_id is None:
        return []
    webhook_ids = [
        pk for pk, events, unit_ids in active_webhooks().get(organisation_id, [])
        if event in events and (unit_id is None or not unit_ids or unit_id in unit_ids)
    ]
    if not webhook_ids:
        return []
    now = timezone.now()
    deliveries = Delivery.objects.bulk_create([
        Delivery(webhook_id=pk, event=event, payload={"event": event, "occurred_at": now.isoformat(), "data": data},
                 next_attempt_at=now)
        for pk in webhook_ids
    ])
    ids = [d.pk for d in deliveries]
    for pk in ids:
        # Due at once: the worker's minute of retries delivers it should the queue be unreachable.
        transaction.on_commit(
            lambda pk=pk: queue_or_leave_to_sweep(deliver_webhook, pk, "webhook delivery", sweep="the retries"))  # type: ignore[misc]
    return ids


@receiver(post_save, sender=Transition, dispatch_uid="api.webhooks.transition")
def referral_moved(sender: Any, instance: Transition, created: bool, raw: bool = False, **kwargs: Any) -> None:
    if not created or raw or instance.from_state == instance.to_state:
        return  # a claim keeps the state: no event
    if not (listens(Webhook.Event.REFERRAL_CREATED) or listens(Webhook.Event.REFERRAL_STATE_CHANGED)):
        return
    referral: Referral = instance.referral  # the services create the row with the referral in hand
    data = {"referral_id": referral.pk, "unit_id": referral.unit_id, "state": instance.to_state}
    if instance.from_state == "":
        emit(Webhook.Event.REFERRAL_CREATED, {**data, "urgency": referral.urgency},
             organisation_id=referral.municipality_id, unit_id=referral.unit_id)
    else:
        emit(Webhook.Event.REFERRAL_STATE_CHANGED, {**data, "previous_state": instance.from_state},
             organisation_id=referral.municipality_id, unit_id=referral.unit_id)


@receiver(post_save, sender=SignUp, dispatch_uid="api.webhooks.sign_up")
def signed_up(sender: Any, instance: SignUp, created: bool, raw: bool = False, **kwargs: Any) -> None:
    if not created or raw or not listens(Webhook.Event.SIGN_UP_CREATED):
        return
    offer = instance.offer
    emit(Webhook.Event.SIGN_UP_CREATED,
         {"sign_up_id": instance.pk, "offer_id": offer.pk, "status": instance.status},
         organisation_id=organisation_of(offer))
