"""Staff change what they created through the API: an offer's details, cancelling it, and its
sessions moved, cancelled and restored — through the same services and guards as the offer
pages, so residents are told exactly as when staff act on the web."""

from __future__ import annotations

import json
import re
from datetime import timedelta
from typing import Any

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from lokalsundhed.api.tests.factories import bearer, make_client
from lokalsundhed.audit.models import Entry
from lokalsundhed.core.tests.support import log_in
from lokalsundhed.offers import change_services, services
from lokalsundhed.offers.forms import OfferDetailsForm
from lokalsundhed.offers.models import MAX_PLACES, Message, Offer, Session, SignUp
from lokalsundhed.offers.tests.factories import (
    at,
    make_offer,
    make_outreach,
    resident,
    sign_up_many,
)
from lokalsundhed.organisations.tests.factories import EstateFactory

Status = SignUp.Status


@pytest.fixture
def token(world) -> str:
    return make_client(world.housing_a, "offers:write")[1]


def _send(client: Client, method: str, url: str, token: str, body: dict[str, Any] | None = None) -> Any:
    kwargs: dict[str, Any] = bearer(token)
    if body is not None:
        kwargs.update(data=json.dumps(body), content_type="application/json")
    return getattr(client, method)(url, **kwargs)


def _field(response) -> str:
    assert response.status_code == 422, response.content
    assert response["Content-Type"].startswith("application/problem+json")
    return response.json()["errors"][0]["field"]


def _told() -> list[tuple[str, str, str]]:
    """Who was told what (recipient, subject, body), each sign-up's private link made alike."""
    return sorted((m.to[0], m.subject, re.sub(r"/tilmelding/[^/\s]+/", "/tilmelding/…/", m.body)) for m in mail.outbox)


def _twins(world, **kwargs: Any) -> tuple[Offer, Offer]:
    """Two identical courses at the same times with the same residents signed up: one for the
    web page, one for the API."""
    worker = world.users["social_worker"]
    first = at(5)
    twins = []
    for _ in range(2):
        offer = make_offer(worker, estate=world.estate_a, capacity=2, sessions=3, first=first, **kwargs)
        sign_up_many(offer, 3)  # two places and one on the waiting list
        twins.append(offer)
    return twins[0], twins[1]


def _web(world) -> Client:
    browser = Client()
    log_in(browser, world.users["social_worker"])
    return browser


# --- The offer's details -------------------------------------------------------------------------


def test_staff_change_only_the_details_they_send(client, world, token):
    offer = world.offer
    response = _send(client, "patch", f"/api/v1/offers/{offer.pk}", token, {"title": "Stærk ryg", "capacity": 12})
    assert response.status_code == 200, response.content
    assert response.json()["title"] == "Stærk ryg" and response.json()["capacity"] == 12
    offer.refresh_from_db()
    assert (offer.title, offer.capacity, offer.description) == ("Stærk ryg", 12, "Et forløb for dig med smerter")
    entry = Entry.objects.filter(object_type="offers.offer", object_id=str(offer.pk)).latest("pk")
    assert entry.actor.api_client.organisation == world.housing_a
    assert entry.purpose == "offer changed: title, capacity"


def test_more_places_give_the_waiting_list_places_and_tell_them(client, world, token,
                                                               django_capture_on_commit_callbacks):
    offer = make_offer(world.users["social_worker"], estate=world.estate_a, capacity=1, sessions=1)
    _first, waiting = sign_up_many(offer, 2)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = _send(client, "patch", f"/api/v1/offers/{offer.pk}", token, {"capacity": 2})
    assert response.status_code == 200
    waiting.refresh_from_db()
    assert waiting.status == Status.CONFIRMED
    assert [m.to for m in mail.outbox] == [[waiting.email]]
    assert Message.objects.filter(sign_up=waiting, kind=Message.Kind.MOVED_UP).exists()


def test_places_follow_the_offer_forms_limit_when_created_and_changed(client, world, token):
    assert OfferDetailsForm.base_fields["capacity"].max_value == MAX_PLACES  # type: ignore[attr-defined]
    body = {"kind": "activity", "title": "Fredagscafé", "estate_id": world.estate_a.pk, "capacity": MAX_PLACES + 1}
    assert _field(_send(client, "post", "/api/v1/offers", token, body)) == "body.capacity"
    url = f"/api/v1/offers/{world.offer.pk}"
    assert _field(_send(client, "patch", url, token, {"capacity": MAX_PLACES + 1})) == "body.capacity"
    assert _send(client, "patch", url, token, {"capacity": MAX_PLACES}).status_code == 200
    assert _send(client, "patch", url, token, {"capacity": None}).json()["capacity"] is None


