"""Webhooks, with a fake receiver in place of the network."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from lokalsundhed.api import webhooks
from lokalsundhed.api.models import Delivery, Webhook
from lokalsundhed.api.services import register_webhook
from lokalsundhed.offers import services as offer_services
from lokalsundhed.offers.tests.factories import make_offer, resident
from lokalsundhed.referrals import services
from lokalsundhed.referrals.tests.factories import observe


class FakeReceiver:
    def __init__(self, answers=(200,)):
        self.answers = list(answers)
        self.calls: list[tuple[str, bytes, dict[str, str]]] = []

    def __call__(self, url, body, headers, timeout):
        self.calls.append((url, body, headers))
        answer = self.answers.pop(0) if len(self.answers) > 1 else self.answers[0]
        if isinstance(answer, BaseException):
            raise answer
        return answer


@pytest.fixture
def receiver(monkeypatch):
    fake = FakeReceiver()
    monkeypatch.setattr(webhooks, "http_post", fake)
    return fake


def hook(world, *events, organisation=None):
    return register_webhook(organisation=organisation or world.municipality_m, url="https://sag.example.dk/hook",
                            events=list(events), actor=world.users["municipal_admin"])


def test_a_new_referral_is_delivered_signed_with_ids_and_states_only(world, receiver,
                                                                     django_capture_on_commit_callbacks):
    created = hook(world, "referral.created")
    with django_capture_on_commit_callbacks(execute=True):
        observation = observe(world.users["caretaker"], world.estate_a, "falls", first_name="Karen")
    [(url, body, headers)] = receiver.calls
    assert url == "https://sag.example.dk/hook"
    payload = json.loads(body)
    assert payload["event"] == "referral.created"
    assert payload["data"] == {"referral_id": observation.referral.pk, "unit_id": observation.referral.unit_id,
                               "state": "sent", "urgency": "yellow"}
    assert b"Karen" not in body
    assert webhooks.verify(created.secret, headers["X-Lokalsundhed-Timestamp"], body,
                           headers["X-Lokalsundhed-Signature"])
    assert not webhooks.verify("wrong", headers["X-Lokalsundhed-Timestamp"], body,
                               headers["X-Lokalsundhed-Signature"])
    assert Delivery.objects.get().state == Delivery.State.DELIVERED


def test_a_referral_filed_while_the_queue_is_unreachable_is_delivered_by_the_retries(
        world, receiver, monkeypatch, django_capture_on_commit_callbacks, caplog):
    from lokalsundhed.api import receivers

    def unreachable(delivery_id):
        raise ConnectionError("queue unreachable")

    monkeypatch.setattr(receivers, "deliver_webhook", unreachable)
    hook(world, "referral.created")
    with django_capture_on_commit_callbacks(execute=True):
        observation = observe(world.users["caretaker"], world.estate_a, "falls")  # no error for the caretaker
    assert receiver.calls == [] and "the retries will send it" in caplog.text
    assert webhooks.retry_due() == 1
    [(_url, body, _headers)] = receiver.calls
    assert json.loads(body)["data"]["referral_id"] == observation.referral.pk
    assert Delivery.objects.get().state == Delivery.State.DELIVERED


def test_a_state_change_is_an_event_but_a_claim_is_not(world, receiver, django_capture_on_commit_callbacks):
    hook(world, "referral.state_changed")
    with django_capture_on_commit_callbacks(execute=True):
        services.claim(world.referral, actor=world.users["intake"])  # sent → received (+ the claim itself)
        services.take_over(world.referral, actor=world.users["intake"], status_text="")
    states = [json.loads(body)["data"]["state"] for _url, body, _h in receiver.calls]
    assert states == ["received", "taken_over"]


def test_another_organisations_webhook_hears_nothing(world, receiver, django_capture_on_commit_callbacks):
    hook(world, "referral.created", organisation=world.municipality_v)
    with django_capture_on_commit_callbacks(execute=True):
        observe(world.users["caretaker"], world.estate_a, "falls")
    assert receiver.calls == []


def test_a_sign_up_is_told_to_the_offers_organisation(world, receiver, django_capture_on_commit_callbacks):
    register_webhook(organisation=world.housing_a, url="https://bolig.example.dk/hook", events=["sign_up.created"],
                     actor=world.users["housing_admin"])
    offer = make_offer(world.users["social_worker"], estate=world.estate_a, capacity=5, sessions=1)
    with django_capture_on_commit_callbacks(execute=True):
        entry = offer_services.sign_up(offer, resident(1))
    [(_url, body, _headers)] = receiver.calls
    assert json.loads(body)["data"] == {"sign_up_id": entry.pk, "offer_id": offer.pk, "status": entry.status}


def test_failures_are_retried_with_back_off_then_the_webhook_is_disabled_and_its_owner_told(
        world, monkeypatch, settings, django_capture_on_commit_callbacks):
    settings.WEBHOOK_MAX_FAILURES = 1
    fake = FakeReceiver([500, OSError("refused")])
    monkeypatch.setattr(webhooks, "http_post", fake)
    created = hook(world, "referral.created")
    with django_capture_on_commit_callbacks(execute=True):
        observe(world.users["caretaker"], world.estate_a, "falls")
    delivery = Delivery.objects.get()
    assert (delivery.state, delivery.attempts, delivery.last_status) == ("pending", 1, 500)
    first_retry = delivery.next_attempt_at
    assert first_retry - delivery.last_attempt_at == webhooks.BACKOFF[0]
    now = timezone.now()
    assert webhooks.retry_due(now=now) == 0  # not yet due
    with django_capture_on_commit_callbacks(execute=True):
        for backoff in webhooks.BACKOFF:
            now += backoff + timedelta(seconds=1)
            webhooks.retry_due(now=now)
    delivery.refresh_from_db()
    assert delivery.state == Delivery.State.FAILED
    assert delivery.attempts == webhooks.MAX_ATTEMPTS
    assert delivery.last_error == "OSError"
    webhook = Webhook.objects.get(pk=created.webhook.pk)
    assert not webhook.is_active and webhook.disabled_at is not None
    [message] = [m for m in mail.outbox if "webhook" in m.subject.lower()]
    assert message.to == [world.users["municipal_admin"].email]
    assert "https://sag.example.dk/hook" in message.body


def test_a_webhook_is_switched_off_though_the_mail_server_is_down_and_its_owner_told_later(
        world, monkeypatch, settings, django_capture_on_commit_callbacks):
    from smtplib import SMTPServerDisconnected

    from lokalsundhed.api import notifications
    from lokalsundhed.core import outbox

    settings.WEBHOOK_MAX_FAILURES = 1
    monkeypatch.setattr(webhooks, "http_post", FakeReceiver([OSError("refused")]))
    created = hook(world, "referral.created")
    real_send_mail = notifications.send_mail

    def down(*args, **kwargs):
        raise SMTPServerDisconnected("mail server down")

    monkeypatch.setattr(notifications, "send_mail", down)
    with django_capture_on_commit_callbacks(execute=True):
        observe(world.users["caretaker"], world.estate_a, "falls")
    now = timezone.now()
    with django_capture_on_commit_callbacks(execute=True):
        for backoff in webhooks.BACKOFF:
            now += backoff + timedelta(seconds=1)
            webhooks.retry_due(now=now)
    assert Delivery.objects.get().state == Delivery.State.FAILED  # the delivery's end is written all the same
    assert not Webhook.objects.get(pk=created.webhook.pk).is_active
    assert not [m for m in mail.outbox if "webhook" in m.subject.lower()]
    monkeypatch.setattr(notifications, "send_mail", real_send_mail)
    outbox.send_due(now=timezone.now() + outbox.BACKOFF[0])
    [message] = [m for m in mail.outbox if "webhook" in m.subject.lower()]
    assert message.to == [world.users["municipal_admin"].email]


def test_a_success_resets_the_count_of_failures(world, receiver, django_capture_on_commit_callbacks):
    created = hook(world, "referral.created")
    Webhook.objects.filter(pk=created.webhook.pk).update(consecutive_failures=3)
    with django_capture_on_commit_callbacks(execute=True):
        observe(world.users["caretaker"], world.estate_a, "falls")
    assert Webhook.objects.get(pk=created.webhook.pk).consecutive_failures == 0


def test_an_old_timestamp_is_refused_by_the_receivers_check():
    body = b'{"event":"x"}'
    stamp = 1_700_000_000
    header = webhooks.signature("s3cret", stamp, body)
    assert webhooks.verify("s3cret", str(stamp), body, header, now=stamp + 10)
    assert not webhooks.verify("s3cret", str(stamp), body, header, now=stamp + 3600)


class WorkerKilled(BaseException):
    """What the worker's process sees when it is stopped in the middle of a delivery."""


