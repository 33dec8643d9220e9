from __future__ import annotations

from lokalsundhed.api.models import ApiClient
from lokalsundhed.api.tests.factories import bearer
from lokalsundhed.demo.api_clients import load_api_clients


def test_each_demo_municipality_gets_one_working_client_once(client, world):
    tokens = load_api_clients()
    assert load_api_clients() == tokens
    assert ApiClient.objects.count() == 2
    response = client.get("/api/v1/referrals", **bearer(tokens["0607"]))
    assert [r["id"] for r in response.json()["items"]] == [world.referral.pk]
    assert client.get("/api/v1/referrals", **bearer(tokens["0630"])).json()["items"] == []
