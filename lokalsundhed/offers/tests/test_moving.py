"""Moving a session to another time (the facilitator is ill on Tuesday, the course moves to
Thursday): everyone signed up is told the new time and their link, nothing about health; the
calendar, the offer's page and the iCalendar feed show the new time; the reminder follows it."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone, translation

from lokalsundhed.accounts.tests.factories import member
from lokalsundhed.core import cldr
from lokalsundhed.core.icalendar import utc_stamp
from lokalsundhed.core.permissions import Role
from lokalsundhed.core.sms import LocmemSmsBackend
from lokalsundhed.core.tests.support import log_in
from lokalsundhed.core.tests.world import build_world
from lokalsundhed.offers import change_services, housekeeping, selectors, services
from lokalsundhed.offers.models import Message, SignUp
from lokalsundhed.offers.tests.factories import (
    at,
    make_offer,
    make_outreach,
    resident,
    sign_up_many,
)

pytestmark = pytest.mark.django_db
HEALTH_WORDS = ("TACKLE", "smerter", "forløb", "kursus")


@pytest.fixture
def world():
    return build_world()


@pytest.fixture
def sms(settings):
    settings.SMS_BACKEND = "lokalsundhed.core.sms.LocmemSmsBackend"
    LocmemSmsBackend.outbox.clear()
    return LocmemSmsBackend.outbox


def _danish_time(moment) -> str:
    """The time as residents read it in Danish (CLDR, core/cldr.py)."""
    with translation.override("da"):
        return cldr.day_time(moment)


def _form(start, end) -> dict[str, str]:
    start, end = timezone.localtime(start), timezone.localtime(end)
    return {"day": f"{start:%Y-%m-%d}", "start": f"{start:%H:%M}", "end": f"{end:%H:%M}"}


def test_staff_move_a_session_and_everyone_signed_up_is_told_the_new_time(client, world, committed, sms):
    worker = world.users["social_worker"]
    offer = make_offer(worker, estate=world.estate_a, capacity=2, sessions=3, first=at(3, 10))
    by_email = sign_up_many(offer, 2)
    by_sms = services.sign_up(offer, resident(3, email=False))  # on the waiting list: told too
    assert by_sms.status == SignUp.Status.WAITING
    session = offer.sessions.order_by("starts_at")[1]
    new_start = timezone.localtime(session.starts_at) + timedelta(days=2, hours=3, minutes=15)
    mail.outbox.clear()
    log_in(client, worker)
    url = reverse("offers:session_move", args=[session.pk])
    page = client.get(url)
    assert page.status_code == 200
    assert f'value="{new_start - timedelta(days=2, hours=3, minutes=15):%Y-%m-%d}"' in page.content.decode()
    assert f'href="{url}"' in client.get(reverse("offers:offer_detail", args=[offer.pk])).content.decode()
    with committed():
        response = client.post(url, _form(new_start, new_start + timedelta(hours=2)))
    assert response.status_code == 302
    session.refresh_from_db()
    assert session.starts_at == new_start and session.ends_at == new_start + timedelta(hours=2)
    assert sorted(m.to[0] for m in mail.outbox) == sorted(s.email for s in by_email)
    assert [s.to for s in sms] == [by_sms.phone]
    email_of = {entry.email: entry for entry in by_email}
    told = [(m.subject + " " + m.body, email_of[m.to[0]]) for m in mail.outbox] + [(sms[0].body, by_sms)]
    for text, entry in told:
        assert _danish_time(new_start) in text and entry.token in text and entry.first_name in text
        assert not any(word in text for word in HEALTH_WORDS)
    assert Message.objects.filter(kind=Message.Kind.SESSION_MOVED, session=session).count() == 3


def test_a_moved_session_shows_its_new_time_to_residents(client, world):
    worker = world.users["social_worker"]
    offer = make_offer(worker, estate=world.estate_a, first=at(3, 10))
    session = offer.sessions.get()
    new_start = at(5, 13, 15)
    change_services.move_session(session, starts_at=new_start, ends_at=new_start + timedelta(minutes=90), actor=worker)
    html = client.get(reverse("offers:public_offer", args=[offer.pk])).content.decode()
    with translation.override("da"):
        assert cldr.time_range(new_start, new_start + timedelta(minutes=90)) in html
        assert cldr.time_range(at(3, 10), at(3, 12, 30)) not in html
    body = client.get(reverse("offers:offer_ics", args=[offer.pk])).content.decode()
    assert f"DTSTART:{utc_stamp(new_start)}" in body and f"DTEND:{utc_stamp(new_start + timedelta(minutes=90))}" in body
    assert f"UID:session-{session.pk}@lokalsundhed" in body
    # A higher SEQUENCE tells calendar apps that the copy they saved is out of date.
    assert "SEQUENCE:1\r\n" in body


def test_a_moved_session_is_reminded_the_day_before_its_new_day(world):
    worker = world.users["social_worker"]
    offer = make_offer(worker, estate=world.estate_a, first=at(1, 14))
    services.sign_up(offer, resident(1))
    session = offer.sessions.get()
    mail.outbox.clear()
    assert housekeeping.send_reminders() == 1  # reminded for tomorrow
    change_services.move_session(session, starts_at=at(3, 14), ends_at=at(3, 16), actor=worker)
    assert not Message.objects.filter(kind=Message.Kind.REMINDER, session=session).exists()
    assert housekeeping.send_reminders() == 0  # no longer tomorrow
    assert housekeeping.send_reminders(now=at(2, 12)) == 1  # the day before the new day
    assert _danish_time(at(3, 14)) in mail.outbox[-1].body
    assert housekeeping.send_reminders(now=at(2, 13)) == 0  # once


@pytest.mark.parametrize("problem", ["past", "end_before_start", "cancelled", "ended"])
def test_refused_moves_keep_the_times(world, problem):
    worker = world.users["social_worker"]
    offer = make_offer(worker, estate=world.estate_a, first=at(-3) if problem == "ended" else at(3))
    services.sign_up(offer, resident(1))
    session = offer.sessions.get()
    if problem == "cancelled":
        change_services.cancel_session(session, reason="Ferie", actor=worker)
    before = (session.starts_at, session.ends_at)
    start, end = {
        "past": (at(-1), at(-1) + timedelta(hours=2)),
        "end_before_start": (at(5, 12), at(5, 11)),
    }.get(problem, (at(5, 12), at(5, 14)))
    mail.outbox.clear()
    with pytest.raises(services.ChangeRefused) as refused:
        change_services.move_session(session, starts_at=start, ends_at=end, actor=worker)
    assert str(refused.value)
    session.refresh_from_db()
    assert (session.starts_at, session.ends_at) == before
    assert not mail.outbox and not Message.objects.filter(kind=Message.Kind.SESSION_MOVED).exists()


def test_outreach_hours_with_bookings_are_not_moved(client, world):
    worker = world.users["professional"]
    offer = make_outreach(worker, estate=world.estate_a, first=at(3, 9))
    session = offer.sessions.get()
    services.sign_up(offer, resident(1), slot=selectors.free_slots(offer)[0])
    before = (session.starts_at, session.ends_at)
    with pytest.raises(services.ChangeRefused, match="booking"):
        change_services.move_session(session, starts_at=at(4, 9), ends_at=at(4, 10), actor=worker)
    log_in(client, worker)
    response = client.post(reverse("offers:session_move", args=[session.pk]), _form(at(4, 9), at(4, 10)))
    assert response.status_code == 200 and "booking" in response.content.decode()
    session.refresh_from_db()
    assert (session.starts_at, session.ends_at) == before


def test_outreach_hours_without_bookings_move_with_their_bookable_times(world):
    worker = world.users["professional"]
    offer = make_outreach(worker, estate=world.estate_a, first=at(3, 9))
    session = offer.sessions.get()
    change_services.move_session(session, starts_at=at(4, 13), ends_at=at(4, 14), actor=worker)
    slots = list(session.slots.order_by("starts_at"))
    assert slots and slots[0].starts_at == at(4, 13) and slots[-1].ends_at <= at(4, 14)


def test_the_form_refuses_a_time_in_the_past(client, world):
    worker = world.users["social_worker"]
    offer = make_offer(worker, estate=world.estate_a)
    session = offer.sessions.get()
    before = session.starts_at
    log_in(client, worker)
    response = client.post(reverse("offers:session_move", args=[session.pk]), _form(at(-2), at(-2, 12)))
    assert response.status_code == 200
    session.refresh_from_db()
    assert session.starts_at == before


@pytest.mark.parametrize("runner", ["other_housing_social_worker", "other_municipality_professional"])
def test_staff_of_another_organisation_cannot_find_the_session(client, world, runner):
    outsider = (member(world.housing_b, Role.SOCIAL_WORKER) if runner == "other_housing_social_worker"
                else member(world.municipality_v, Role.PROFESSIONAL))
    offer = make_offer(world.users["social_worker"], estate=world.estate_a)
    session = offer.sessions.get()
    before = session.starts_at
    log_in(client, outsider)
    url = reverse("offers:session_move", args=[session.pk])
    assert client.get(url).status_code == 404
    assert client.post(url, _form(at(5, 12), at(5, 14))).status_code == 404
    session.refresh_from_db()
    assert session.starts_at == before
