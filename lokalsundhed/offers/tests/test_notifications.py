"""The messages to residents: one wording per kind, chosen from a table, with no health information."""

from __future__ import annotations

import pytest
from django.utils import translation

from lokalsundhed.core.tests.world import build_world
from lokalsundhed.offers import notifications, services
from lokalsundhed.offers.models import Message, SignUp
from lokalsundhed.offers.tests.factories import make_offer, make_outreach, resident

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    return build_world()


def test_every_kind_of_message_has_its_own_wording():
    for kind in Message.Kind:
        assert kind in notifications.WORDINGS, kind


def test_it_words_a_booked_time_and_the_waiting_list_apart(world):
    course = make_offer(world.users["social_worker"], estate=world.estate_a, capacity=1)
    placed = services.sign_up(course, resident(1))
    waiting = services.sign_up(course, resident(2))
    outreach = make_outreach(world.users["professional"], estate=world.estate_a)
    booked = services.sign_up(outreach, resident(3), slot=outreach.sessions.get().slots.first())
    assert waiting.status == SignUp.Status.WAITING
    with translation.override("en"):
        placed_subject, _body = notifications.compose(placed, Message.Kind.CONFIRMATION, None)
        waiting_subject, _body = notifications.compose(waiting, Message.Kind.CONFIRMATION, None)
        course_cancelled, _body = notifications.compose(placed, Message.Kind.SESSION_CANCELLED, None)
        time_cancelled, body = notifications.compose(booked, Message.Kind.SESSION_CANCELLED, None)
    assert (placed_subject, waiting_subject) == ("You are signed up", "You are on the waiting list")
    assert (course_cancelled, time_cancelled) == ("A time is cancelled", "Your time is cancelled")
    assert "Beboer3" in body and booked.token in body
    assert "Lægen" not in body


@pytest.mark.parametrize(("language", "weekdays"), [
    ("so", ("Isniin", "Talaado", "Arbaco", "Khamiis", "Jimco", "Sabti", "Axad")),
    ("ar", ("الاثنين", "الثلاثاء", "الأربعاء", "الخميس", "الجمعة", "السبت", "الأحد")),
])
def test_it_writes_the_time_in_an_sms_in_the_residents_language_and_its_pattern(world, settings, language, weekdays):
    from lokalsundhed.core.sms import LocmemSmsBackend

    settings.SMS_BACKEND = "lokalsundhed.core.sms.LocmemSmsBackend"
    settings.SITE_URL = "https://lokalsundhed.example.dk"
    LocmemSmsBackend.outbox.clear()
    course = make_offer(world.users["social_worker"], estate=world.estate_a)
    sign_up = services.sign_up(course, resident(1, email=False, language=language))
    LocmemSmsBackend.outbox.clear()
    assert notifications.send(sign_up.pk, Message.Kind.REMINDER)
    (sms,) = LocmemSmsBackend.outbox
    assert any(day in sms.body for day in weekdays), sms.body
    assert not any(word in sms.body for word in ("mandag", "tirsdag", "onsdag", "torsdag", "fredag", "Monday",
                                                  "Tuesday", "Wednesday", "Thursday", "Friday", " PM", " AM"))
    assert "https://lokalsundhed.example.dk/tilmelding/" in sms.body
    assert "127.0.0.1" not in sms.body
