"""Webhook events from the capabilities' records: a new referral and every change of its state
(each is one Transition row), and a new sign-up. Only ids and states leave the platform."""

from __future__ import annotations

from typing import Any

from django.db.models.signals import post_save
from django.dispatch import receiver

from lokalsundhed.api.models import Webhook
from lokalsundhed.api.webhooks import emit, listens
from lokalsundhed.offers.models import SignUp
from lokalsundhed.offers.services import organisation_of
from lokalsundhed.referrals.models import Referral, Transition


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
