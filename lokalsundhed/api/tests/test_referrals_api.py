"""The referral resource: what a municipality's case system reads and does."""

from __future__ import annotations

import pytest
from django.urls import reverse

from lokalsundhed.api.tests.factories import bearer, make_client
from lokalsundhed.audit.models import Entry
from lokalsundhed.referrals.models import Referral
from lokalsundhed.referrals.tests.factories import observe

LIST = "/api/v1/referrals"


def test_it_lists_the_referrals_of_the_clients_municipality(client, world):
    _, token = make_client(world.municipality_m, "referrals:read")
    other = observe(world.users["other_housing_caretaker"], world.estate_c, "falls")  # Vejle's
    response = client.get(LIST, **bearer(token))
    assert response.status_code == 200, response.content
    ids = [item["id"] for item in response.json()["items"]]
    assert ids == [world.referral.pk]
    assert other.referral.pk not in ids


def test_it_refuses_a_missing_token_with_a_problem(client, world):
    response = client.get(LIST)
    assert response.status_code == 401
    assert response["Content-Type"].startswith("application/problem+json")
    assert response["WWW-Authenticate"].startswith("Bearer")
    assert response.json()["status"] == 401


@pytest.mark.parametrize("kind", ["revoked", "expired", "garbage"])
def test_it_refuses_revoked_expired_and_unknown_tokens(client, world, kind):
    _, token = make_client(world.municipality_m, "referrals:read", revoked=kind == "revoked",
                           expired=kind == "expired")
    if kind == "garbage":
        token = token[:-3] + "xyz"
    assert client.get(LIST, **bearer(token)).status_code == 401


def test_it_refuses_a_client_without_the_scope(client, world):
    _, token = make_client(world.municipality_m, "audit:read")
    response = client.get(LIST, **bearer(token))
    assert response.status_code == 403
    assert "referrals:read" in response.json()["detail"]


def test_another_municipalitys_client_cannot_find_the_referral(client, world):
    _, token = make_client(world.municipality_v, "referrals:read")
    response = client.get(f"{LIST}/{world.referral.pk}", **bearer(token))
    assert response.status_code == 404
    assert response["Content-Type"].startswith("application/problem+json")
    assert client.get(LIST, **bearer(token)).json()["items"] == []


def test_a_housing_organisations_client_sees_no_referrals(client, world):
    _, token = make_client(world.housing_a, "referrals:read")
    assert client.get(LIST, **bearer(token)).json()["items"] == []


def test_it_reads_a_referral_and_logs_the_read_with_client_and_purpose(client, world):
    api_client, token = make_client(world.municipality_m, "referrals:read")
    response = client.get(f"{LIST}/{world.referral.pk}", **bearer(token))
    assert response.status_code == 200
    body = response.json()
    assert body["id"] == world.referral.pk
    assert body["resident_first_name"] == "Inge"
    assert body["signs"][0]["code"] == "falls"
    entry = Entry.objects.filter(object_type="referrals.referral", object_id=str(world.referral.pk),
                                 action="read").get()
    assert entry.actor_id == api_client.user_id
    assert "Sagssystem" in entry.purpose and "Synkronisering" in entry.purpose
    assert entry.organisation_id == world.municipality_m.pk


def test_it_filters_by_state_and_updated_since(client, world):
    _, token = make_client(world.municipality_m, "referrals:read")
    assert client.get(LIST, {"state": "closed"}, **bearer(token)).json()["items"] == []
    assert len(client.get(LIST, {"state": "sent"}, **bearer(token)).json()["items"]) == 1
    future = "2999-01-01T00:00:00Z"
    assert client.get(LIST, {"updated_since": future}, **bearer(token)).json()["items"] == []
    assert len(client.get(LIST, {"updated_since": "2000-01-01T00:00:00"}, **bearer(token)).json()["items"]) == 1


def test_it_pages_with_a_cursor(client, world):
    for _ in range(4):
        observe(world.users["caretaker"], world.estate_a, "falls")
    _, token = make_client(world.municipality_m, "referrals:read")
    first = client.get(LIST, {"limit": 2}, **bearer(token)).json()
    second = client.get(LIST, {"limit": 2, "cursor": first["next_cursor"]}, **bearer(token)).json()
    third = client.get(LIST, {"limit": 2, "cursor": second["next_cursor"]}, **bearer(token)).json()
    ids = [i["id"] for page in (first, second, third) for i in page["items"]]
    assert ids == sorted(Referral.objects.values_list("pk", flat=True))
    assert third["next_cursor"] is None


