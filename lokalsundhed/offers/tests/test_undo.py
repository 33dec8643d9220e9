"""Undoing what staff clicked wrong: a cancelled session or sign-up is restored, a bookable time
is removed. The residents concerned are told (a time and their link, no health information),
the calendar feeds take the time back with a higher SEQUENCE, the rates count it again, and the
access log shows both the cancellation and the restoration."""

from __future__ import annotations

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import translation

from lokalsundhed.audit.models import Entry
from lokalsundhed.core.tests.support import log_in
from lokalsundhed.core.tests.world import build_world
from lokalsundhed.offers import change_services, notifications, reach_selectors, selectors, services
from lokalsundhed.offers.models import Message, SignUp, Slot
from lokalsundhed.offers.tests.factories import (
    at,
    make_offer,
    make_outreach,
    resident,
    sign_up_many,
)

pytestmark = pytest.mark.django_db
Status = SignUp.Status
HEALTH_WORDS = ("TACKLE", "smerter", "forløb", "Lægen")


@pytest.fixture
def world():
    return build_world()


def _subject(kind, variant: str = "") -> str:
    """The subject of a message of `kind` in Danish, the test residents' language."""
    with translation.override("da"):
        return str(notifications.WORDINGS[(kind, variant) if variant else kind].subject)


def _purposes(obj) -> list[str]:
    return list(Entry.objects.filter(object_id=str(obj.pk), object_type=obj._meta.label_lower)
                .order_by("pk").values_list("purpose", flat=True))


# --- A session ---------------------------------------------------------------------------------


def test_restoring_a_session_tells_everyone_and_puts_it_back_in_the_calendar(client, world, committed):
    worker = world.users["social_worker"]
    offer = make_offer(worker, estate=world.estate_a, capacity=5, sessions=2)
    people = sign_up_many(offer, 2)
    session = offer.sessions.order_by("starts_at")[1]
    change_services.cancel_session(session, reason="Ferie", actor=worker)
    mail.outbox.clear()
    log_in(client, worker)
    url = reverse("offers:session_restore", args=[session.pk])
    assert client.get(url).context["told"] == 2  # asked first, nothing done
    assert not mail.outbox
    with committed():
        assert client.post(url).status_code == 302
    session.refresh_from_db()
    assert session.cancelled_at is None and session.cancel_reason == "" and session.revision == 2
    assert sorted(m.to[0] for m in mail.outbox) == sorted(p.email for p in people)
    for message in mail.outbox:
        assert message.subject == _subject(Message.Kind.SESSION_RESTORED)
        assert not any(word in message.subject + message.body for word in HEALTH_WORDS)
        assert "Ferie" not in message.body
    assert Message.objects.filter(kind=Message.Kind.SESSION_RESTORED, session=session).count() == 2
    feed = client.get(reverse("offers:offer_ics", args=[offer.pk])).content.decode()
    (event,) = [e for e in feed.split("BEGIN:VEVENT")[1:] if f"UID:session-{session.pk}@" in e]
    assert "STATUS:CANCELLED" not in event and "SEQUENCE:2\r\n" in event
    assert _purposes(offer)[-2:] == ["session cancelled, 2 residents told", "session restored, 2 residents told"]


def test_a_restored_session_counts_in_the_rates_again(world):
    worker = world.users["professional"]
    offer = make_offer(worker, estate=world.estate_a, capacity=5, sessions=1, first=at(-7), completion_sessions=1)
    (session,) = services.add_sessions(offer, [(at(1), at(1, 12))], actor=worker)
    people = sign_up_many(offer, 2)
    change_services.cancel_session(session, actor=worker)
    with pytest.raises(services.SignUpRefused):
        services.set_attendance(session, people[0], True, actor=worker)
    change_services.restore_session(session, actor=worker)
    services.set_attendance(session, people[0], True, actor=worker)
    (row,) = reach_selectors.reach_report(SignUp.objects.all(), [(offer.pk, offer.title, world.estate_a.pk, None)], [], [], []).offers
    assert (row.attended, row.possible) == (1, 2)


def test_restoring_outreach_hours_books_the_ended_bookings_again(world, committed):
    worker = world.users["professional"]
    offer = make_outreach(worker, estate=world.estate_a)
    session = offer.sessions.get()
    first, second, third, *_ = list(session.slots.order_by("starts_at"))
    kept = services.sign_up(offer, resident(1), slot=first)
    gone_before = services.cancel(services.sign_up(offer, resident(2), slot=second))
    change_services.cancel_session(session, actor=worker)
    mail.outbox.clear()
    with committed():
        change_services.restore_session(session, actor=worker)
    kept.refresh_from_db()
    gone_before.refresh_from_db()
    assert kept.status == Status.CONFIRMED and kept.cancelled_at is None
    assert gone_before.status == Status.CANCELLED  # cancelled by the resident before: stays so
    (message,) = mail.outbox
    assert message.to == [kept.email] and message.subject == _subject(Message.Kind.SESSION_RESTORED, "slot")
    assert third in selectors.free_slots(offer) and first not in selectors.free_slots(offer)
    assert _purposes(kept)[-2:] == ["booking ended: its time was cancelled",
                                    "booking restored: its time takes place after all"]


