"""A case system works the queue through the API: the same services and guards as a person."""

from __future__ import annotations

import json

from lokalsundhed.api.tests.factories import bearer, make_client
from lokalsundhed.referrals import services
from lokalsundhed.referrals.models import Referral, Transition


def post(client, url, token, body=None):
    return client.post(url, data=json.dumps(body or {}), content_type="application/json", **bearer(token))


def test_a_client_claims_takes_over_and_closes_a_referral(client, world):
    api_client, token = make_client(world.municipality_m, "referrals:read", "referrals:write")
    base = f"/api/v1/referrals/{world.referral.pk}"
    assert post(client, f"{base}/claim", token).json()["state"] == "received"
    assert post(client, f"{base}/take-over", token, {"status_text": "Vi har kontakt"}).json()["state"] == "taken_over"
    closed = post(client, f"{base}/close", token, {"outcome": "help_established"}).json()
    assert closed["state"] == "closed" and closed["outcome"] == "help_established"
    referral = Referral.objects.get(pk=world.referral.pk)
    assert referral.claimed_by_id == api_client.user_id
    assert referral.status_text == "Vi har kontakt"
    actors = set(Transition.objects.filter(referral=referral).exclude(from_state="").values_list("actor", flat=True))
    assert actors == {api_client.user_id}


def test_the_state_guard_answers_409_when_someone_else_claimed_it(client, world):
    services.claim(world.referral, actor=world.users["intake"])
    _, token = make_client(world.municipality_m, "referrals:write")
    response = post(client, f"/api/v1/referrals/{world.referral.pk}/claim", token)
    assert response.status_code == 409
    assert response["Content-Type"].startswith("application/problem+json")
    response = post(client, f"/api/v1/referrals/{world.referral.pk}/take-over", token)
    assert response.status_code == 409


def test_a_read_only_client_cannot_claim(client, world):
    _, token = make_client(world.municipality_m, "referrals:read")
    assert post(client, f"/api/v1/referrals/{world.referral.pk}/claim", token).status_code == 403
    assert Referral.objects.get(pk=world.referral.pk).claimed_by_id is None


def test_returning_needs_a_reason_and_refuses_cpr_numbers(client, world):
    _, token = make_client(world.municipality_m, "referrals:write")
    url = f"/api/v1/referrals/{world.referral.pk}/return"
    response = post(client, url, token, {"reason": ""})
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "body.reason"
    response = post(client, url, token, {"reason": "Borgeren 010190-1234 bor ikke her"})
    assert response.status_code == 422
    assert "CPR" in response.json()["errors"][0]["detail"]
    assert post(client, url, token, {"reason": "Ikke vores område"}).json()["state"] == "returned"


def test_closing_names_a_bad_outcome(client, world):
    _, token = make_client(world.municipality_m, "referrals:write")
    response = post(client, f"/api/v1/referrals/{world.referral.pk}/close", token, {"outcome": "magic"})
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "body.outcome"


def test_a_body_that_is_not_json_is_a_422_not_a_500(client, world):
    _, token = make_client(world.municipality_m, "referrals:write")
    response = client.post(f"/api/v1/referrals/{world.referral.pk}/close", data="{not json",
                           content_type="application/json", **bearer(token))
    assert response.status_code in (400, 422)
    assert response["Content-Type"].startswith("application/problem+json")


def test_the_rate_limit_answers_429_with_retry_after(client, world, settings):
    settings.API_RATE_LIMIT = 3
    # One window for the whole test: four calls across a window's end would start a new count.
    settings.API_RATE_WINDOW_SECONDS = 10**9
    _, token = make_client(world.municipality_m, "referrals:read")
    answers = [client.get("/api/v1/referrals", **bearer(token)).status_code for _ in range(4)]
    assert answers == [200, 200, 200, 429]
    response = client.get("/api/v1/referrals", **bearer(token))
    assert int(response["Retry-After"]) >= 1
    assert response["Content-Type"].startswith("application/problem+json")
    # another client has its own allowance
    _, other = make_client(world.municipality_m, "referrals:read", name="BI")
    assert client.get("/api/v1/referrals", **bearer(other)).status_code == 200


def test_last_used_is_shown(client, world):
    api_client, token = make_client(world.municipality_m, "referrals:read")
    assert api_client.last_used_at is None
    client.get("/api/v1/referrals", **bearer(token))
    api_client.refresh_from_db()
    assert api_client.last_used_at is not None
