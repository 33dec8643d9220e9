"""API clients: created by the organisation's administrator (page and command), stored hashed,
revoked, and never more than their organisation's scope."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from lokalsundhed.accounts.middleware import TWO_FACTOR_OK_KEY
from lokalsundhed.api.models import ApiClient
from lokalsundhed.api.tests.factories import bearer, make_client
from lokalsundhed.audit.models import Entry


def login(client, user):
    client.force_login(user)
    session = client.session
    session[TWO_FACTOR_OK_KEY] = True
    session.save()


@pytest.mark.parametrize("by", ["id", "cvr", "name"])
def test_the_command_prints_the_token_once_and_stores_only_its_hash(client, world, by):
    organisation = world.municipality_m
    organisation.cvr = "29189749"
    organisation.save()
    value = {"id": str(organisation.pk), "cvr": organisation.cvr, "name": organisation.name}[by]
    out = StringIO()
    call_command("create_api_client", organisation=value, scopes="referrals:read", stdout=out, stderr=StringIO())
    token = out.getvalue().strip()
    api_client = ApiClient.objects.get()
    assert api_client.organisation == organisation
    assert token.split(".", 1)[1] not in api_client.secret_hash
    assert client.get("/api/v1/referrals", **bearer(token)).status_code == 200


def test_the_command_refuses_unknown_scopes_and_organisations(world):
    with pytest.raises(CommandError, match="everything"):
        call_command("create_api_client", organisation=str(world.municipality_m.pk), scopes="everything",
                     stdout=StringIO(), stderr=StringIO())
    with pytest.raises(CommandError, match="No active organisation"):
        call_command("create_api_client", organisation="Ingen Kommune", scopes="referrals:read",
                     stdout=StringIO(), stderr=StringIO())


def test_the_administrator_creates_a_client_and_sees_the_token_once(client, world):
    login(client, world.users["municipal_admin"])
    response = client.post("/indstillinger/api/", {"name": "Sagssystem", "purpose": "Henvisninger",
                                                   "scopes": ["referrals:read"]})
    assert response.status_code == 200
    token = response.context["new_token"]
    assert token.encode() in response.content
    api_client = ApiClient.objects.get()
    assert api_client.organisation == world.municipality_m and api_client.created_by == world.users["municipal_admin"]
    assert token.encode() not in client.get("/indstillinger/api/").content
    assert Entry.objects.filter(object_type="api.apiclient", action="create").exists()


def test_the_administrator_revokes_a_client_and_its_token_stops_working(client, world):
    api_client, token = make_client(world.municipality_m, "referrals:read")
    login(client, world.users["municipal_admin"])
    assert client.post(f"/indstillinger/api/{api_client.pk}/tilbagekald/").status_code == 302
    assert client.get("/api/v1/referrals", **bearer(token)).status_code == 401


def test_the_client_list_has_a_fixed_query_budget(client, world, django_assert_max_num_queries):
    for n in range(5):
        make_client(world.municipality_m, "referrals:read", name=f"System {n}")
    login(client, world.users["municipal_admin"])
    # 1 session, 2 user, 3 memberships (base layout), 4 the clients with organisation and creator,
    # 5 the webhooks, 6 the recent deliveries, 7-9 the idle time-out's session save in a savepoint
    with django_assert_max_num_queries(9):
        assert client.get("/indstillinger/api/").status_code == 200


def test_a_session_is_not_an_api_credential(client, world):
    login(client, world.users["intake"])
    assert client.get("/api/v1/referrals").status_code == 401
