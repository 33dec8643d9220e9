"""The rooms pages: booking (and a refused double booking that keeps what was typed), the
registry, the iCalendar feed, and utilisation; list pages with their query budgets."""

from __future__ import annotations

import re
from datetime import time, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from lokalsundhed.core.tests.support import log_in
from lokalsundhed.core.tests.world import build_world
from lokalsundhed.rooms.models import Booking, OpeningHours, Room
from lokalsundhed.rooms.selectors import utilisation, week_start
from lokalsundhed.rooms.tests.factories import booking, next_weekday, open_weekdays, room_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    world = build_world()
    world.room = room_in(world.estate_a, name="Sundhedsrummet")
    return world


def _form(start, hours=2, title="Fredagscafé", weeks=1):
    local = timezone.localtime(start)
    end = local + timedelta(hours=hours)
    return {"day": local.strftime("%Y-%m-%d"), "start": local.strftime("%H:%M"), "end": end.strftime("%H:%M"),
            "title": title, "weeks": weeks}


def test_staff_book_a_room_weekly_from_its_page(client, world):
    log_in(client, world.users["social_worker"])
    response = client.post(reverse("rooms:booking_new", args=[world.room.pk]), _form(next_weekday(), weeks=4))
    assert response.status_code == 302
    assert Booking.objects.filter(room=world.room).count() == 4


def test_a_single_booking_is_confirmed_in_the_singular(client, world):
    log_in(client, world.users["social_worker"])
    response = client.post(reverse("rooms:booking_new", args=[world.room.pk]), _form(next_weekday(), weeks=1),
                           follow=True)
    assert "Lokalet er booket (1 gang)." in response.content.decode()


def test_a_refused_double_booking_says_why_and_keeps_the_form(client, world):
    start = next_weekday()
    booking(world.room, world.users["social_worker"], start=start, title="Beboermøde")
    log_in(client, world.users["professional"])
    response = client.post(reverse("rooms:booking_new", args=[world.room.pk]),
                           _form(start + timedelta(minutes=30), title="Lægens åbne konsultation"))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Beboermøde" in page and "Lægens åbne konsultation" in page
    assert Booking.objects.count() == 1


def test_it_refuses_a_cpr_number_in_the_title(client, world):
    log_in(client, world.users["social_worker"])
    response = client.post(reverse("rooms:booking_new", args=[world.room.pk]),
                           _form(next_weekday(), title="Samtale 010190-1234"))
    assert response.status_code == 200 and not Booking.objects.exists()


@pytest.mark.parametrize("count", [3, 30])
def test_the_room_list_costs_a_fixed_number_of_queries(client, world, count, django_assert_max_num_queries):
    for n in range(count):
        open_weekdays(room_in(world.estate_a, name=f"Rum {n}"))
    log_in(client, world.users["caretaker"])
    url = reverse("rooms:room_list")
    client.get(url)
    # 1. the session  2. the user  3. the user's memberships with organisations
    # 4. the number of rooms  5. a page of them with facility and estate  6. their opening hours
    with django_assert_max_num_queries(6):
        response = client.get(url)
    assert len(response.context["page"]) == min(count + 1, 25)


def test_the_room_list_comes_in_pages_in_the_order_of_estate_facility_and_room(client, world):
    for n in range(30):
        room_in(world.estate_a, name=f"Rum {n:02}")
    log_in(client, world.users["caretaker"])
    first = client.get(reverse("rooms:room_list"))
    second = client.get(reverse("rooms:room_list"), {"page": 2})
    names = [room.name for room in first.context["page"]] + [room.name for room in second.context["page"]]
    assert names == sorted(names) and len(names) == 31 and len(set(names)) == 31
    assert "Side 1 af 2" in first.content.decode()
    assert 'rel="next"' in first.content.decode() and 'rel="prev"' in second.content.decode()


@pytest.mark.parametrize("weeks", [2, 20])
def test_the_room_page_costs_a_fixed_number_of_queries(client, world, weeks, django_assert_max_num_queries):
    booking(world.room, world.users["social_worker"], start=next_weekday(weeks_ahead=0) + timedelta(days=1),
            weeks=weeks)
    log_in(client, world.users["social_worker"])
    url = reverse("rooms:room_detail", args=[world.room.pk])
    client.get(url)
    # 1. the session  2. the user  3. memberships  4. the room with facility and estate
    # 5. the coming bookings with organisation and booker  6. the opening hours
    with django_assert_max_num_queries(6):
        response = client.get(url)
    assert 1 <= len(response.context["bookings"]) <= 5


