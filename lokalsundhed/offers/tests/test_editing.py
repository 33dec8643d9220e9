"""Changing an offer after it was created: its texts and details, its places (more places move
the waiting list up; fewer than are taken is refused), new sessions and new outreach time slots.
Other organisations' staff cannot find any of it."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from lokalsundhed.accounts.tests.factories import member
from lokalsundhed.audit.models import Entry
from lokalsundhed.core.permissions import Role
from lokalsundhed.core.tests.support import log_in
from lokalsundhed.core.tests.world import build_world
from lokalsundhed.offers import change_services, selectors, services
from lokalsundhed.offers.models import Message, Offer, SignUp, Slot
from lokalsundhed.offers.tests.factories import (
    at,
    edit_data,
    make_offer,
    make_outreach,
    resident,
    sign_up_many,
)

pytestmark = pytest.mark.django_db
Status = SignUp.Status


@pytest.fixture
def world():
    return build_world()


def _local(moment) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%dT%H:%M")


# --- Editing the offer -------------------------------------------------------------------------


def test_staff_edit_the_texts_room_and_target_group(client, world):
    worker = world.users["social_worker"]
    offer = make_offer(worker, estate=world.estate_a, kind=Offer.Kind.ACTIVITY, title="Fredagscafé")
    log_in(client, worker)
    url = reverse("offers:offer_edit", args=[offer.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, edit_data(offer, title="Fredagscafé med kage", description="Kom bare.",
                                          target_group="Alle beboere", facility=""))
    assert response.status_code == 302 and response["Location"] == reverse("offers:offer_detail", args=[offer.pk])
    offer.refresh_from_db()
    assert (offer.title, offer.description, offer.target_group, offer.facility) == (
        "Fredagscafé med kage", "Kom bare.", "Alle beboere", None)
    assert offer.kind == Offer.Kind.ACTIVITY  # the kind is kept
    (logged,) = Entry.objects.filter(actor=worker, object_type="offers.offer", object_id=str(offer.pk),
                                     purpose__startswith="offer changed")
    assert "title" in logged.purpose and "Fredagscafé" not in logged.purpose  # which fields, not what they say


def test_the_edit_form_refuses_cpr_numbers(client, world):
    worker = world.users["social_worker"]
    offer = make_offer(worker, estate=world.estate_a)
    log_in(client, worker)
    response = client.post(reverse("offers:offer_edit", args=[offer.pk]),
                           edit_data(offer, description="Ring til 010170-1234"))
    assert response.status_code == 200 and "CPR" in response.content.decode()
    offer.refresh_from_db()
    assert "010170" not in offer.description


def test_the_course_fields_are_only_on_courses(client, world):
    worker = world.users["social_worker"]
    course = make_offer(worker, estate=world.estate_a, kind=Offer.Kind.COURSE)
    cafe = make_offer(worker, estate=world.estate_a, kind=Offer.Kind.ACTIVITY)
    log_in(client, worker)
    assert 'name="completion_sessions"' in client.get(reverse("offers:offer_edit", args=[course.pk])).content.decode()
    assert 'name="completion_sessions"' not in client.get(reverse("offers:offer_edit", args=[cafe.pk])).content.decode()
    client.post(reverse("offers:offer_edit", args=[course.pk]), edit_data(course, completion_sessions=5))
    course.refresh_from_db()
    assert course.completion_sessions == 5


def test_raising_the_places_moves_the_waiting_list_up_and_tells_them(client, world, committed):
    worker = world.users["social_worker"]
    offer = make_offer(worker, estate=world.estate_a, capacity=2)
    sign_up_many(offer, 5)  # two places, three waiting
    mail.outbox.clear()
    log_in(client, worker)
    with committed():
        client.post(reverse("offers:offer_edit", args=[offer.pk]), edit_data(offer, capacity=4))
    offer.refresh_from_db()
    assert offer.capacity == 4
    statuses = list(SignUp.objects.filter(offer=offer).order_by("created_at", "pk").values_list("status", flat=True))
    assert statuses == [Status.CONFIRMED] * 4 + [Status.WAITING]
    moved = SignUp.objects.filter(offer=offer).order_by("created_at", "pk")[2:4]
    assert sorted(m.to[0] for m in mail.outbox) == sorted(s.email for s in moved)
    assert all(s.token in next(m.body for m in mail.outbox if m.to == [s.email]) for s in moved)
    assert Message.objects.filter(kind=Message.Kind.MOVED_UP).count() == 2
    assert all("TACKLE" not in m.body and "smerter" not in m.body for m in mail.outbox)


def test_removing_the_limit_gives_everyone_waiting_a_place(world):
    worker = world.users["social_worker"]
    offer = make_offer(worker, estate=world.estate_a, capacity=1)
    sign_up_many(offer, 3)
    services.change_capacity(offer, None, actor=worker)
    assert not SignUp.objects.filter(offer=offer, status=Status.WAITING).exists()


def test_fewer_places_than_are_taken_is_refused_and_nothing_changes(client, world):
    worker = world.users["social_worker"]
    offer = make_offer(worker, estate=world.estate_a, capacity=5, title="Fredagscafé")
    sign_up_many(offer, 4)
    before = list(SignUp.objects.filter(offer=offer).values_list("pk", "status"))
    log_in(client, worker)
    response = client.post(reverse("offers:offer_edit", args=[offer.pk]),
                           edit_data(offer, capacity=2, title="Nyt navn"))
    assert response.status_code == 200
    assert "4 beboere har allerede en plads" in response.content.decode()
    offer.refresh_from_db()
    assert (offer.capacity, offer.title) == (5, "Fredagscafé")  # the whole change is refused
    assert list(SignUp.objects.filter(offer=offer).values_list("pk", "status")) == before


def test_as_many_places_as_are_taken_is_allowed(world):
    worker = world.users["social_worker"]
    offer = make_offer(worker, estate=world.estate_a, capacity=5)
    sign_up_many(offer, 3)
    services.change_capacity(offer, 3, actor=worker)
    with pytest.raises(services.ChangeRefused):
        services.change_capacity(offer, 2, actor=worker)
    offer.refresh_from_db()
    assert offer.capacity == 3


def test_an_offer_with_sign_ups_stays_where_it_is(client, world):
    """Moving it would show the residents' names to another organisation's staff."""
    worker = world.users["professional"]  # the municipality reaches both housing organisations' estates
    offer = make_offer(worker, estate=world.estate_a)
    services.sign_up(offer, resident(1))
    log_in(client, worker)
    url = reverse("offers:offer_edit", args=[offer.pk])
    assert re.search(r'<select name="home"[^>]* disabled', client.get(url).content.decode())
    client.post(url, edit_data(offer, home=f"estate-{world.estate_b.pk}", facility="", title="Nyt navn"))
    offer.refresh_from_db()
    assert (offer.estate, offer.title) == (world.estate_a, "Nyt navn")
    with pytest.raises(services.ChangeRefused):
        change_services.update_offer(offer, change_services.OfferChanges(title=offer.title, estate=world.estate_b), actor=worker)
    offer.refresh_from_db()
    assert offer.estate == world.estate_a


def test_an_offer_without_sign_ups_can_move(client, world):
    worker = world.users["professional"]
    offer = make_offer(worker, estate=world.estate_a)
    log_in(client, worker)
    client.post(reverse("offers:offer_edit", args=[offer.pk]),
                edit_data(offer, home=f"partnership-{world.partnership.pk}", facility=""))
    offer.refresh_from_db()
    assert (offer.estate, offer.partnership, offer.municipality_id) == (
        None, world.partnership, world.municipality_m.municipality_id)


def test_organisers_are_chosen_among_staff_who_run_offers_there(client, world):
    worker = world.users["social_worker"]
    colleague = world.users["professional"]  # the municipality's facilitator reaches estate A
    outsider = member(world.housing_b, Role.SOCIAL_WORKER)
    offer = make_offer(worker, estate=world.estate_a)
    log_in(client, worker)
    page = client.get(reverse("offers:offer_edit", args=[offer.pk])).content.decode()
    assert colleague.full_name in page and outsider.full_name not in page
    assert world.users["caretaker"].full_name not in page  # caretakers do not run offers
    client.post(reverse("offers:offer_edit", args=[offer.pk]),
                edit_data(offer, organisers=[worker.pk, colleague.pk], facilitator=colleague.pk))
    offer.refresh_from_db()
    assert set(offer.organisers.all()) == {worker, colleague} and offer.facilitator == colleague
    response = client.post(reverse("offers:offer_edit", args=[offer.pk]), edit_data(offer, organisers=[outsider.pk]))
    assert response.status_code == 200
    assert outsider not in offer.organisers.all()
    assert colleague.full_name in client.get(reverse("offers:offer_detail", args=[offer.pk])).content.decode()


# --- Sessions ----------------------------------------------------------------------------------


def test_staff_add_a_session_and_residents_see_it(client, world):
    worker = world.users["social_worker"]
    offer = make_offer(worker, estate=world.estate_a, kind=Offer.Kind.ACTIVITY, title="Fredagscafé")
    log_in(client, worker)
    url = reverse("offers:session_new", args=[offer.pk])
    assert client.get(url).status_code == 200
    start = at(10, 14)
    response = client.post(url, {"starts_at": _local(start), "minutes": 90})
    assert response.status_code == 302
    session = offer.sessions.get(starts_at=start)
    assert session.ends_at - session.starts_at == timedelta(minutes=90)
    calendar = client.get(reverse("offers:public_offer", args=[offer.pk])).content.decode()
    assert calendar.count("offer-clock") == 2


def test_a_session_in_the_past_is_refused(client, world):
    worker = world.users["social_worker"]
    offer = make_offer(worker, estate=world.estate_a)
    log_in(client, worker)
    response = client.post(reverse("offers:session_new", args=[offer.pk]),
                           {"starts_at": _local(at(-2)), "minutes": 60})
    assert response.status_code == 200 and offer.sessions.count() == 1


def test_a_new_block_of_outreach_hours_can_be_cut_into_slots_at_once(client, world):
    worker = world.users["professional"]
    offer = make_outreach(worker, estate=world.estate_a, first=at(3, 9))
    log_in(client, worker)
    client.post(reverse("offers:session_new", args=[offer.pk]),
                {"starts_at": _local(at(10, 9)), "minutes": 60, "slot_minutes": 20})
    session = offer.sessions.get(starts_at=at(10, 9))
    assert session.slots.count() == 3


# --- Outreach time slots -----------------------------------------------------------------------


def test_staff_add_time_slots_to_outreach_hours(client, world):
    worker = world.users["professional"]
    offer = make_outreach(worker, estate=world.estate_a, first=at(3, 9), hours=2, slot_minutes=0)
    session = offer.sessions.get()
    services.add_slots(session, 15, actor=worker, count=2)  # 9:00 and 9:15
    log_in(client, worker)
    url = reverse("offers:slot_new", args=[session.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, {"start": "10:00", "minutes": 20, "count": 3})
    assert response.status_code == 302
    times = [timezone.localtime(s.starts_at).strftime("%H:%M") for s in session.slots.order_by("starts_at")]
    assert times == ["09:00", "09:15", "10:00", "10:20", "10:40"]
    assert len(selectors.free_slots(offer)) == 5


def test_slots_that_overlap_existing_ones_are_refused(client, world):
    worker = world.users["professional"]
    offer = make_outreach(worker, estate=world.estate_a, first=at(3, 9), hours=2, slot_minutes=0)
    session = offer.sessions.get()
    services.add_slots(session, 30, actor=worker, count=2)  # 9:00–9:30, 9:30–10:00
    with pytest.raises(services.ChangeRefused):
        services.add_slots(session, 20, actor=worker, start=at(3, 9, 50), count=1)
    log_in(client, worker)
    response = client.post(reverse("offers:slot_new", args=[session.pk]), {"start": "09:45", "minutes": 15, "count": 2})
    assert response.status_code == 200 and "overlap" in response.content.decode()
    assert session.slots.count() == 2
    # Touching is not overlapping.
    services.add_slots(session, 15, actor=worker, start=at(3, 10), count=1)
    assert session.slots.count() == 3


def test_slots_outside_the_block_of_hours_are_refused(world):
    worker = world.users["professional"]
    offer = make_outreach(worker, estate=world.estate_a, first=at(3, 9), hours=1, slot_minutes=0)
    with pytest.raises(services.ChangeRefused):
        services.add_slots(offer.sessions.get(), 15, actor=worker, start=at(3, 9, 45), count=2)
    assert not Slot.objects.exists()


def test_the_slot_page_previews_the_times_with_htmx(client, world):
    worker = world.users["professional"]
    offer = make_outreach(worker, estate=world.estate_a, first=at(3, 9), hours=2, slot_minutes=0)
    session = offer.sessions.get()
    log_in(client, worker)
    response = client.post(reverse("offers:slot_new", args=[session.pk]), {"start": "09:00", "minutes": 30, "count": 3},
                           HTTP_HX_REQUEST="true", HTTP_HX_TARGET="slot-preview")
    html = response.content.decode()
    assert response.status_code == 200 and "<html" not in html
    assert "09:00" in html and "10:00" in html and not session.slots.exists()


def test_only_outreach_hours_have_time_slots(client, world):
    worker = world.users["social_worker"]
    course = make_offer(worker, estate=world.estate_a)
    log_in(client, worker)
    assert client.get(reverse("offers:slot_new", args=[course.sessions.get().pk])).status_code == 404


# --- Boundaries --------------------------------------------------------------------------------


@pytest.mark.parametrize("runner", ["other_housing_social_worker", "other_municipality_professional"])
def test_staff_of_another_organisation_cannot_find_the_offer(client, world, runner):
    outsider = (member(world.housing_b, Role.SOCIAL_WORKER) if runner == "other_housing_social_worker"
                else member(world.municipality_v, Role.PROFESSIONAL))
    offer = make_outreach(world.users["professional"], estate=world.estate_a, first=at(3, 9))
    services.sign_up(offer, resident(1), slot=selectors.free_slots(offer)[0])
    session = offer.sessions.get()
    log_in(client, outsider)
    for name, pk in [("offer_edit", offer.pk), ("offer_cancel", offer.pk), ("session_new", offer.pk),
                     ("session_cancel", session.pk), ("slot_new", session.pk)]:
        url = reverse(f"offers:{name}", args=[pk])
        assert client.get(url).status_code == 404, name
        assert client.post(url, {"reason": "x", "start": "10:00", "minutes": 15, "count": 1,
                                 "starts_at": _local(at(5)), **edit_data(offer, title="Overtaget")}
                           ).status_code == 404, name
    offer.refresh_from_db()
    session.refresh_from_db()
    assert offer.title == "Lægen i Sundhedshuset" and offer.cancelled_at is None and session.cancelled_at is None
    assert offer.sessions.count() == 1 and session.slots.count() == 4
    assert Entry.objects.filter(actor=outsider, action="denied").exists()


def test_a_cancelled_offer_can_no_longer_be_changed(client, world):
    worker = world.users["social_worker"]
    offer = make_offer(worker, estate=world.estate_a, capacity=3)
    change_services.cancel_offer(offer, reason="Instruktøren er stoppet", actor=worker)
    with pytest.raises(services.ChangeRefused):
        services.add_sessions(offer, [(at(20), at(20) + timedelta(hours=1))], actor=worker)
    log_in(client, worker)
    response = client.post(reverse("offers:offer_edit", args=[offer.pk]), edit_data(offer, capacity=10))
    assert response.status_code == 302
    offer.refresh_from_db()
    assert offer.capacity == 3
    assert client.get(reverse("offers:session_new", args=[offer.pk])).status_code == 302


# --- The staff page ----------------------------------------------------------------------------


def test_the_offer_page_links_every_change(client, world):
    worker = world.users["professional"]
    offer = make_outreach(worker, estate=world.estate_a, first=at(3, 9))
    session = offer.sessions.get()
    log_in(client, worker)
    html = client.get(reverse("offers:offer_detail", args=[offer.pk])).content.decode()
    for url in (reverse("offers:offer_edit", args=[offer.pk]), reverse("offers:offer_cancel", args=[offer.pk]),
                reverse("offers:session_new", args=[offer.pk]), reverse("offers:session_cancel", args=[session.pk]),
                reverse("offers:slot_new", args=[session.pk])):
        assert f'href="{url}"' in html, url


def test_the_offer_page_has_a_fixed_query_count(client, world):
    """Queries: 1 session, 2 user, 3 memberships (the layout); 4 the offer with its estate,
    partnership and facility; 5 sign-ups with their slot and who signed them up; 6 the
    access-log entry; 7 sessions with their counts of slots and bookings; 8 organisers;
    9 translations; 10 free slots (outreach hours only)."""
    worker = world.users["professional"]
    log_in(client, worker)
    client.get(reverse("offers:offer_list"))  # the first request of a session also refreshes it
    counts = []
    for size in (2, 12):
        offer = make_outreach(worker, estate=world.estate_a, first=at(3, 9), hours=size / 2, slot_minutes=30)
        services.add_sessions(offer, services.weekly(at(10, 9), timedelta(hours=1), size), actor=worker)
        for n, slot in enumerate(selectors.free_slots(offer)[:size]):
            services.sign_up(offer, resident(n), slot=slot)
        services.set_translation(offer, "ar", title="الطبيب", actor=worker)
        change_services.cancel_session(offer.sessions.order_by("starts_at").last(), reason="Ferie", actor=worker)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(reverse("offers:offer_detail", args=[offer.pk]))
        assert response.status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1] <= 10, counts

