"""Cancelling a session or a whole offer: everyone signed up is told (a time and their link,
nothing about health and not the reason), residents see the cancellation (the iCalendar feed
says STATUS:CANCELLED), and cancelled sessions count in no attendance or completion rate."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone, translation

from lokalsundhed.core import cldr
from lokalsundhed.core.sms import LocmemSmsBackend
from lokalsundhed.core.tests.support import log_in
from lokalsundhed.core.tests.world import build_world
from lokalsundhed.offers import change_services, housekeeping, reach_selectors, selectors, services
from lokalsundhed.offers.models import Message, Offer, SignUp
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


@pytest.fixture
def sms(settings):
    settings.SMS_BACKEND = "lokalsundhed.core.sms.LocmemSmsBackend"
    LocmemSmsBackend.outbox.clear()
    return LocmemSmsBackend.outbox


def _danish_time(moment) -> str:
    with translation.override("da"):
        return cldr.day_time(moment)  # as residents read it (CLDR, core/cldr.py)


# --- A session ---------------------------------------------------------------------------------


def test_cancelling_a_session_tells_everyone_signed_up_without_health_information(client, world, committed, sms):
    worker = world.users["social_worker"]
    offer = make_offer(worker, estate=world.estate_a, capacity=2, sessions=3)
    by_email = sign_up_many(offer, 2)
    by_sms = services.sign_up(offer, resident(3, email=False))  # waiting: told too
    session = offer.sessions.order_by("starts_at")[1]
    mail.outbox.clear()
    log_in(client, worker)
    url = reverse("offers:session_cancel", args=[session.pk])
    assert client.get(url).status_code == 200
    with committed():
        response = client.post(url, {"reason": "Instruktøren er syg"})
    assert response.status_code == 302
    session.refresh_from_db()
    assert session.cancelled_at is not None and session.cancel_reason == "Instruktøren er syg"
    assert sorted(m.to[0] for m in mail.outbox) == sorted(s.email for s in by_email)
    assert [s.to for s in sms] == [by_sms.phone]
    email_of = {entry.email: entry for entry in by_email}
    told = [(m.subject + " " + m.body, email_of[m.to[0]]) for m in mail.outbox] + [(sms[0].body, by_sms)]
    for text, entry in told:
        assert _danish_time(session.starts_at) in text and entry.token in text
        assert not any(word in text for word in (*HEALTH_WORDS, "syg", "Instruktøren"))
    assert Message.objects.filter(kind=Message.Kind.SESSION_CANCELLED, session=session).count() == 3
    assert all(s.status != Status.CANCELLED for s in SignUp.objects.filter(offer=offer))  # the course goes on


def test_a_cancelled_session_needs_a_reason(client, world):
    worker = world.users["social_worker"]
    offer = make_offer(worker, estate=world.estate_a)
    session = offer.sessions.get()
    log_in(client, worker)
    response = client.post(reverse("offers:session_cancel", args=[session.pk]), {"reason": ""})
    assert response.status_code == 200
    session.refresh_from_db()
    assert session.cancelled_at is None


def test_a_session_is_told_cancelled_once(world, committed):
    worker = world.users["social_worker"]
    offer = make_offer(worker, estate=world.estate_a)
    services.sign_up(offer, resident(1))
    session = offer.sessions.get()
    mail.outbox.clear()
    with committed():
        change_services.cancel_session(session, reason="Lokalet er optaget", actor=worker)
        change_services.cancel_session(session, reason="Igen", actor=worker)
    assert len(mail.outbox) == 1
    session.refresh_from_db()
    assert session.cancel_reason == "Lokalet er optaget"


def test_a_session_that_has_ended_cannot_be_cancelled(world):
    worker = world.users["social_worker"]
    offer = make_offer(worker, estate=world.estate_a, first=at(-3))
    with pytest.raises(services.ChangeRefused):
        change_services.cancel_session(offer.sessions.get(), reason="For sent", actor=worker)


def test_a_cancelled_session_shows_as_cancelled_to_residents(client, world):
    worker = world.users["social_worker"]
    offer = make_offer(worker, estate=world.estate_a, sessions=2, title="Fredagscafé")
    change_services.cancel_session(offer.sessions.order_by("starts_at").first(), reason="Ferie", actor=worker)
    client.cookies["django_language"] = "en"
    for url in (reverse("offers:public_offer", args=[offer.pk]),
                reverse("offers:estate_calendar", args=[world.estate_a.pk])):
        html = client.get(url).content.decode()
        assert html.count("<strong>Cancelled</strong>") == 1, url
        assert "Ferie" not in html


def test_the_icalendar_feeds_say_a_cancelled_session_is_cancelled(client, world):
    worker = world.users["social_worker"]
    offer = make_offer(worker, estate=world.estate_a, sessions=3)
    cancelled = offer.sessions.order_by("starts_at")[1]
    change_services.cancel_session(cancelled, reason="Ferie", actor=worker)
    for url in (reverse("offers:offer_ics", args=[offer.pk]), reverse("offers:estate_ics", args=[world.estate_a.pk])):
        body = client.get(url).content.decode()
        events = body.split("BEGIN:VEVENT")[1:]
        assert len(events) == 3, url
        (marked,) = [event for event in events if "STATUS:CANCELLED" in event]
        assert f"UID:session-{cancelled.pk}@lokalsundhed" in marked
        assert "SEQUENCE:1\r\n" in marked
        assert all("SEQUENCE:0\r\n" in event for event in events if event is not marked)
        assert "Ferie" not in body


def test_a_session_cancelled_while_under_way_counts_in_no_rate(world):
    """A course needing 3 sessions: two held with all 5 there, the third cancelled after two were
    marked. Attendance: 10 of 5 × 2 (not 12 of 15). Completion: the threshold cannot be more than
    the sessions held, so all 5 completed."""
    worker = world.users["professional"]
    offer = make_offer(worker, estate=world.estate_a, capacity=5, sessions=2, first=at(-14), completion_sessions=3)
    now = timezone.now()
    (under_way,) = services.add_sessions(offer, [(now - timedelta(minutes=30), now + timedelta(minutes=90))],
                                         actor=worker)
    people = sign_up_many(offer, 5)
    for session in offer.sessions.order_by("starts_at")[:2]:
        for person in people:
            services.set_attendance(session, person, True, actor=worker)
    for person in people[:2]:
        services.set_attendance(under_way, person, True, actor=worker)
    change_services.cancel_session(under_way, reason="Brandalarm", actor=worker)

    (row,) = reach_selectors.reach_report(SignUp.objects.all(), [(offer.pk, offer.title, world.estate_a.pk, None)], [], [], []).offers
    assert (row.attended, row.possible) == (10, 10)
    assert (row.course_participants, row.completed) == (5, 5)


def test_attendance_cannot_be_taken_at_a_cancelled_session(world):
    worker = world.users["social_worker"]
    offer = make_offer(worker, estate=world.estate_a)
    entry = services.sign_up(offer, resident(1))
    session = offer.sessions.get()
    change_services.cancel_session(session, reason="Ferie", actor=worker)
    with pytest.raises(services.SignUpRefused):
        services.set_attendance(session, entry, True, actor=worker)


def test_outreach_bookings_of_a_cancelled_block_are_released_and_told(client, world, committed):
    worker = world.users["professional"]
    offer = make_outreach(worker, estate=world.estate_a, first=at(3, 9))
    first, second = selectors.free_slots(offer)[:2]
    booked = [services.sign_up(offer, resident(1), slot=first), services.sign_up(offer, resident(2), slot=second)]
    mail.outbox.clear()
    with committed():
        change_services.cancel_session(offer.sessions.get(), reason="Lægen er på kursus", actor=worker)
    for entry, slot in zip(booked, (first, second), strict=True):
        entry.refresh_from_db()
        assert entry.status == Status.CANCELLED
        (message,) = [m for m in mail.outbox if m.to == [entry.email]]
        assert _danish_time(slot.starts_at) in message.body
        assert not any(word in message.body for word in (*HEALTH_WORDS, "kursus"))
    client.cookies["django_language"] = "en"
    page = client.get(reverse("offers:my_sign_up", args=[booked[0].token])).content.decode()
    assert "This time is cancelled" in page and reverse("offers:public_offer", args=[offer.pk]) in page
    assert selectors.free_slots(offer) == []


# --- A whole offer -----------------------------------------------------------------------------


def test_cancelling_an_offer_tells_everyone_and_takes_it_off_the_calendar(client, world, committed):
    worker = world.users["social_worker"]
    offer = make_offer(worker, estate=world.estate_a, capacity=2, sessions=3)
    make_offer(worker, estate=world.estate_a, title="Fredagscafé")
    people = sign_up_many(offer, 3)
    mail.outbox.clear()
    log_in(client, worker)
    url = reverse("offers:offer_cancel", args=[offer.pk])
    assert client.get(url).status_code == 200
    with committed():
        assert client.post(url, {"reason": "For få tilmeldte"}).status_code == 302
    offer.refresh_from_db()
    assert offer.cancelled_at is not None and offer.cancel_reason == "For få tilmeldte"
    assert sorted(m.to[0] for m in mail.outbox) == sorted(p.email for p in people)
    for person in people:
        (message,) = [m for m in mail.outbox if m.to == [person.email]]
        assert person.token in message.body
        assert not any(word in message.subject + message.body for word in (*HEALTH_WORDS, "tilmeldte"))
    assert Message.objects.filter(kind=Message.Kind.OFFER_CANCELLED).count() == 3
    # Nothing was held yet: every place ends, and every session is cancelled.
    assert set(SignUp.objects.filter(offer=offer).values_list("status", flat=True)) == {Status.CANCELLED}
    assert not offer.sessions.filter(cancelled_at__isnull=True).exists()

    # Gone from the residents' pages ...
    client.logout()
    assert client.get(reverse("offers:public_offer", args=[offer.pk])).status_code == 404
    assert client.get(reverse("offers:offer_ics", args=[offer.pk])).status_code == 404
    calendar = client.get(reverse("offers:estate_calendar", args=[world.estate_a.pk])).content.decode()
    assert offer.title not in calendar and "Fredagscafé" in calendar
    feed = client.get(reverse("offers:estate_ics", args=[world.estate_a.pk])).content.decode()
    assert feed.count("BEGIN:VEVENT") == 1
    municipal = client.get(reverse("offers:municipality_calendar", args=["0607"])).content.decode()
    assert offer.title not in municipal

    # ... and shown to staff as cancelled, with the reason.
    log_in(client, worker)
    client.cookies["django_language"] = "en"
    listing = client.get(reverse("offers:offer_list")).content.decode()
    assert offer.title in listing and "Cancelled" in listing
    detail = client.get(reverse("offers:offer_detail", args=[offer.pk])).content.decode()
    assert "For få tilmeldte" in detail and reverse("offers:offer_sign_up", args=[offer.pk]) not in detail


def test_a_cancelled_offer_keeps_who_took_part_in_what_was_held(world):
    worker = world.users["professional"]
    offer = make_offer(worker, estate=world.estate_a, capacity=3, sessions=4, first=at(-15))
    took_part = sign_up_many(offer, 3)
    waiting = services.sign_up(offer, resident(4))
    held = list(offer.sessions.order_by("starts_at")[:3])
    for session in held:
        for person in took_part:
            services.set_attendance(session, person, True, actor=worker)
    change_services.cancel_offer(offer, reason="Instruktøren er stoppet", actor=worker)
    assert set(SignUp.objects.filter(pk__in=[p.pk for p in took_part]).values_list("status", flat=True)) == {
        Status.CONFIRMED}
    waiting.refresh_from_db()
    assert waiting.status == Status.CANCELLED
    assert list(offer.sessions.filter(cancelled_at__isnull=False)) == list(offer.sessions.order_by("starts_at")[3:])
    (row,) = reach_selectors.reach_report(SignUp.objects.all(), [(offer.pk, offer.title, world.estate_a.pk, None)], [], [], []).offers
    assert (row.participants, row.attended, row.possible, row.completed) == (3, 9, 9, 3)


def test_a_cancelled_offer_takes_no_sign_ups_changes_or_reminders(client, world):
    worker = world.users["social_worker"]
    offer = make_offer(worker, estate=world.estate_a, capacity=1, sessions=3, first=at(-6, 14))
    holder = services.sign_up(offer, resident(1))
    services.set_attendance(offer.sessions.order_by("starts_at").first(), holder, True, actor=worker)
    change_services.cancel_offer(offer, reason="Lokalet lukker", actor=worker)
    with pytest.raises(services.SignUpRefused):
        services.sign_up(offer, resident(2))
    with pytest.raises(services.ChangeRefused):
        services.change_capacity(offer, 5, actor=worker)
    mail.outbox.clear()
    assert housekeeping.send_reminders(now=at(0, 12)) == 0
    # The resident's own page says so, and offers nothing to cancel.
    client.cookies["django_language"] = "en"
    page = client.get(reverse("offers:my_sign_up", args=[holder.token])).content.decode()
    assert "This offer is cancelled" in page and 'value="cancel"' not in page


def test_an_offer_is_told_cancelled_once(world, committed):
    worker = world.users["social_worker"]
    offer = make_offer(worker, estate=world.estate_a)
    services.sign_up(offer, resident(1))
    mail.outbox.clear()
    with committed():
        change_services.cancel_offer(offer, reason="Aflyst", actor=worker)
        change_services.cancel_offer(offer, reason="Aflyst igen", actor=worker)
    assert len(mail.outbox) == 1


def test_an_outreach_offer_cancelled_releases_its_coming_bookings(world, committed):
    worker = world.users["professional"]
    offer = make_outreach(worker, estate=world.estate_a, first=at(3, 9))
    entry = services.sign_up(offer, resident(1), slot=selectors.free_slots(offer)[0])
    mail.outbox.clear()
    with committed():
        change_services.cancel_offer(offer, reason="Aftalen er opsagt", actor=worker)
    entry.refresh_from_db()
    assert entry.status == Status.CANCELLED
    assert [m.to for m in mail.outbox] == [[entry.email]]
    assert Offer.objects.get(pk=offer.pk).sessions.get().cancelled_at is not None
