"""Booking rooms: once and weekly, never twice, within opening hours; cancelling and moving; and
offer sessions booking their room."""

from __future__ import annotations

from datetime import time, timedelta

import pytest
from django.utils import timezone, translation

from lokalsundhed.audit.models import Entry
from lokalsundhed.core.tests.world import build_world
from lokalsundhed.offers import change_services
from lokalsundhed.offers import services as offers
from lokalsundhed.offers.models import Offer
from lokalsundhed.rooms import services
from lokalsundhed.rooms.models import Booking, Room
from lokalsundhed.rooms.tests.factories import booking, next_weekday, open_weekdays, room_in

pytestmark = pytest.mark.django_db


def make_offer(actor, *, estate, kind=Offer.Kind.ACTIVITY) -> Offer:
    """An offer without times; the tests add them."""
    return offers.create_offer(offers.OfferInput(kind=kind, title="Fredagscafé i fælleshuset", estate=estate),
                               actor=actor)


@pytest.fixture(autouse=True)
def english():
    """The refusals are read in English here (the UI speaks Danish)."""
    with translation.override("en"):
        yield


@pytest.fixture
def world():
    world = build_world()
    world.room = room_in(world.estate_a)
    return world


def test_it_books_a_room_once_and_logs_it(world):
    worker = world.users["social_worker"]
    (made,) = booking(world.room, worker)
    assert made.organisation == world.housing_a and made.series is None
    assert Entry.objects.filter(purpose="room booked: 1 times", actor=worker).exists()


def test_it_books_the_same_time_each_week_as_one_series(world):
    made = booking(world.room, world.users["social_worker"], weeks=6)
    assert len(made) == 6 and len({b.series for b in made}) == 1
    assert [timezone.localtime(b.starts_at).hour for b in made] == [10] * 6
    assert timezone.localtime(made[-1].starts_at).date() - timezone.localtime(made[0].starts_at).date() == \
        timedelta(weeks=5)


def test_it_refuses_a_double_booking_and_names_the_taken_time(world):
    start = next_weekday(hour=10)
    booking(world.room, world.users["social_worker"], start=start, title="Fredagscafé")
    with pytest.raises(services.RoomTaken, match="Fredagscafé"):
        booking(world.room, world.users["professional"], start=start + timedelta(hours=1), title="Lægens time")
    assert Booking.objects.count() == 1


def test_a_booking_may_start_when_the_last_ends(world):
    start = next_weekday(hour=10)
    booking(world.room, world.users["social_worker"], start=start, hours=2)
    booking(world.room, world.users["social_worker"], start=start + timedelta(hours=2), hours=1)
    assert Booking.objects.count() == 2


def test_a_weekly_booking_with_one_taken_week_books_nothing(world):
    start = next_weekday(hour=10)
    booking(world.room, world.users["professional"], start=start + timedelta(weeks=3), title="Fysioterapeut")
    with pytest.raises(services.RoomTaken, match="Fysioterapeut"):
        booking(world.room, world.users["social_worker"], start=start, weeks=6)
    assert Booking.objects.count() == 1


def test_another_room_at_the_same_time_is_free(world):
    start = next_weekday()
    booking(world.room, world.users["social_worker"], start=start)
    other = room_in(world.estate_a, name="Køkkenet", kind=Room.Kind.KITCHEN)
    booking(other, world.users["social_worker"], start=start)
    assert Booking.objects.count() == 2


def test_it_refuses_a_time_outside_the_opening_hours(world):
    open_weekdays(world.room, time(8), time(16))
    with pytest.raises(services.BookingRefused, match="not open"):
        booking(world.room, world.users["social_worker"], start=next_weekday(weekday=1, hour=15), hours=2)
    with pytest.raises(services.BookingRefused, match="not open"):
        booking(world.room, world.users["social_worker"], start=next_weekday(weekday=5, hour=10))
    booking(world.room, world.users["social_worker"], start=next_weekday(weekday=1, hour=14), hours=2)


def test_it_refuses_a_time_in_the_past_and_an_empty_title(world):
    with pytest.raises(services.BookingRefused):
        booking(world.room, world.users["social_worker"], start=timezone.now() - timedelta(days=1))
    with pytest.raises(services.BookingRefused):
        booking(world.room, world.users["social_worker"], title="  ")


