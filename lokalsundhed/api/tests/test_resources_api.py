"""Offers, sign-ups and attendance, errands and the access log through the API."""

from __future__ import annotations

import json

from lokalsundhed.api.tests.factories import bearer, make_client
from lokalsundhed.audit.models import Entry
from lokalsundhed.errands.tests.factories import request
from lokalsundhed.offers.models import Attendance, Offer
from lokalsundhed.offers.tests.factories import make_offer


def test_published_offers_are_public_and_filtered_by_municipality(client, world):
    hidden = make_offer(world.users["social_worker"], estate=world.estate_a, capacity=5, sessions=1)
    Offer.objects.filter(pk=hidden.pk).update(is_published=False)
    response = client.get("/api/v1/offers", {"municipality_code": "0607"})
    assert response.status_code == 200
    assert [o["id"] for o in response.json()["items"]] == [world.offer.pk]
    assert client.get("/api/v1/offers", {"municipality_code": "0630"}).json()["items"] == []
    assert client.get("/api/v1/offers", {"municipality_code": "x"}).status_code == 422
    detail = client.get(f"/api/v1/offers/{world.offer.pk}").json()
    assert len(detail["sessions"]) == 2


def test_the_public_offer_list_has_a_fixed_query_budget(client, world, django_assert_max_num_queries):
    for _ in range(5):
        make_offer(world.users["social_worker"], estate=world.estate_a, capacity=5, sessions=1)
    # 1 the page of offers with their municipality
    with django_assert_max_num_queries(1):
        assert len(client.get("/api/v1/offers").json()["items"]) == 6


def test_staff_create_an_offer_in_their_estate_only(client, world):
    _, token = make_client(world.housing_a, "offers:write")
    body = {"kind": "activity", "title": "Fredagscafé", "estate_id": world.estate_a.pk}
    response = client.post("/api/v1/offers", json.dumps(body), content_type="application/json", **bearer(token))
    assert response.status_code == 201
    assert Offer.objects.get(pk=response.json()["id"]).created_by.api_client.organisation == world.housing_a
    body["estate_id"] = world.estate_b.pk  # another housing organisation's estate
    response = client.post("/api/v1/offers", json.dumps(body), content_type="application/json", **bearer(token))
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "body.estate_id"


def test_a_session_must_end_after_it_starts(client, world):
    _, token = make_client(world.housing_a, "offers:write")
    body = {"starts_at": "2030-05-03T12:00:00+02:00", "ends_at": "2030-05-03T10:00:00+02:00"}
    response = client.post(f"/api/v1/offers/{world.offer.pk}/sessions", json.dumps(body),
                           content_type="application/json", **bearer(token))
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "body.ends_at"


def test_sign_ups_are_read_into_the_access_log_and_attendance_recorded(client, world):
    api_client, token = make_client(world.housing_a, "signups:read", "signups:write")
    response = client.get(f"/api/v1/offers/{world.offer.pk}/sign-ups", **bearer(token))
    assert [s["id"] for s in response.json()] == [world.sign_up.pk]
    # The list names every participant of the offer: read under the offer, as the staff's list is, so
    # that a participant's access request finds it.
    assert Entry.objects.filter(actor=api_client.user, object_type="offers.offer", object_id=str(world.offer.pk),
                                action="read").exists()
    url = f"/api/v1/offers/{world.offer.pk}/sessions/{world.session.pk}/attendance/{world.sign_up.pk}"
    response = client.put(url, json.dumps({"present": True}), content_type="application/json", **bearer(token))
    assert response.json()["present"] is True
    assert Attendance.objects.filter(session=world.session, sign_up=world.sign_up).exists()


def test_a_municipal_client_does_not_see_a_housing_organisations_sign_ups(client, world):
    _, token = make_client(world.municipality_v, "signups:read")
    assert client.get(f"/api/v1/offers/{world.offer.pk}/sign-ups", **bearer(token)).status_code == 404


def test_errands_are_listed_within_a_query_budget_and_read_into_the_log(client, world, django_assert_max_num_queries):
    for _ in range(5):
        request(world.estate_a)
    api_client, token = make_client(world.housing_a, "errands:read")
    client.get("/api/v1/errands", **bearer(token))
    # 1 the client, 2 the rate limit's count, 3 the page of errands with their tasks, 4 the access-log
    # row (5-6 savepoint)
    with django_assert_max_num_queries(6):
        assert len(client.get("/api/v1/errands", **bearer(token)).json()["items"]) == 6
    detail = client.get(f"/api/v1/errands/{world.errand.pk}", **bearer(token)).json()
    assert detail["resident_first_name"] == "Inge"
    assert Entry.objects.filter(actor=api_client.user, object_type="errands.errand", action="read").exists()


def test_the_access_log_is_read_by_an_auditors_client_of_the_organisation_only(client, world,
                                                                                django_assert_max_num_queries):
    _, token = make_client(world.municipality_m, "audit:read")
    client.get("/api/v1/audit/entries", **bearer(token))
    # 1 the client, 2 the rate limit's count, 3 the page of entries, 4 the access-log row (5-6 savepoint)
    with django_assert_max_num_queries(6):
        items = client.get("/api/v1/audit/entries", {"limit": 200}, **bearer(token)).json()["items"]
    assert items and {i["organisation_id"] for i in items} == {world.municipality_m.pk}
    _, other = make_client(world.municipality_v, "audit:read")
    vejle = client.get("/api/v1/audit/entries", {"limit": 200}, **bearer(other)).json()["items"]
    assert {i["organisation_id"] for i in vejle} <= {world.municipality_v.pk}