@pytest.mark.parametrize("rooms", [2, 20])
def test_utilisation_costs_a_fixed_number_of_queries(client, world, rooms, django_assert_max_num_queries):
    for n in range(rooms):
        room = room_in(world.estate_a, name=f"Rum {n}")
        open_weekdays(room)
        booking(room, world.users["social_worker"], start=next_weekday(weeks_ahead=0) + timedelta(days=1), weeks=3)
    log_in(client, world.users["housing_analyst"])
    url = reverse("rooms:utilisation")
    client.get(url)
    # 1. the session  2. the user  3. memberships  4. the number of rooms  5. a page of them
    # 6. opening hours summed per room  7. booked hours summed per room and week
    with django_assert_max_num_queries(7):
        response = client.get(url, {"week": timezone.localdate().isoformat()})
    assert len(response.context["table"]) == rooms + 1


def test_utilisation_comes_in_pages_of_rooms_and_keeps_the_weeks_chosen(client, world):
    for n in range(30):
        room_in(world.estate_a, name=f"Rum {n:02}")
    log_in(client, world.users["housing_analyst"])
    week = (timezone.localdate() - timedelta(weeks=10)).isoformat()
    first = client.get(reverse("rooms:utilisation"), {"week": week})
    assert [row.room.name for row in first.context["table"]] == [f"Rum {n:02}" for n in range(25)]
    assert f"week={week}&amp;page=2" in first.content.decode()
    second = client.get(reverse("rooms:utilisation"), {"week": week, "page": 2})
    assert [row.room.name for row in second.context["table"]] == [f"Rum {n:02}" for n in range(25, 30)] + [
        "Sundhedsrummet"]
    assert second.context["weeks"] == first.context["weeks"] == [
        week_start(timezone.localdate() - timedelta(weeks=10)) + timedelta(weeks=n) for n in range(len(first.context["weeks"]))]


def test_utilisation_sums_booked_hours_per_room_and_week_against_opening_hours(world):
    open_weekdays(world.room, time(8), time(16))  # 40 hours a week
    tuesday_10 = next_weekday(weekday=1, hour=10, weeks_ahead=1)
    booking(world.room, world.users["social_worker"], start=tuesday_10, hours=4, weeks=2)
    booking(world.room, world.users["social_worker"], start=tuesday_10 + timedelta(days=1), hours=6)
    cancelled = booking(world.room, world.users["social_worker"], start=tuesday_10 + timedelta(days=2), hours=2)[0]
    cancelled.cancelled_at = timezone.now()
    cancelled.save()
    weeks, table = utilisation(world.users["housing_analyst"], week_start(timezone.localdate(tuesday_10)))
    (row,) = table
    assert weeks[0] == week_start(timezone.localtime(tuesday_10).date())
    assert row.open_hours == 40.0
    assert row.booked[:3] == [10.0, 4.0, 0.0]
    assert row.percents[:2] == [25, 10]


def test_the_feed_lists_the_rooms_bookings_as_icalendar(client, world):
    made = booking(world.room, world.users["social_worker"], title="Fredagscafé, åben for alle", weeks=2)
    made[1].cancelled_at = timezone.now()
    made[1].save()
    response = client.get(reverse("rooms:room_feed", args=[world.room.feed_token]))
    body = response.content.decode()
    assert response["Content-Type"].startswith("text/calendar")
    assert body.count("BEGIN:VEVENT") == 2 and "STATUS:CANCELLED" in body
    assert "SUMMARY:Fredagscafé\\, åben for alle" in body
    assert client.get(reverse("rooms:room_feed", args=["not-a-token"])).status_code == 404


def test_a_booking_title_cannot_write_lines_of_its_own_into_the_feed(client, world):
    """A bare carriage return ends a line for many calendar programs: a title must stay one property's
    text, never add events or properties to the calendars that subscribe to the room."""
    log_in(client, world.users["social_worker"])
    forged = "Møde\rEND:VEVENT\rBEGIN:VEVENT\rSUMMARY:Lokalet er lukket\rDTSTART:20270101T100000Z\x0bslut"
    response = client.post(reverse("rooms:booking_new", args=[world.room.pk]), _form(next_weekday(), title=forged))
    assert response.status_code == 302
    body = client.get(reverse("rooms:room_feed", args=[world.room.feed_token])).content.decode()
    lines = re.split(r"\r\n|\r|\n", body.rstrip("\r\n"))  # as a lenient reader splits them
    assert [line for line in lines if line == "BEGIN:VEVENT"] == ["BEGIN:VEVENT"]
    assert not [line for line in lines if line.startswith(("SUMMARY:Lokalet", "DTSTART:2027"))]
    assert "\r" not in body.replace("\r\n", "") and "\x0b" not in body
    unfolded = body.replace("\r\n ", "")
    assert "SUMMARY:Møde\\nEND:VEVENT\\nBEGIN:VEVENT\\nSUMMARY:Lokalet er lukket\\nDTSTART:20270101T100000Z slut" in unfolded


