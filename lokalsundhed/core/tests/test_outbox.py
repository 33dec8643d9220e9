"""The outbox: a notice commits with its change, is sent after the commit, and is sent by the
minute's sweep when the queueing was lost, its worker stopped mid-send or the gateway failed."""

from __future__ import annotations

import logging
from datetime import timedelta

import pytest
from django.core import mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from lokalsundhed.core import outbox, tasks
from lokalsundhed.core.models import OutboxEntry
from lokalsundhed.core.sms import LocmemSmsBackend
from lokalsundhed.core.tests.world import build_world
from lokalsundhed.offers.models import Message, SignUp
from lokalsundhed.offers.tests.factories import make_offer
from lokalsundhed.referrals.tests.factories import ReceivingUnitFactory, observe

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    return build_world()


@pytest.fixture
def sent(monkeypatch):
    """A topic whose sender records what it was given (and raises while `failures` is positive)."""
    calls: list[tuple] = []
    state = {"failures": 0}

    def send(*args):
        calls.append(args)
        if state["failures"]:
            state["failures"] -= 1
            raise ConnectionError("gateway down")

    monkeypatch.setitem(outbox._senders, "tests.notice", send)
    calls_and_state = calls, state
    return calls_and_state


@pytest.fixture
def queue_lost(monkeypatch):
    """The web worker never reaches the queue after its commit (killed, or the queue unreachable)."""

    def unreachable(entry_id):
        raise ConnectionError("queue unreachable")

    monkeypatch.setattr(tasks, "send_outbox_entry", unreachable)


def test_a_notice_commits_with_its_change_and_is_sent_after_the_commit(sent, django_capture_on_commit_callbacks):
    calls, _state = sent
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(RuntimeError):  # noqa: PT012
        with transaction.atomic():
            outbox.add("tests.notice", 1, "confirmation", None)
            raise RuntimeError("the change fails")
    assert not OutboxEntry.objects.exists() and calls == []
    with django_capture_on_commit_callbacks(execute=True):
        with transaction.atomic():
            entry = outbox.add("tests.notice", 2, "confirmation", None)
        assert calls == []  # nothing leaves before the commit
    assert calls == [(2, "confirmation", None)]
    entry.refresh_from_db()
    assert entry.sent_at is not None and entry.next_attempt_at is None and entry.attempts == 1
    assert outbox.send_due(now=timezone.now() + timedelta(days=1)) == 0  # and never again


@pytest.mark.parametrize("value", ["Jens Hansen", "+4520304050", "jens@example.dk", "010170-1234", 1.5, True, [1]])
def test_an_entry_holds_ids_and_codes_never_personal_data(sent, value):
    with pytest.raises(ValueError, match="ids and codes only") as refusal:
        outbox.add("tests.notice", value)
    assert not OutboxEntry.objects.exists()
    assert str(value) not in str(refusal.value)  # nor is the value repeated in the error (and a log)


def test_a_topic_without_a_sender_is_refused_when_written():
    with pytest.raises(ValueError, match="no sender"):
        outbox.add("tests.nobody", 1)


def test_a_resident_whose_confirmation_was_never_queued_gets_it_from_the_sweep(
        client, world, settings, queue_lost, django_capture_on_commit_callbacks, caplog):
    settings.SMS_BACKEND = "lokalsundhed.core.sms.LocmemSmsBackend"
    LocmemSmsBackend.outbox.clear()
    offer = make_offer(world.users["social_worker"], estate=world.estate_a, capacity=5)
    url = reverse("offers:public_offer", args=[offer.pk])
    with caplog.at_level(logging.WARNING, logger="lokalsundhed.core.outbox"), \
            django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"first_name": "Amal", "phone": "20 30 40 50", "language": "ar"})
    entry = SignUp.objects.get(first_name="Amal")
    # The resident's sign-up stands and their page opens, though the queue could not be reached.
    assert response.status_code == 302 and response["Location"] == reverse("offers:my_sign_up", args=[entry.token])
    assert LocmemSmsBackend.outbox == []
    assert "the sweep will send it" in caplog.text and "Amal" not in caplog.text
    assert outbox.send_due() == 1
    assert [sms.to for sms in LocmemSmsBackend.outbox] == ["+4520304050"]
    assert entry.token in LocmemSmsBackend.outbox[0].body
    assert Message.objects.filter(sign_up=entry, kind=Message.Kind.CONFIRMATION, sent_at__isnull=False).count() == 1
    assert outbox.send_due(now=timezone.now() + timedelta(hours=1)) == 0
    assert len(LocmemSmsBackend.outbox) == 1