def _pending(world, *, now):
    created = hook(world, "referral.created")
    return Delivery.objects.create(webhook=created.webhook, event="referral.created",
                                   payload={"event": "referral.created", "data": {"referral_id": 1}},
                                   next_attempt_at=now)


def test_a_delivery_whose_worker_stopped_mid_attempt_is_tried_again(world, monkeypatch):
    """The attempt is claimed before the network call; a worker killed before it could write the
    answer left the delivery waiting with no time for its next attempt, which nothing ever retried."""
    now = timezone.now()
    delivery = _pending(world, now=now)
    monkeypatch.setattr(webhooks, "http_post", FakeReceiver([WorkerKilled()]))
    with pytest.raises(WorkerKilled):
        webhooks.attempt(delivery.pk, now=now)
    delivery.refresh_from_db()
    assert (delivery.state, delivery.attempts) == ("pending", 1)
    # Not while the attempt may still be running, then as after a failed attempt.
    assert webhooks.retry_due(now=now + timedelta(seconds=30)) == 0
    receiver = FakeReceiver([200])
    monkeypatch.setattr(webhooks, "http_post", receiver)
    assert webhooks.retry_due(now=delivery.next_attempt_at) == 1
    delivery.refresh_from_db()
    assert (delivery.state, delivery.attempts, delivery.last_status) == ("delivered", 2, 200)
    # The receiver can tell a repeat by the delivery's id, which both attempts carry.
    assert receiver.calls[0][2]["X-Lokalsundhed-Delivery"] == str(delivery.pk)


