"""Booking a room as a social worker does it, on a phone: the rooms list, a room's page, a weekly
booking, and a colleague's double booking refused with the taken time named and the form kept.
Every page passes axe-core (see conftest.check_page); screenshots in test-artifacts/screenshots/."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

PHONE = {"width": 360, "height": 740}


def test_a_room_is_booked_weekly_and_a_double_booking_is_refused(page, check, login):
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

    from lokalsundhed.accounts.tests.factories import PASSWORD
    from lokalsundhed.core.tests.world import build_world
    from lokalsundhed.rooms.models import Booking
    from lokalsundhed.rooms.tests.factories import next_weekday, open_weekdays, room_in

    world = build_world()
    room = room_in(world.estate_a, name="Sundhedsrummet", hearing_loop=True)
    open_weekdays(room)
    worker, professional = world.users["social_worker"], world.users["professional"]
    secrets = {}
    for user in (worker, professional):
        secrets[user.pk] = generate_totp_secret()
        TOTP.activate(user, secrets[user.pk])
    start = timezone.localtime(next_weekday(weekday=2, hour=10))
    page.set_viewport_size(PHONE)

    login(page, worker.email, PASSWORD, secrets[worker.pk])
    page.goto("/lokaler/")
    check(page, "rooms-list", sizes=("current",))
    page.locator("a", has_text="Sundhedsrummet").first.click()
    page.wait_for_load_state()
    assert "Teleslynge" in page.locator("main").inner_text()
    check(page, "rooms-room", sizes=("current",))
    page.locator("a", has_text="Book lokalet").click()
    page.wait_for_load_state()
    page.fill("#id_day", start.strftime("%Y-%m-%d"))
    page.fill("#id_start", "10:00")
    page.fill("#id_end", "12:00")
    page.fill("#id_title", "Sundhedssamtaler")
    page.fill("#id_weeks", "4")
    check(page, "rooms-booking-form", sizes=("current",))
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()
    assert page.locator(".alert-success").count() == 1
    assert page.locator("li.booking", has_text="Sundhedssamtaler").count() >= 2  # the next four weeks shown
    check(page, "rooms-room-booked", sizes=("current",))
    assert Booking.objects.filter(room=room).count() == 4

    page.context.clear_cookies()
    login(page, professional.email, PASSWORD, secrets[professional.pk])
    page.goto(f"/lokaler/{room.pk}/book/")
    page.fill("#id_day", (start + timedelta(weeks=2)).strftime("%Y-%m-%d"))
    page.fill("#id_start", "11:00")
    page.fill("#id_end", "12:30")
    page.fill("#id_title", "Fysioterapeutens åbne time")
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()
    error = page.locator("main").inner_text()
    assert "allerede booket" in error and "Sundhedssamtaler" in error
    assert page.input_value("#id_title") == "Fysioterapeutens åbne time"  # nothing lost
    check(page, "rooms-double-booking-refused", sizes=("current",))
    assert Booking.objects.filter(room=room).count() == 4


def test_cancelling_a_weekly_booking_from_one_week_on_asks_first(page, check, login):
    """"Cancel this and the following weeks" lists the times it would cancel and waits for a yes:
    one tap beside "Cancel" could otherwise end a whole season of the Friday café."""
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

    from lokalsundhed.accounts.tests.factories import PASSWORD
    from lokalsundhed.core.tests.world import build_world
    from lokalsundhed.rooms.models import Booking
    from lokalsundhed.rooms.tests.factories import booking, next_weekday, room_in

    world = build_world()
    room = room_in(world.estate_a, name="Salen")
    worker = world.users["social_worker"]
    made = booking(room, worker, start=next_weekday(4, hour=14), title="Fredagscafé", weeks=6)
    secret = generate_totp_secret()
    TOTP.activate(worker, secret)
    page.set_viewport_size({"width": 390, "height": 844})
    login(page, worker.email, PASSWORD, secret)

    page.goto(f"/lokaler/{room.pk}/")
    page.get_by_role("link", name="Aflys denne og de følgende uger").nth(1).click()
    page.wait_for_load_state()
    assert page.locator("main li.booking").count() == 5  # the second week and the four after it
    assert Booking.objects.filter(room=room, cancelled_at__isnull=True).count() == 6  # nothing yet
    check(page, "rooms-cancel-series-confirm", sizes=("current",))
    page.get_by_role("link", name="Behold dem").click()
    page.wait_for_load_state()
    assert page.url.endswith(f"/lokaler/{room.pk}/")
    assert Booking.objects.filter(room=room, cancelled_at__isnull=True).count() == 6

    page.get_by_role("link", name="Aflys denne og de følgende uger").nth(1).click()
    page.wait_for_load_state()
    page.get_by_role("button", name="Aflys de 5 gange").click()
    page.wait_for_load_state()
    assert page.get_by_text("Bookingen er aflyst (5 gange).").count() == 1
    assert list(Booking.objects.filter(room=room, cancelled_at__isnull=True)) == [made[0]]
