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


# --- A second person approves a client that reaches further than its administrator -------------


def _create(client, admin, *scopes):
    login(client, admin)
    response = client.post("/indstillinger/api/", {"name": "Sagssystem", "purpose": "Henvisninger",
                                                   "scopes": list(scopes)})
    assert response.status_code == 200
    return ApiClient.objects.get(name="Sagssystem"), response


def test_an_administrator_cannot_give_a_system_access_to_data_they_may_not_see_themselves(
        client, world, django_capture_on_commit_callbacks):
    """The administrator may not read referrals; a token with referrals:read works only once a
    colleague who may (intake) approves it."""
    from django.core import mail

    admin, intake = world.users["municipal_admin"], world.users["intake"]
    with django_capture_on_commit_callbacks(execute=True):
        api_client, response = _create(client, admin, "referrals:read")
    token = response.context["new_token"]
    assert api_client.approved_at is None
    assert "Afventer godkendelse" in response.content.decode()
    assert client.get("/api/v1/referrals", **bearer(token)).status_code == 401
    # The colleagues who hold the access are asked (by e-mail, with a link and nothing about the data).
    (notice,) = [m for m in mail.outbox if intake.email in m.to]
    assert "/indstillinger/api/godkendelser/" in notice.body and token not in notice.body
    assert admin.email not in {address for m in mail.outbox for address in m.to}
    # The intake worker sees it on the approvals page and approves it.
    login(client, intake)
    page = client.get("/indstillinger/api/godkendelser/")
    assert page.status_code == 200 and "Sagssystem" in page.content.decode()
    assert client.post(f"/indstillinger/api/{api_client.pk}/godkend/", {"action": "approve"}).status_code == 302
    api_client.refresh_from_db()
    assert api_client.approved_by == intake and api_client.approved_at is not None
    assert client.get("/api/v1/referrals", **bearer(token)).status_code == 200
    assert Entry.objects.filter(object_type="api.apiclient", object_id=str(api_client.pk), action="change",
                                actor=intake).exists()


def test_a_client_within_the_administrators_own_access_works_at_once(client, world):
    api_client, response = _create(client, world.users["municipal_admin"], "statistics:read")
    assert api_client.approved_at is not None and api_client.approved_by is None
    assert client.get("/api/v1/referrals", **bearer(response.context["new_token"])).status_code == 403


def test_only_a_colleague_in_the_role_the_client_acts_in_may_approve(client, world):
    """referrals:read acts as intake: a unit worker or a health professional, who also see resident
    data but not the whole queue, may not vouch for it; nor may anyone outside the municipality."""
    api_client, response = _create(client, world.users["municipal_admin"], "referrals:read")
    assert "af en kollega: Kommunal indgang (visitation)" in response.content.decode()
    url = f"/indstillinger/api/{api_client.pk}/godkend/"
    for persona in ("municipal_admin", "municipal_analyst", "auditor", "unit_worker", "professional",
                    "other_municipality_intake", "caretaker"):
        login(client, world.users[persona])
        assert client.post(url, {"action": "approve"}).status_code == 404, persona
        assert "Sagssystem" not in client.get("/indstillinger/api/godkendelser/").content.decode(), persona
    api_client.refresh_from_db()
    assert api_client.approved_at is None


def test_a_refused_client_never_works(client, world):
    api_client, response = _create(client, world.users["municipal_admin"], "audit:read")
    login(client, world.users["auditor"])
    assert client.post(f"/indstillinger/api/{api_client.pk}/godkend/", {"action": "refuse"}).status_code == 302
    api_client.refresh_from_db()
    assert api_client.revoked_at is not None and api_client.approved_at is None
    assert client.get("/api/v1/audit/entries", **bearer(response.context["new_token"])).status_code == 401
    # Nothing left to decide: approving it afterwards finds nothing.
    assert client.post(f"/indstillinger/api/{api_client.pk}/godkend/", {"action": "approve"}).status_code == 404


def test_the_approvals_page_has_a_fixed_query_budget(client, world, django_assert_max_num_queries):
    login(client, world.users["municipal_admin"])
    for n in range(5):
        client.post("/indstillinger/api/", {"name": f"System {n}", "purpose": "Henvisninger",
                                            "scopes": ["referrals:read"]})
    login(client, world.users["intake"])
    # 1 session, 2 user, 3 memberships (layout), 4 the clients awaiting approval with organisation and
    # creator, 5-7 the idle time-out's session save in a savepoint
    with django_assert_max_num_queries(7):
        response = client.get("/indstillinger/api/godkendelser/")
    assert response.content.decode().count('value="approve"') == 5


def test_scopes_no_one_colleague_could_approve_are_refused_with_a_way_forward(client, world):
    login(client, world.users["municipal_admin"])
    response = client.post("/indstillinger/api/", {"name": "Sagssystem", "purpose": "Henvisninger",
                                                   "scopes": ["referrals:read", "audit:read"]})
    assert response.status_code == 400 and not ApiClient.objects.exists()
    assert "Opret én klient for hver slags adgang" in response.content.decode()
    assert response.context["client_form"].data["name"] == "Sagssystem"  # the input stays
