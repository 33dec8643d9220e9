"""The worker: reminders the day before, the question after a missed session, retention."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from lokalsundhed.core.tests.world import build_world
from lokalsundhed.offers import change_services, housekeeping, services
from lokalsundhed.offers.models import Message, Offer, SignUp
from lokalsundhed.offers.tests.factories import at, make_offer, resident, sign_up_many

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    return build_world()


def test_everyone_with_a_place_tomorrow_is_reminded_once(world):
    offer = make_offer(world.users["social_worker"], estate=world.estate_a, capacity=2, first=at(1, 14))
    holders = sign_up_many(offer, 3)  # the third waits: no reminder
    mail.outbox.clear()
    assert housekeeping.send_reminders() == 2
    assert sorted(m.to[0] for m in mail.outbox) == sorted(h.email for h in holders[:2])
    assert housekeeping.send_reminders() == 0
    assert Message.objects.filter(kind=Message.Kind.REMINDER).count() == 2


def test_the_reminder_holds_no_health_information(world):
    offer = make_offer(world.users["professional"], estate=world.estate_a, first=at(1, 9),
                       title="Hjerteforeningens kursus om hjertesvigt")
    services.sign_up(offer, resident(1))
    mail.outbox.clear()
    housekeeping.send_reminders()
    (message,) = mail.outbox
    assert "hjerte" not in (message.subject + message.body).lower()
    assert "kursus" not in message.body.lower()


def test_no_reminder_for_sessions_further_away_or_cancelled(world):
    actor = world.users["social_worker"]
    later = make_offer(actor, estate=world.estate_a, first=at(3))
    cancelled = make_offer(actor, estate=world.estate_a, first=at(1))
    services.sign_up(later, resident(1))
    services.sign_up(cancelled, resident(2))
    change_services.cancel_session(cancelled.sessions.get(), actor=actor)
    assert housekeeping.send_reminders() == 0


def test_an_outreach_booking_is_reminded_with_its_own_time(world):
    worker = world.users["professional"]
    offer = make_offer(worker, estate=world.estate_a, kind=Offer.Kind.OUTREACH, first=at(1, 9), hours=1)
    slot = services.add_slots(offer.sessions.get(), 20, actor=worker)[1]
    services.sign_up(offer, resident(1), slot=slot)
    mail.outbox.clear()
    assert housekeeping.send_reminders() == 1
    assert timezone.localtime(slot.starts_at).strftime("%H:%M").lstrip("0") in mail.outbox[0].body.replace(".", ":")


def test_a_resident_who_missed_a_session_is_asked_once_whether_to_continue(world):
    worker = world.users["social_worker"]
    offer = make_offer(worker, estate=world.estate_a, sessions=2, first=at(-2, 10))
    came, missed = sign_up_many(offer, 2)
    SignUp.objects.filter(pk__in=[came.pk, missed.pk]).update(confirmed_at=timezone.now() - timedelta(days=5))
    services.set_attendance(offer.sessions.first(), came, True, actor=worker)
    mail.outbox.clear()
    assert housekeeping.follow_up_no_shows() == 1
    assert mail.outbox[0].to == [missed.email]
    assert missed.token in mail.outbox[0].body
    assert housekeeping.follow_up_no_shows() == 0


def test_no_question_where_attendance_was_never_recorded(world):
    worker = world.users["social_worker"]
    offer = make_offer(worker, estate=world.estate_a, first=at(-2, 10))
    sign_up_many(offer, 2)
    assert housekeeping.follow_up_no_shows() == 0


def test_details_are_removed_long_after_the_offer_and_the_figures_stay(world):
    worker = world.users["social_worker"]
    old = make_offer(worker, estate=world.estate_a, first=at(-300))
    current = make_offer(worker, estate=world.estate_a, first=at(5))
    gone = services.sign_up(old, resident(1, language="ar", first_time=True))
    kept = services.sign_up(current, resident(2))
    SignUp.objects.filter(pk__in=[gone.pk, kept.pk]).update(created_at=timezone.now() - timedelta(days=300))
    assert housekeeping.apply_retention() == 1
    gone.refresh_from_db()
    kept.refresh_from_db()
    assert (gone.first_name, gone.email, gone.phone) == ("", "", "")
    assert gone.language == "ar" and gone.first_time is True
    assert kept.first_name == "Beboer2"


def test_a_cancelled_offer_s_sign_ups_go_six_months_after_it_was_cancelled_not_after_its_planned_dates(world):
    worker = world.users["social_worker"]
    offer = make_offer(worker, estate=world.estate_a, first=at(200), sessions=3)
    entry = services.sign_up(offer, resident(1))
    SignUp.objects.filter(pk=entry.pk).update(created_at=timezone.now() - timedelta(days=300))
    change_services.cancel_offer(offer, actor=worker)
    now = timezone.now()
    assert housekeeping.apply_retention(now=now) == 0  # just cancelled: kept to answer "was it cancelled?"
    assert housekeeping.apply_retention(now=now + timedelta(days=150)) == 0
    assert housekeeping.apply_retention(now=now + timedelta(days=190)) == 1  # the cancelled dates do not count
    entry.refresh_from_db()
    assert (entry.first_name, entry.email, entry.phone) == ("", "", "")


def test_the_command_runs_the_rounds_at_a_given_moment(world):
    from io import StringIO

    from django.core.management import call_command

    offer = make_offer(world.users["social_worker"], estate=world.estate_a, first=at(5, 10))
    services.sign_up(offer, resident(1))
    out = StringIO()
    call_command("offers_housekeeping", "--now", timezone.localtime(at(4, 12)).isoformat(), stdout=out)
    assert "sent 1 reminders" in out.getvalue()


class WorkerKilled(BaseException):
    """What SIGKILL does to the worker: nothing after this point runs, no `except Exception` either."""


def test_a_worker_killed_before_sending_loses_no_reminder(world, monkeypatch):
    # The rounds run in the daytime (hourly 9–18): a round at ten and one after the lease see the same
    # tomorrow whenever the suite runs (just before midnight, "now + lease" has another tomorrow).
    round_ = at(0, 10)
    offer = make_offer(world.users["social_worker"], estate=world.estate_a, first=at(1, 14))
    (holder,) = sign_up_many(offer, 1)
    mail.outbox.clear()

    def killed(*args, **kwargs):
        raise WorkerKilled

    monkeypatch.setattr(housekeeping.notifications, "send", killed)
    with pytest.raises(WorkerKilled):
        housekeeping.send_reminders(now=round_)
    monkeypatch.undo()
    # The claim is there, unsent; a second worker at once leaves it to its owner.
    claim = Message.objects.get(kind=Message.Kind.REMINDER)
    assert claim.sent_at is None
    assert housekeeping.send_reminders(now=round_) == 0
    # Once the lease has passed, the next round takes the claim over and sends the reminder.
    later = round_ + housekeeping.CLAIM_LEASE + timedelta(minutes=1)
    assert housekeeping.send_reminders(now=later) == 1
    assert [m.to for m in mail.outbox] == [[holder.email]]
    claim.refresh_from_db()
    assert claim.sent_at is not None
    assert housekeeping.send_reminders(now=later + housekeeping.CLAIM_LEASE * 2) == 0
    assert len(mail.outbox) == 1


def test_a_worker_killed_after_the_backend_accepted_repeats_the_reminder_once(world, monkeypatch):
    round_ = at(0, 10)  # a daytime round, as above
    offer = make_offer(world.users["social_worker"], estate=world.estate_a, first=at(1, 14))
    sign_up_many(offer, 1)
    mail.outbox.clear()
    real_send = housekeeping.notifications.send

    def accepted_then_killed(*args, **kwargs):
        real_send(*args, **kwargs)
        raise WorkerKilled

    monkeypatch.setattr(housekeeping.notifications, "send", accepted_then_killed)
    with pytest.raises(WorkerKilled):
        housekeeping.send_reminders(now=round_)
    monkeypatch.undo()
    assert len(mail.outbox) == 1
    later = round_ + housekeeping.CLAIM_LEASE + timedelta(minutes=1)
    assert housekeeping.send_reminders(now=later) == 1
    assert housekeeping.send_reminders(now=later + housekeeping.CLAIM_LEASE * 2) == 0
    assert len(mail.outbox) == 2  # at least once: the one repeat falls between acceptance and record


def test_a_failed_send_is_tried_again_in_the_next_round(world, monkeypatch):
    offer = make_offer(world.users["social_worker"], estate=world.estate_a, first=at(1, 14))
    sign_up_many(offer, 1)
    mail.outbox.clear()

    def refused(*args, **kwargs):
        raise ConnectionError("the SMS gateway is down")

    monkeypatch.setattr(housekeeping.notifications, "send", refused)
    with pytest.raises(ConnectionError):
        housekeeping.send_reminders()
    monkeypatch.undo()
    assert not Message.objects.exists()
    assert housekeeping.send_reminders() == 1