def test_it_refuses_someone_who_cannot_book_in_the_estate(world):
    with pytest.raises(services.BookingRefused):
        booking(world.room, world.users["other_housing_caretaker"])


def test_a_cancelled_time_can_be_booked_again(world):
    start = next_weekday()
    (first,) = booking(world.room, world.users["social_worker"], start=start)
    assert services.cancel(first, actor=world.users["social_worker"]) == 1
    booking(world.room, world.users["professional"], start=start)
    assert Booking.objects.filter(cancelled_at__isnull=True).count() == 1


def test_cancelling_a_series_cancels_this_and_the_following_weeks(world):
    made = booking(world.room, world.users["social_worker"], weeks=4)
    assert services.cancel(made[1], actor=world.users["social_worker"], series=True) == 3
    assert list(Booking.objects.filter(cancelled_at__isnull=True)) == [made[0]]


def test_only_the_booking_organisation_cancels(world):
    (made,) = booking(world.room, world.users["social_worker"])
    with pytest.raises(services.BookingRefused):
        services.cancel(made, actor=world.users["professional"])
    services.cancel(made, actor=world.users["caretaker"])  # a colleague of the same organisation


def test_moving_onto_a_taken_time_is_refused_and_changes_nothing(world):
    start = next_weekday(hour=10)
    (first,) = booking(world.room, world.users["social_worker"], start=start)
    booking(world.room, world.users["social_worker"], start=start + timedelta(hours=3))
    with pytest.raises(services.RoomTaken):
        services.move(first, starts_at=start + timedelta(hours=3), ends_at=start + timedelta(hours=4),
                      actor=world.users["social_worker"])
    first.refresh_from_db()
    assert first.starts_at == start and first.revision == 0


# --- Offer sessions and outreach hours book their room -----------------------------------------


def test_an_offer_session_books_its_room(world):
    worker = world.users["social_worker"]
    offer = make_offer(worker, estate=world.estate_a)
    start = next_weekday(hour=13)
    session = offers.add_session(offer, start, start + timedelta(hours=2), actor=worker, room=world.room)
    assert session.room_booking.room == world.room and session.room_booking.title == offer.title
    assert session.facility == world.room.facility


def test_outreach_hours_in_a_taken_room_are_refused_with_a_clear_message(world):
    start = next_weekday(hour=9)
    booking(world.room, world.users["social_worker"], start=start, title="Beboermøde")
    professional = world.users["professional"]
    outreach = make_offer(professional, estate=world.estate_a, kind=Offer.Kind.OUTREACH)
    with pytest.raises(offers.ChangeRefused, match="Beboermøde") as refused:
        offers.add_session(outreach, start, start + timedelta(hours=3), actor=professional, slot_minutes=15,
                           room=world.room)
    assert refused.value.field == "room"
    assert not outreach.sessions.exists()


def test_cancelling_moving_and_restoring_a_session_carries_its_room_booking(world):
    worker = world.users["social_worker"]
    offer = make_offer(worker, estate=world.estate_a)
    start = next_weekday(hour=13)
    session = offers.add_session(offer, start, start + timedelta(hours=2), actor=worker, room=world.room)
    change_services.move_session(session, starts_at=start + timedelta(days=1),
                                 ends_at=start + timedelta(days=1, hours=2), actor=worker)
    session.room_booking.refresh_from_db()
    assert session.room_booking.starts_at == start + timedelta(days=1)
    change_services.cancel_session(session, actor=worker)
    session.room_booking.refresh_from_db()
    assert session.room_booking.is_cancelled
    # Meanwhile someone else takes the room: the session cannot come back into it.
    booking(world.room, world.users["professional"], start=start + timedelta(days=1), title="Tandlæge")
    with pytest.raises(offers.ChangeRefused, match="Tandlæge"):
        change_services.restore_session(session, actor=worker)


def test_cancelling_an_offer_frees_the_rooms_of_its_coming_sessions(world):
    worker = world.users["social_worker"]
    offer = make_offer(worker, estate=world.estate_a)
    start = next_weekday(hour=13)
    offers.add_sessions(offer, services.weekly(start, start + timedelta(hours=1), 3), actor=worker, room=world.room)
    change_services.cancel_offer(offer, actor=worker)
    assert not Booking.objects.filter(cancelled_at__isnull=True).exists()