def test_an_offer_created_unpublished_is_published_later(client, world, token):
    body = {"kind": "activity", "title": "Fredagscafé", "estate_id": world.estate_a.pk, "is_published": False}
    offer_id = _send(client, "post", "/api/v1/offers", token, body).json()["id"]
    assert client.get(f"/api/v1/offers/{offer_id}").status_code == 404
    assert _send(client, "patch", f"/api/v1/offers/{offer_id}", token, {"is_published": True}).status_code == 200
    assert client.get(f"/api/v1/offers/{offer_id}").status_code == 200
    assert _field(_send(client, "patch", f"/api/v1/offers/{offer_id}", token, {"is_published": None})
                  ) == "body.is_published"


def test_fewer_places_than_are_taken_are_refused_at_the_field(client, world, token):
    offer = make_offer(world.users["social_worker"], estate=world.estate_a, capacity=3, sessions=1)
    sign_up_many(offer, 2)
    assert _field(_send(client, "patch", f"/api/v1/offers/{offer.pk}", token, {"capacity": 1})) == "body.capacity"
    offer.refresh_from_db()
    assert offer.capacity == 3


def test_the_kind_is_not_changed_and_text_is_checked_as_in_the_form(client, world, token):
    url = f"/api/v1/offers/{world.offer.pk}"
    assert _field(_send(client, "patch", url, token, {"kind": "activity"})) == "body.kind"
    assert _field(_send(client, "patch", url, token, {"title": ""})) == "body.title"
    assert _field(_send(client, "patch", url, token, {"title": "   "})) == "body.title"
    assert _field(_send(client, "patch", url, token, {"title": None})) == "body.title"
    assert _field(_send(client, "patch", url, token, {"description": "Ring til 010190-1234"})) == "body.description"
    world.offer.refresh_from_db()
    assert world.offer.kind == Offer.Kind.COURSE


def test_a_title_of_spaces_alone_is_refused_as_the_form_refuses_it(client, world, token):
    body = {"kind": "activity", "title": "   ", "estate_id": world.estate_a.pk}
    assert _field(_send(client, "post", "/api/v1/offers", token, body)) == "body.title"
    assert not Offer.objects.filter(title="").exists()


def test_outreach_hours_have_no_places(client, world, token):
    offer = make_outreach(world.users["social_worker"], estate=world.estate_a)
    assert _field(_send(client, "patch", f"/api/v1/offers/{offer.pk}", token, {"capacity": 5})) == "body.capacity"


def test_an_offer_moves_only_to_an_estate_the_client_runs_offers_in_and_before_anyone_signs_up(client, world, token):
    other_estate = EstateFactory(housing_organisation=world.housing_a, name="Sønderparken")
    url = f"/api/v1/offers/{world.offer.pk}"  # a resident has signed up
    response = _send(client, "patch", url, token, {"estate_id": other_estate.pk})
    assert response.status_code == 409
    assert _field(_send(client, "patch", url, token, {"estate_id": world.estate_b.pk})) == "body.estate_id"
    empty = make_offer(world.users["social_worker"], estate=world.estate_a, capacity=5, sessions=1)
    response = _send(client, "patch", f"/api/v1/offers/{empty.pk}", token, {"estate_id": other_estate.pk})
    assert response.status_code == 200 and response.json()["estate_id"] == other_estate.pk


def test_another_organisations_client_does_not_find_the_offer(client, world):
    _, token = make_client(world.housing_b, "offers:write")
    offer, session = world.offer, world.session
    for method, url, body in [
        ("patch", f"/api/v1/offers/{offer.pk}", {"title": "X"}),
        ("post", f"/api/v1/offers/{offer.pk}/cancel", {"reason": "X"}),
        ("patch", f"/api/v1/offers/{offer.pk}/sessions/{session.pk}", {}),
        ("post", f"/api/v1/offers/{offer.pk}/sessions/{session.pk}/cancel", {"reason": "X"}),
        ("post", f"/api/v1/offers/{offer.pk}/sessions/{session.pk}/restore", None),
    ]:
        assert _send(client, method, url, token, body).status_code == 404, url
    offer.refresh_from_db()
    assert offer.title != "X" and offer.cancelled_at is None


def test_a_session_is_found_only_under_its_own_offer(client, world, token):
    other = make_offer(world.users["social_worker"], estate=world.estate_a, capacity=5, sessions=1)
    url = f"/api/v1/offers/{other.pk}/sessions/{world.session.pk}/cancel"
    assert _send(client, "post", url, token, {"reason": "Syg"}).status_code == 404
    world.session.refresh_from_db()
    assert world.session.cancelled_at is None
    url = f"/api/v1/offers/{world.offer.pk}/sessions/{world.session.pk}/cancel"
    assert _send(client, "post", url, token, {"reason": "Syg"}).status_code == 200


# --- Cancelling the offer ------------------------------------------------------------------------