def test_an_administrator_adds_a_room_with_opening_hours(client, world):
    log_in(client, world.users["housing_admin"])
    facility = world.estate_a.facilities.first()
    data = {"facility": facility.pk, "name": "Haven", "kind": "garden", "capacity": 30, "step_free_access": "on",
            "opens_0": "08:00", "closes_0": "20:00", "opens_2": "09:00"}
    response = client.post(reverse("rooms:room_new"), data)
    assert response.status_code == 200  # Wednesday has no closing time: said, nothing lost
    assert "Haven" in response.content.decode() and not Room.objects.filter(name="Haven").exists()
    data["closes_2"] = "12:00"
    response = client.post(reverse("rooms:room_new"), data)
    room = Room.objects.get(name="Haven")
    assert response.status_code == 302 and room.step_free_access and not room.hearing_loop
    assert list(OpeningHours.objects.filter(room=room).values_list("weekday", flat=True)) == [0, 2]


def test_the_room_list_finds_rooms_by_room_facility_or_estate_name_and_pages_keep_the_search(client, world):
    """With hundreds of rooms in pages, a professional looks for the rooms of one estate by name."""
    for n in range(30):
        room_in(world.estate_a, name=f"Mødelokale {n:02}")
    hall = room_in(world.estate_b, name="Cykelværkstedet")
    log_in(client, world.users["professional"])
    url = reverse("rooms:room_list")
    by_estate = client.get(url, {"q": world.estate_b.name[:5].lower()})
    assert [room.pk for room in by_estate.context["page"]] == [hall.pk]
    assert [room.name for room in client.get(url, {"q": "værksted"}).context["page"]] == ["Cykelværkstedet"]
    many = client.get(url, {"q": "mødelokale"})
    assert many.context["page"].paginator.count == 30
    assert "q=m%C3%B8delokale&amp;page=2" in many.content.decode()
    second = client.get(url, {"q": "mødelokale", "page": 2})
    assert len(second.context["page"]) == 5
    nothing = client.get(url, {"q": "svømmehal"})
    assert len(nothing.context["page"]) == 0
    # Said once, as the search's status, over no empty table.
    html = nothing.content.decode()
    assert html.count("Ingen lokaler passer til søgningen.") == 1 and "0 lokaler" not in html
    assert '<p role="status">Ingen lokaler passer til søgningen.</p>' in html and "<table" not in html


def test_the_room_search_refuses_a_cpr_number_and_searches_nothing(client, world):
    log_in(client, world.users["professional"])
    response = client.get(reverse("rooms:room_list"), {"q": "010190-1234"})
    assert response.status_code == 200
    assert response.context["form"].errors and len(response.context["page"]) == 0


def test_a_room_held_for_an_offers_times_is_not_cancelled_from_the_rooms_page(client, world):
    """The offer keeps its room: cancelling its times from the room's page would free the room for
    others while the offer still says it is held there. They are changed or cancelled with the offer."""
    from lokalsundhed.offers import services as offers
    from lokalsundhed.offers.tests.factories import make_offer

    worker = world.users["social_worker"]
    cafe = make_offer(worker, estate=world.estate_a, kind="activity", title="Fredagscafé", sessions=0)
    start = next_weekday(4, hour=14)
    sessions = offers.add_sessions(cafe, offers.weekly(start, timedelta(hours=2), 2), actor=worker, room=world.room)
    held = sessions[0].room_booking
    log_in(client, world.users["caretaker"])
    page = client.get(reverse("rooms:room_detail", args=[world.room.pk])).content.decode()
    assert reverse("rooms:booking_cancel", args=[held.pk]) not in page
    assert "Holdes til et tilbuds gang" in page
    response = client.post(reverse("rooms:booking_cancel", args=[held.pk]), {"series": "1"}, follow=True)
    assert "Tiden holdes til et tilbud" in response.content.decode()
    assert Booking.objects.filter(room=world.room, cancelled_at__isnull=True).count() == 2