def test_it_refuses_to_restore_a_session_that_is_over_or_not_cancelled(world):
    worker = world.users["social_worker"]
    offer = make_offer(worker, estate=world.estate_a, sessions=1)
    session = offer.sessions.get()
    with pytest.raises(change_services.ChangeRefused):
        change_services.restore_session(session, actor=worker)
    change_services.cancel_session(session, actor=worker)
    change_services.cancel_offer(offer, actor=worker)
    with pytest.raises(change_services.ChangeRefused):
        change_services.restore_session(session, actor=worker)


# --- A sign-up ---------------------------------------------------------------------------------


def test_restoring_a_sign_up_gives_the_place_back_and_tells_the_resident(client, world, committed):
    worker = world.users["social_worker"]
    offer = make_offer(worker, estate=world.estate_a, capacity=2)
    entry, other = sign_up_many(offer, 2)
    log_in(client, worker)
    client.post(reverse("offers:sign_up_cancel", args=[entry.pk]))
    assert entry.first_name in client.get(reverse("offers:offer_detail", args=[offer.pk])).content.decode()
    mail.outbox.clear()
    url = reverse("offers:sign_up_restore", args=[entry.pk])
    assert client.get(url).status_code == 200 and not mail.outbox
    with committed():
        assert client.post(url).status_code == 302
    entry.refresh_from_db()
    assert entry.status == Status.CONFIRMED and entry.cancelled_at is None
    (message,) = mail.outbox
    assert message.to == [entry.email] and message.subject == _subject(Message.Kind.RESTORED)
    assert entry.token in message.body and not any(word in message.body for word in HEALTH_WORDS)
    assert _purposes(entry) == ["signed up on behalf of a resident" if entry.signed_up_by else "resident signed up",
                                "sign-up cancelled", "cancelled sign-up to restore", "sign-up restored (confirmed)"]


def test_a_restored_sign_up_joins_the_end_of_the_waiting_list_when_the_places_are_taken(world):
    worker = world.users["social_worker"]
    offer = make_offer(worker, estate=world.estate_a, capacity=1)
    entry, waiting = sign_up_many(offer, 2)
    services.cancel(entry, actor=worker)  # the waiting one moves up
    late = services.sign_up(offer, resident(3))
    restored = services.restore_sign_up(entry, actor=worker)
    assert restored.status == Status.WAITING
    services.cancel(waiting, actor=worker)
    late.refresh_from_db()
    restored.refresh_from_db()
    assert (late.status, restored.status) == (Status.CONFIRMED, Status.WAITING)


def test_it_refuses_to_restore_a_booking_whose_time_someone_else_has_taken(world):
    worker = world.users["professional"]
    offer = make_outreach(worker, estate=world.estate_a)
    slot = offer.sessions.get().slots.first()
    entry = services.cancel(services.sign_up(offer, resident(1), slot=slot))
    services.sign_up(offer, resident(2), slot=slot)
    with pytest.raises(services.SignUpRefused):
        services.restore_sign_up(entry, actor=worker)
    entry.refresh_from_db()
    assert entry.status == Status.CANCELLED


# --- A bookable time ---------------------------------------------------------------------------


def test_removing_a_time_nobody_booked_deletes_it(client, world):
    worker = world.users["professional"]
    offer = make_outreach(worker, estate=world.estate_a)
    slot = offer.sessions.get().slots.first()
    log_in(client, worker)
    url = reverse("offers:slot_remove", args=[slot.pk])
    assert client.get(url).context["booked"] is None
    assert client.post(url).status_code == 302
    assert not Slot.objects.filter(pk=slot.pk).exists()
    assert slot not in selectors.free_slots(offer)


def test_removing_a_booked_time_ends_the_booking_tells_the_resident_and_keeps_its_history(world, committed):
    worker = world.users["professional"]
    offer = make_outreach(worker, estate=world.estate_a)
    session = offer.sessions.get()
    slot = session.slots.first()
    entry = services.sign_up(offer, resident(1), slot=slot)
    mail.outbox.clear()
    with committed():
        assert change_services.remove_slot(slot, actor=worker) == entry
    entry.refresh_from_db()
    slot.refresh_from_db()
    assert entry.status == Status.CANCELLED and entry.slot == slot and slot.removed_at is not None
    (message,) = mail.outbox
    assert message.subject == _subject(Message.Kind.SESSION_CANCELLED, "slot") and entry.token in message.body
    assert slot not in selectors.free_slots(offer)
    with pytest.raises(services.SignUpRefused):
        services.sign_up(offer, resident(2), slot=slot)
    # The same time can be offered anew: the removed one no longer holds its place.
    (again,) = services.add_slots(session, 15, actor=worker, start=slot.starts_at, count=1)
    assert again.starts_at == slot.starts_at