@pytest.mark.parametrize("params, field", [
    ({"state": "lost"}, "query.state"),
    ({"updated_since": "yesterday"}, "query.updated_since"),
    ({"cursor": "not-a-cursor"}, "query.cursor"),
    ({"limit": 0}, "query.limit"),
])
def test_bad_input_is_a_422_naming_the_field(client, world, params, field):
    _, token = make_client(world.municipality_m, "referrals:read")
    response = client.get(LIST, params, **bearer(token))
    assert response.status_code == 422
    assert response["Content-Type"].startswith("application/problem+json")
    assert [e["field"] for e in response.json()["errors"]] == [field]


@pytest.mark.parametrize("moment", ["0001-01-01T00:00:00+14:00", "9999-12-31T23:59:59-14:00"])
@pytest.mark.parametrize(("path", "field"), [(LIST, "updated_since"), ("/api/v1/audit/entries", "since")])
def test_a_time_past_the_calendar_in_utc_is_a_422_naming_the_parameter(client, world, path, field, moment):
    _, token = make_client(world.municipality_m, "referrals:read", "audit:read")
    response = client.get(path, {field: moment}, **bearer(token))
    assert response.status_code == 422
    assert response["Content-Type"].startswith("application/problem+json")
    assert [e["field"] for e in response.json()["errors"]] == [f"query.{field}"]


@pytest.mark.parametrize(("path", "field"), [(LIST, "updated_since"), ("/api/v1/audit/entries", "since")])
def test_a_time_with_any_offset_is_read_in_utc(client, world, path, field):
    # PostgreSQL holds offsets up to ±15:59 only; the API compares in UTC, so +23:59 is a time like any other.
    _, token = make_client(world.municipality_m, "referrals:read", "audit:read")
    response = client.get(path, {field: "2000-01-02T00:00:00+23:59"}, **bearer(token))
    assert response.status_code == 200, response.content
    assert response.json()["items"]


def test_the_list_has_a_fixed_query_budget(client, world, django_assert_max_num_queries):
    for _ in range(10):
        observe(world.users["caretaker"], world.estate_a, "falls")
    _, token = make_client(world.municipality_m, "referrals:read")
    client.get(LIST, **bearer(token))  # the first call writes last_used_at
    # 1 the client with its service account and organisation, 2 the rate limit's count, 3 the page of
    # referrals with their units and time of last change, 4 the access-log row (5-6: savepoint around
    # it on PostgreSQL)
    with django_assert_max_num_queries(6):
        response = client.get(LIST, **bearer(token))
    assert len(response.json()["items"]) == 11


@pytest.mark.parametrize("path", ["/api/v1/nothing-here", "/api/v1/errands/x%0A", "/api/v1/a%0Ab", "/api/v1/%0A",
                                  "/api/v1/referrals%0A", "/api/v1/referrals/1%0D%0A/fhir"])
def test_an_unknown_path_is_a_problem(client, world, path):
    response = client.get(path)
    assert response.status_code == 404
    assert response["Content-Type"].startswith("application/problem+json")
    assert response.json()["status"] == 404


def test_the_openapi_document_is_3_1_and_names_scopes(client, db):
    schema = client.get(reverse("api:api-v1:openapi-json")).json()
    assert schema["openapi"].startswith("3.1")
    assert schema["paths"]["/api/v1/referrals"]["get"]["x-scope"] == "referrals:read"


def test_the_docs_are_served_from_our_static_files_under_the_strict_csp(client, db):
    import re

    response = client.get("/api/v1/docs")
    assert response.status_code == 200
    html = response.content.decode()
    assert "/static/ninja/swagger-ui-bundle.js" in html and "cdn" not in html.lower()
    # the only script without src is the JSON settings block, which a browser does not run
    inline = re.findall(r"<script(?![^>]*\bsrc=)([^>]*)>", html)
    assert inline == [' type="application/json" id="swagger-settings"']
    assert "style=" not in html and "<style" not in html
    assert "script-src 'self'" in response["Content-Security-Policy"]