def test_cancelling_an_offer_tells_residents_exactly_as_on_the_web(client, world, token,
                                                                  django_capture_on_commit_callbacks):
    on_web, by_api = _twins(world)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert _web(world).post(reverse("offers:offer_cancel", args=[on_web.pk]), {"reason": "Ingen lokaler"}
                                ).status_code == 302
    told_on_web = _told()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = _send(client, "post", f"/api/v1/offers/{by_api.pk}/cancel", token, {"reason": "Ingen lokaler"})
    assert response.status_code == 200 and response.json()["cancelled"] is True
    assert len(told_on_web) == 3 and _told() == told_on_web
    for offer in (on_web, by_api):
        offer.refresh_from_db()
        assert offer.cancel_reason == "Ingen lokaler"
    assert (sorted(SignUp.objects.filter(offer=by_api).values_list("status", flat=True))
            == sorted(SignUp.objects.filter(offer=on_web).values_list("status", flat=True)))
    assert not Session.objects.filter(offer=by_api, cancelled_at__isnull=True).exists()
    assert client.get(f"/api/v1/offers/{by_api.pk}").status_code == 404  # off the residents' calendar


def test_a_cancelled_offer_is_not_cancelled_again_nor_changed(client, world, token):
    url = f"/api/v1/offers/{world.offer.pk}"
    assert _send(client, "post", url + "/cancel", token, {"reason": "Ingen lokaler"}).status_code == 200
    for method, path, body in [("post", "/cancel", {"reason": "Igen"}), ("patch", "", {"title": "Nyt"}),
                               ("post", "/sessions", {"starts_at": "2030-05-03T10:00:00+02:00",
                                                      "ends_at": "2030-05-03T12:00:00+02:00"})]:
        response = _send(client, method, url + path, token, body)
        assert response.status_code == 409, (path, response.content)
        assert response["Content-Type"].startswith("application/problem+json")
    world.offer.refresh_from_db()
    assert world.offer.cancel_reason == "Ingen lokaler"


def test_a_cancellation_needs_a_reason_without_a_cpr_number(client, world, token):
    url = f"/api/v1/offers/{world.offer.pk}/cancel"
    assert _field(_send(client, "post", url, token, {})) == "body.reason"
    assert _field(_send(client, "post", url, token, {"reason": "   "})) == "body.reason"
    assert _field(_send(client, "post", url, token, {"reason": "Syg, 010190-1234"})) == "body.reason"
    world.offer.refresh_from_db()
    assert world.offer.cancelled_at is None


# --- Sessions ------------------------------------------------------------------------------------


def test_cancelling_a_session_tells_residents_exactly_as_on_the_web(client, world, token,
                                                                   django_capture_on_commit_callbacks):
    on_web, by_api = _twins(world)
    web_session, api_session = (o.sessions.order_by("starts_at")[1] for o in (on_web, by_api))
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert _web(world).post(reverse("offers:session_cancel", args=[web_session.pk]),
                                {"reason": "Instruktøren er syg"}).status_code == 302
    told_on_web = _told()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = _send(client, "post", f"/api/v1/offers/{by_api.pk}/sessions/{api_session.pk}/cancel", token,
                         {"reason": "Instruktøren er syg"})
    assert response.status_code == 200 and response.json()["cancelled"] is True
    assert len(told_on_web) == 3 and _told() == told_on_web
    api_session.refresh_from_db()
    assert api_session.cancel_reason == "Instruktøren er syg"
    again = _send(client, "post", f"/api/v1/offers/{by_api.pk}/sessions/{api_session.pk}/cancel", token,
                  {"reason": "Igen"})
    assert again.status_code == 409


def test_restoring_a_session_tells_residents_exactly_as_on_the_web(client, world, token,
                                                                  django_capture_on_commit_callbacks):
    on_web, by_api = _twins(world)
    worker = world.users["social_worker"]
    sessions = [o.sessions.order_by("starts_at")[1] for o in (on_web, by_api)]
    for session in sessions:
        change_services.cancel_session(session, reason="Syg", actor=worker)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert _web(world).post(reverse("offers:session_restore", args=[sessions[0].pk])).status_code == 302
    told_on_web = _told()
    mail.outbox.clear()
    url = f"/api/v1/offers/{by_api.pk}/sessions/{sessions[1].pk}/restore"
    with django_capture_on_commit_callbacks(execute=True):
        response = _send(client, "post", url, token)
    assert response.status_code == 200 and response.json()["cancelled"] is False
    assert len(told_on_web) == 3 and _told() == told_on_web
    assert _send(client, "post", url, token).status_code == 409  # not cancelled now