def test_a_last_attempt_whose_worker_stopped_ends_as_failed_and_counts(world, monkeypatch):
    now = timezone.now()
    delivery = _pending(world, now=now)
    Delivery.objects.filter(pk=delivery.pk).update(attempts=webhooks.MAX_ATTEMPTS - 1)
    monkeypatch.setattr(webhooks, "http_post", FakeReceiver([WorkerKilled()]))
    with pytest.raises(WorkerKilled):
        webhooks.attempt(delivery.pk, now=now)
    delivery.refresh_from_db()
    assert delivery.next_attempt_at is not None
    receiver = FakeReceiver([200])
    monkeypatch.setattr(webhooks, "http_post", receiver)
    assert webhooks.retry_due(now=delivery.next_attempt_at) == 1
    delivery.refresh_from_db()
    assert (delivery.state, delivery.attempts) == ("failed", webhooks.MAX_ATTEMPTS)
    assert delivery.last_error == "no answer recorded"
    assert receiver.calls == []  # no attempt beyond the last
    assert Webhook.objects.get(pk=delivery.webhook_id).consecutive_failures == 1


def test_deliveries_are_deleted_after_their_retention_but_not_while_waiting(world, settings):
    from lokalsundhed.api.housekeeping import prune_deliveries

    settings.WEBHOOK_DELIVERIES_KEPT_DAYS = 90
    now = timezone.now()
    webhook = hook(world, "referral.created").webhook

    def delivery(state, days_ago):
        return Delivery.objects.create(webhook=webhook, event="referral.created", payload={}, state=state,
                                       created_at=now - timedelta(days=days_ago))

    old_delivered, old_failed = delivery("delivered", 91), delivery("failed", 91)
    recent, waiting = delivery("delivered", 89), delivery("pending", 91)
    assert prune_deliveries(now=now) == 2
    assert set(Delivery.objects.values_list("pk", flat=True)) == {recent.pk, waiting.pk}
    assert not Delivery.objects.filter(pk__in=[old_delivered.pk, old_failed.pk]).exists()