def test_a_unit_told_of_a_new_referral_though_the_queue_was_lost(world, settings, queue_lost,
                                                                  django_capture_on_commit_callbacks):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    unit = ReceivingUnitFactory(municipality=world.municipality_m, is_default=True,
                                notification_email="psykiatri@example.dk")
    with django_capture_on_commit_callbacks(execute=True):
        referral = observe(world.users["caretaker"], world.estate_a, "psychiatric_crisis").referral
    assert referral.unit_id == unit.pk and mail.outbox == []
    assert outbox.send_due() >= 1
    assert [m.to for m in mail.outbox] == [["psykiatri@example.dk"]]
    assert "Inge" not in mail.outbox[0].body  # the notice says only that something waits


def test_a_notice_whose_worker_stopped_mid_send_is_sent_again_once_its_claim_runs_out(sent):
    calls, _state = sent
    entry = outbox.add("tests.notice", 7)
    now = timezone.now()
    # A worker claimed the attempt and was killed before it recorded the answer.
    assert OutboxEntry.objects.filter(pk=entry.pk).update(attempts=1, next_attempt_at=now + outbox.LEASE)
    assert outbox.send_due(now=now + outbox.LEASE - timedelta(seconds=1)) == 0
    assert outbox.attempt(entry.pk, now=now) is False  # the queued task, too, leaves a held claim alone
    assert outbox.send_due(now=now + outbox.LEASE) == 1
    assert calls == [(7,)]
    entry.refresh_from_db()
    assert entry.attempts == 2 and entry.sent_at is not None


def test_two_workers_never_send_one_notice_at_the_same_time(monkeypatch):
    calls = []

    def send(entry_id):
        calls.append(entry_id)
        # A second worker (the sweep beside the queued task) tries the same entry meanwhile.
        assert outbox.attempt(entry_id) is False

    monkeypatch.setitem(outbox._senders, "tests.notice", send)
    entry = outbox.add("tests.notice", 0)
    OutboxEntry.objects.filter(pk=entry.pk).update(args=[entry.pk])
    assert outbox.attempt(entry.pk) is True
    assert calls == [entry.pk]


def test_a_failing_gateway_is_tried_again_with_back_off_then_given_up_and_logged(sent, caplog):
    calls, state = sent
    state["failures"] = 99
    entry = outbox.add("tests.notice", 3)
    now = timezone.now()
    with caplog.at_level(logging.WARNING, logger="lokalsundhed.core.outbox"):
        for attempt, wait in enumerate(outbox.BACKOFF, start=1):
            assert outbox.send_due(now=now) == 0
            entry.refresh_from_db()
            assert (entry.attempts, entry.next_attempt_at, entry.last_error) == (attempt, now + wait, "ConnectionError")
            assert outbox.send_due(now=now + wait - timedelta(seconds=1)) == 0  # not before its time
            now += wait
        assert outbox.send_due(now=now) == 0
    entry.refresh_from_db()
    assert entry.attempts == outbox.MAX_ATTEMPTS == len(calls)
    assert entry.failed_at is not None and entry.next_attempt_at is None and entry.sent_at is None
    assert "given up after 5 attempts (ConnectionError)" in caplog.text
    assert [r.levelname for r in caplog.records].count("ERROR") == 1
    assert outbox.send_due(now=now + timedelta(days=1)) == 0 and len(calls) == outbox.MAX_ATTEMPTS


def test_a_gateway_that_recovers_gets_the_notice_through(sent):
    calls, state = sent
    state["failures"] = 2
    entry = outbox.add("tests.notice", 4)
    now = timezone.now()
    assert outbox.send_due(now=now) == 0
    assert outbox.send_due(now=now + outbox.BACKOFF[0]) == 0
    assert outbox.send_due(now=now + outbox.BACKOFF[0] + outbox.BACKOFF[1]) == 1
    entry.refresh_from_db()
    assert len(calls) == 3 and entry.sent_at is not None and entry.last_error == ""


def test_a_last_attempt_cut_short_ends_as_given_up(sent, caplog):
    calls, _state = sent
    now = timezone.now()
    entry = outbox.add("tests.notice", 5)
    OutboxEntry.objects.filter(pk=entry.pk).update(attempts=outbox.MAX_ATTEMPTS, next_attempt_at=now)
    with caplog.at_level(logging.ERROR, logger="lokalsundhed.core.outbox"):
        assert outbox.send_due(now=now) == 0
    entry.refresh_from_db()
    assert calls == [] and entry.failed_at == now and entry.last_error == outbox.UNSETTLED
    assert "given up" in caplog.text