def test_moving_a_session_tells_residents_exactly_as_on_the_web(client, world, token,
                                                               django_capture_on_commit_callbacks):
    on_web, by_api = _twins(world)
    web_session, api_session = (o.sessions.order_by("starts_at")[1] for o in (on_web, by_api))
    new_start = timezone.localtime(api_session.starts_at + timedelta(days=2)).replace(hour=14, minute=0)
    new_end = new_start + timedelta(hours=2)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert _web(world).post(reverse("offers:session_move", args=[web_session.pk]), {
            "day": new_start.date().isoformat(), "start": "14:00", "end": "16:00",
        }).status_code == 302
    told_on_web = _told()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = _send(client, "patch", f"/api/v1/offers/{by_api.pk}/sessions/{api_session.pk}", token,
                         {"starts_at": new_start.isoformat(), "ends_at": new_end.isoformat()})
    assert response.status_code == 200, response.content
    assert len(told_on_web) == 3 and _told() == told_on_web
    api_session.refresh_from_db()
    assert (api_session.starts_at, api_session.ends_at) == (new_start, new_end)


def test_a_session_keeps_what_is_not_sent_and_refuses_bad_times_at_the_field(client, world, token):
    session = world.session
    url = f"/api/v1/offers/{world.offer.pk}/sessions/{session.pk}"
    later_end = session.ends_at + timedelta(minutes=30)
    response = _send(client, "patch", url, token, {"ends_at": later_end.isoformat()})
    assert response.status_code == 200
    session.refresh_from_db()
    assert session.ends_at == later_end
    past = timezone.now() - timedelta(days=1)
    assert _field(_send(client, "patch", url, token, {"starts_at": past.isoformat(),
                                                       "ends_at": (past + timedelta(hours=1)).isoformat()})
                  ) == "body.starts_at"
    before = session.starts_at - timedelta(hours=1)
    assert _field(_send(client, "patch", url, token, {"ends_at": before.isoformat()})) == "body.ends_at"
    assert _field(_send(client, "patch", url, token, {"starts_at": "2030-05-03T10:00:00"})) == "body.starts_at"
    assert _field(_send(client, "patch", url, token, {"cancelled": True})) == "body.cancelled"


def test_outreach_hours_with_bookings_are_not_moved(client, world, token):
    offer = make_outreach(world.users["social_worker"], estate=world.estate_a)
    session = offer.sessions.get()
    services.sign_up(offer, resident(1), slot=session.slots.first())
    later = session.starts_at + timedelta(days=1)
    response = _send(client, "patch", f"/api/v1/offers/{offer.pk}/sessions/{session.pk}", token,
                     {"starts_at": later.isoformat(), "ends_at": (later + timedelta(hours=1)).isoformat()})
    assert response.status_code == 409


def test_a_session_that_is_over_is_neither_cancelled_nor_restored(client, world, token):
    offer = make_offer(world.users["social_worker"], estate=world.estate_a, capacity=5, sessions=1, first=at(-2))
    session = offer.sessions.get()
    base = f"/api/v1/offers/{offer.pk}/sessions/{session.pk}"
    assert _send(client, "post", base + "/cancel", token, {"reason": "Syg"}).status_code == 409
    Session.objects.filter(pk=session.pk).update(cancelled_at=timezone.now() - timedelta(days=3))
    assert _send(client, "post", base + "/restore", token).status_code == 409


def test_adding_a_session_refuses_a_time_without_a_zone_at_the_field(client, world, token):
    body = {"starts_at": "2030-05-03T10:00:00", "ends_at": "2030-05-03T12:00:00+02:00"}
    assert _field(_send(client, "post", f"/api/v1/offers/{world.offer.pk}/sessions", token, body)) == "body.starts_at"


@pytest.mark.parametrize("starts_at, ends_at, field", [
    ("2020-05-03T10:00:00+02:00", "2020-05-03T12:00:00+02:00", "body.starts_at"),  # in the past
    ("2030-05-03T10:00:00+02:00", "2030-05-03T10:10:00+02:00", "body.ends_at"),  # 10 minutes
    ("2030-05-03T08:00:00+02:00", "2030-05-03T18:30:00+02:00", "body.ends_at"),  # 10½ hours
])
def test_adding_a_session_follows_the_pages_rules_for_its_time(client, world, token, starts_at, ends_at, field):
    before = world.offer.sessions.count()
    body = {"starts_at": starts_at, "ends_at": ends_at}
    assert _field(_send(client, "post", f"/api/v1/offers/{world.offer.pk}/sessions", token, body)) == field
    assert world.offer.sessions.count() == before
    body = {"starts_at": "2030-05-03T08:00:00+02:00", "ends_at": "2030-05-03T18:00:00+02:00"}  # 10 hours: allowed
    assert _send(client, "post", f"/api/v1/offers/{world.offer.pk}/sessions", token, body).status_code == 201
