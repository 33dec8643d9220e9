"""Signing up: places, the waiting list and moving up, slots, cancelling, attendance."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from lokalsundhed.audit.models import Entry
from lokalsundhed.core.tests.world import build_world
from lokalsundhed.offers import selectors, services
from lokalsundhed.offers.models import Attendance, Message, Offer, SignUp
from lokalsundhed.offers.tests.factories import make_offer, resident, sign_up_many

pytestmark = pytest.mark.django_db
Status = SignUp.Status


@pytest.fixture
def world():
    return build_world()


def test_places_fill_up_then_residents_join_the_waiting_list(world):
    offer = make_offer(world.users["social_worker"], estate=world.estate_a, capacity=2)
    first, second, third = sign_up_many(offer, 3)
    assert [first.status, second.status, third.status] == [Status.CONFIRMED, Status.CONFIRMED, Status.WAITING]
    assert third.confirmed_at is None


def test_a_freed_place_goes_to_the_first_on_the_waiting_list_who_is_told(world, committed):
    offer = make_offer(world.users["social_worker"], estate=world.estate_a, capacity=1)
    holder, waiting_1, waiting_2 = sign_up_many(offer, 3)
    mail.outbox.clear()
    with committed():
        services.cancel(holder)
    waiting_1.refresh_from_db()
    waiting_2.refresh_from_db()
    assert waiting_1.status == Status.CONFIRMED and waiting_1.confirmed_at is not None
    assert waiting_2.status == Status.WAITING
    assert [m.to for m in mail.outbox] == [["beboer2@example.dk"]]
    assert waiting_1.token in mail.outbox[0].body
    assert Message.objects.filter(sign_up=waiting_1, kind=Message.Kind.MOVED_UP).exists()


def test_more_places_move_people_up_at_once(world):
    offer = make_offer(world.users["social_worker"], estate=world.estate_a, capacity=1)
    sign_up_many(offer, 3)
    services.change_capacity(offer, 3, actor=world.users["social_worker"])
    assert SignUp.objects.filter(offer=offer, status=Status.CONFIRMED).count() == 3


def test_the_confirmation_holds_the_private_link_and_no_health_information(world, committed):
    offer = make_offer(world.users["social_worker"], estate=world.estate_a, capacity=5)
    with committed():
        entry = services.sign_up(offer, resident(1))
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert entry.token in message.body
    assert "TACKLE" not in message.body and "smerter" not in message.body and "TACKLE" not in message.subject


def test_the_confirmation_is_in_the_residents_language(world, committed):
    offer = make_offer(world.users["social_worker"], estate=world.estate_a)
    with committed():
        services.sign_up(offer, resident(1, language="da"))
        services.sign_up(offer, resident(2, language="en"))
    assert mail.outbox[1].subject == "You are signed up"


def test_a_resident_without_e_mail_gets_an_sms(world, settings, committed):
    from lokalsundhed.core.sms import LocmemSmsBackend

    settings.SMS_BACKEND = "lokalsundhed.core.sms.LocmemSmsBackend"
    LocmemSmsBackend.outbox.clear()
    offer = make_offer(world.users["social_worker"], estate=world.estate_a)
    with committed():
        entry = services.sign_up(offer, resident(1, email=False))
    assert [sms.to for sms in LocmemSmsBackend.outbox] == [entry.phone]
    assert entry.token in LocmemSmsBackend.outbox[0].body


def test_an_arabic_sms_starts_with_a_right_to_left_mark(world, settings, committed):
    from lokalsundhed.core.sms import LocmemSmsBackend

    settings.SMS_BACKEND = "lokalsundhed.core.sms.LocmemSmsBackend"
    LocmemSmsBackend.outbox.clear()
    offer = make_offer(world.users["social_worker"], estate=world.estate_a)
    with committed():
        services.sign_up(offer, resident(1, email=False, language="ar"))
        services.sign_up(offer, resident(2, email=False, language="da"))
    arabic, danish = (sms.body for sms in LocmemSmsBackend.outbox)
    assert arabic.startswith("\u200flokalsundhed: ")
    assert danish.startswith("lokalsundhed: ")


def test_it_needs_a_way_to_reach_the_resident(world):
    offer = make_offer(world.users["social_worker"], estate=world.estate_a)
    with pytest.raises(services.SignUpRefused):
        services.sign_up(offer, services.ResidentDetails(first_name="Inge"))


def test_an_archived_offer_takes_no_sign_ups(world):
    offer = make_offer(world.users["social_worker"], estate=world.estate_a)
    services.archive_offer(offer, actor=world.users["social_worker"])
    with pytest.raises(services.SignUpRefused):
        services.sign_up(offer, resident(1))


def test_staff_sign_up_on_behalf_is_recorded_with_who(world):
    worker = world.users["social_worker"]
    offer = make_offer(worker, estate=world.estate_a)
    entry = services.sign_up(offer, resident(1), actor=worker)
    assert entry.signed_up_by == worker
    assert Entry.objects.filter(actor=worker, object_type="offers.signup", object_id=str(entry.pk)).exists()


def test_a_resident_sign_up_is_logged_without_an_actor(world):
    offer = make_offer(world.users["social_worker"], estate=world.estate_a)
    entry = services.sign_up(offer, resident(1))
    logged = Entry.objects.get(object_type="offers.signup", object_id=str(entry.pk))
    assert logged.actor_id is None and logged.organisation_id == world.housing_a.pk


def _outreach(world, slots_of_minutes=15):
    worker = world.users["professional"]
    offer = make_offer(worker, estate=world.estate_a, kind=Offer.Kind.OUTREACH, title="Lægen i Sundhedshuset",
                       hours=1)
    session = offer.sessions.get()
    services.add_slots(session, slots_of_minutes, actor=worker)
    return offer


def test_outreach_hours_are_cut_into_slots(world):
    offer = _outreach(world)
    slots = selectors.free_slots(offer)
    assert len(slots) == 4
    assert slots[1].starts_at - slots[0].starts_at == timedelta(minutes=15)


def test_a_booked_slot_cannot_be_booked_again(world):
    offer = _outreach(world)
    slot = selectors.free_slots(offer)[0]
    services.sign_up(offer, resident(1), slot=slot)
    with pytest.raises(services.SignUpRefused):
        services.sign_up(offer, resident(2), slot=slot)
    assert len(selectors.free_slots(offer)) == 3


def test_a_cancelled_slot_is_free_again(world):
    offer = _outreach(world)
    slot = selectors.free_slots(offer)[0]
    booking = services.sign_up(offer, resident(1), slot=slot)
    services.cancel(booking)
    assert slot in selectors.free_slots(offer)
    assert services.sign_up(offer, resident(2), slot=slot).status == Status.CONFIRMED


def test_outreach_hours_need_a_slot(world):
    offer = _outreach(world)
    with pytest.raises(services.SignUpRefused):
        services.sign_up(offer, resident(1))


def test_attendance_is_one_row_per_person_and_session_and_can_be_undone(world):
    worker = world.users["social_worker"]
    offer = make_offer(worker, estate=world.estate_a, sessions=2)
    entry = services.sign_up(offer, resident(1))
    session = offer.sessions.first()
    services.set_attendance(session, entry, True, actor=worker)
    services.set_attendance(session, entry, True, actor=worker)
    assert Attendance.objects.filter(session=session).count() == 1
    session.refresh_from_db()
    assert session.attendance_taken_at is not None
    services.set_attendance(session, entry, False, actor=worker)
    assert not Attendance.objects.filter(session=session).exists()


def test_only_place_holders_can_be_marked(world):
    worker = world.users["social_worker"]
    offer = make_offer(worker, estate=world.estate_a, capacity=1)
    _holder, waiting = sign_up_many(offer, 2)
    with pytest.raises(services.SignUpRefused):
        services.set_attendance(offer.sessions.first(), waiting, True, actor=worker)


def test_answering_no_after_a_missed_session_gives_the_place_to_the_next(world):
    offer = make_offer(world.users["social_worker"], estate=world.estate_a, capacity=1)
    holder, waiting = sign_up_many(offer, 2)
    services.answer_continue(holder, False)
    waiting.refresh_from_db()
    assert waiting.status == Status.CONFIRMED


def test_an_offer_has_exactly_one_home(world):
    with pytest.raises(ValueError):
        services.create_offer(
            services.OfferInput(kind=Offer.Kind.ACTIVITY, title="Fredagscafé", estate=world.estate_a,
                                partnership=world.partnership),
            actor=world.users["social_worker"],
        )


@pytest.mark.parametrize("days, minutes, field", [(-1, 120, "start"), (7, 10, "end"), (7, 601, "end")])
def test_a_new_session_starts_in_the_future_and_lasts_15_minutes_to_10_hours(world, days, minutes, field):
    worker = world.users["social_worker"]
    offer = make_offer(worker, estate=world.estate_a)
    before = offer.sessions.count()
    start = timezone.now() + timedelta(days=days)
    with pytest.raises(services.ChangeRefused) as refused:
        services.add_session(offer, start, start + timedelta(minutes=minutes), actor=worker)
    assert refused.value.field == field
    assert offer.sessions.count() == before