def test_a_notice_about_a_sign_up_since_deleted_is_done_without_a_message(world, settings):
    settings.SMS_BACKEND = "lokalsundhed.core.sms.LocmemSmsBackend"
    LocmemSmsBackend.outbox.clear()
    offer = make_offer(world.users["social_worker"], estate=world.estate_a)
    entry = outbox.add("offers.message", 10**9, Message.Kind.CONFIRMATION, None)
    assert outbox.send_due() == 1
    entry.refresh_from_db()
    assert entry.sent_at is not None and entry.attempts == 1 and LocmemSmsBackend.outbox == []
    assert offer.sign_ups.count() == 0


def test_the_record_of_sent_and_given_up_notices_is_deleted_after_its_days(sent, settings):
    settings.OUTBOX_KEPT_DAYS = 30
    now = timezone.now()
    old, recent, waiting, given_up = (outbox.add("tests.notice", n) for n in range(4))
    OutboxEntry.objects.filter(pk__in=[old.pk, recent.pk]).update(sent_at=now, next_attempt_at=None)
    OutboxEntry.objects.filter(pk=given_up.pk).update(failed_at=now, next_attempt_at=None)
    OutboxEntry.objects.filter(pk__in=[old.pk, waiting.pk, given_up.pk]).update(created_at=now - timedelta(days=31))
    assert outbox.prune(now=now) == 2
    assert set(OutboxEntry.objects.values_list("pk", flat=True)) == {recent.pk, waiting.pk}


# Where mail and SMS may leave from other than an outbox sender (`notifications.py`), and why.
SENT_OUTSIDE_THE_OUTBOX = {
    "directory/housekeeping.py": "the nightly stale-services e-mail, marked only after it was sent (at least once)",
}


def test_mail_and_sms_leave_only_through_the_outbox_senders():
    import ast
    from pathlib import Path

    root = Path(outbox.__file__).resolve().parents[1]
    senders = set()
    for path in root.rglob("*.py"):
        relative = path.relative_to(root).as_posix()
        if "/tests/" in relative or relative.startswith(("bench/", "demo/")):
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call):
                name = getattr(node.func, "id", None) or getattr(node.func, "attr", None)
                if name in {"send_mail", "send_mass_mail", "send_sms", "mail_admins", "mail_managers"}:
                    senders.add(relative)
    outside = {path for path in senders if not path.endswith("/notifications.py")}
    assert outside == set(SENT_OUTSIDE_THE_OUTBOX), (
        "mail or SMS sent outside an outbox sender: write the notice with core.outbox.add in the change's "
        f"transaction and send it from the app's notifications.py ({sorted(outside - set(SENT_OUTSIDE_THE_OUTBOX))})")


def test_an_operator_sees_what_waits_and_sends_the_given_up_again_once_the_gateway_works(sent):
    from io import StringIO

    from django.core.management import call_command
    from django.core.management.base import CommandError

    calls, state = sent
    state["failures"] = 99
    stuck = [outbox.add("tests.notice", n) for n in range(3)]
    waiting = outbox.add("tests.notice", 9)
    OutboxEntry.objects.filter(pk__in=[e.pk for e in stuck]).update(
        failed_at=timezone.now(), next_attempt_at=None, attempts=outbox.MAX_ATTEMPTS)
    OutboxEntry.objects.filter(pk=waiting.pk).update(created_at=timezone.now() - timedelta(minutes=45),
                                                     next_attempt_at=timezone.now() + timedelta(hours=1))
    out = StringIO()
    call_command("outbox", stdout=out)
    assert out.getvalue().splitlines() == ["waiting: 1 (tests.notice: 1)", "given up: 3 (tests.notice: 3)",
                                           "oldest waiting: 45 minutes"]
    with pytest.raises(CommandError, match="needs attention"):
        call_command("outbox", "--check", stdout=StringIO())
    state["failures"] = 0
    out = StringIO()
    call_command("outbox", "--retry-given-up", "--topic", "tests.notice", stdout=out)
    assert out.getvalue().startswith("3 given-up notices are due again")
    assert outbox.send_due() == 3
    assert sorted(calls[-3:]) == [(0,), (1,), (2,)]
    assert outbox.retry_given_up() == 0
    OutboxEntry.objects.filter(pk=waiting.pk).update(created_at=timezone.now())
    call_command("outbox", "--check", stdout=StringIO())  # nothing given up, nothing waiting long: exit 0
