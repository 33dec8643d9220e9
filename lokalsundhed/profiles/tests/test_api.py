"""`/api/v1/statistics/` as JSON-stat 2.0, through the platform's API: imported tables open to
anyone, the platform's own figures for an API client with `statistics:read` or a logged-in member
of staff who may see aggregates."""

from __future__ import annotations

import json
from datetime import date

import pytest
from django.test import Client

from lokalsundhed.accounts.tests.factories import member
from lokalsundhed.api.services import create_client
from lokalsundhed.audit.models import Entry
from lokalsundhed.core.permissions import Role
from lokalsundhed.profiles import api as statistics_api
from lokalsundhed.profiles import dst
from lokalsundhed.profiles.tests.factories import FIXTURES, folk1a, load, write

pytestmark = pytest.mark.django_db


def get(path: str, *, token: str = "", user=None):
    client = Client()
    if user is not None:
        client.force_login(user)
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    return client.get(f"/api/v1/{statistics_api.PREFIX}{path}", headers=headers)


def token_of(organisation, scopes: list[str]) -> str:
    return create_client(organisation=organisation, name="BI", purpose="Statistik", scopes=scopes, actor=None).token


def cells(parsed: dst.ParsedTable) -> dict[tuple[str, ...], float | None]:
    return {codes: value for codes, value, _status in parsed.cells}


def test_import_then_export_gives_the_same_values_under_the_same_codes(tmp_path):
    original = folk1a(value={"0": 63000, "5": 25500, "11": 300}, status={"5": "p"})
    source = dst.parse_json_stat(json.dumps(original), fallback_id="X")
    load(write(tmp_path, "FOLK1A.json", original))

    response = get("/FOLK1A")

    assert response.status_code == 200
    exported = response.json()
    assert (exported["version"], exported["class"]) == ("2.0", "dataset")
    assert exported["id"] == original["id"] and exported["size"] == original["size"]
    again = dst.parse_json_stat(json.dumps(exported), fallback_id="Y")
    assert again.table_id == "FOLK1A"
    assert cells(again) == cells(source)
    assert [d.categories for d in again.dimensions] == [d.categories for d in source.dimensions]
    assert exported["status"] == {"5": "p"}
    assert exported["dimension"]["ContentsCode"]["category"]["unit"] == {"FOLK1A": {"base": "antal", "decimals": 0}}


def test_a_csv_import_comes_back_out_with_its_values():
    load(FIXTURES / "FRKM125.csv")
    source = dst.read(FIXTURES / "FRKM125.csv")

    exported = get("/frkm125").json()

    assert cells(dst.parse_json_stat(json.dumps(exported), fallback_id="Y")) == cells(source)


def test_the_list_is_a_collection_of_imported_tables_open_without_a_token(tmp_path):
    load(write(tmp_path, "FOLK1A.json", folk1a()))

    body = get("").json()

    assert body["class"] == "collection"
    assert [item["extension"]["px"]["tableid"] for item in body["link"]["item"]] == ["FOLK1A"]
    assert body["link"]["item"][0]["href"].endswith("/statistics/FOLK1A")


def test_an_unknown_table_is_not_found():
    assert get("/NOPE1").status_code == 404


@pytest.fixture
def figures(db):
    """Estate A (6 referrals in one month, 2 in another) and estate B of another housing organisation."""
    from lokalsundhed.core.tests.world import build_world
    from lokalsundhed.referrals.models import Statistic, Urgency

    world = build_world()
    for month, n in ((date(2025, 3, 1), 6), (date(2025, 4, 1), 2)):
        Statistic.objects.bulk_create(
            Statistic(estate=world.estate_a, month=month, urgency=Urgency.YELLOW, referred=True) for _ in range(n)
        )
    Statistic.objects.bulk_create(
        Statistic(estate=world.estate_b, month=date(2025, 3, 1), urgency=Urgency.GREEN) for _ in range(7)
    )
    return world


def test_own_figures_need_an_authenticated_principal(figures):
    assert get("/LS-REFERRALS").status_code == 401
    assert "LS-REFERRALS" not in json.dumps(get("").json())


def test_own_figures_need_the_aggregates_permission(figures):
    response = get("/LS-REFERRALS", token=token_of(figures.housing_a, ["errands:read"]))

    assert response.status_code == 403


def test_own_figures_are_scoped_and_suppress_small_counts_with_a_token(figures):
    bi = create_client(organisation=figures.housing_a, name="BI", purpose="Statistik", scopes=["statistics:read"],
                       actor=None)
    response = get("/LS-REFERRALS?since=2025-01-01", token=bi.token)

    assert response.status_code == 200
    body = response.json()
    estates = body["dimension"]["ESTATE"]["category"]["index"]
    assert estates == [str(figures.estate_a.pk)]  # estate B belongs to another housing organisation
    assert body["dimension"]["Tid"]["category"]["index"] == ["2025M03", "2025M04"]
    # ESTATE × ContentsCode (observations, referrals) × Tid (March, April)
    assert body["value"] == [6, None, 6, None]
    assert body["status"] == {"1": "..", "3": ".."}
    # The read is logged as the client's (its service account).
    assert Entry.objects.filter(object_type="profiles.owndataset", object_id="LS-REFERRALS",
                                actor=bi.client.user).exists()


def test_own_figures_open_for_a_logged_in_user_without_a_token(figures):
    analyst = member(figures.municipality_m, Role.ANALYST, email="lead@example.dk")

    body = get("/LS-REFERRALS?since=2025-01-01", user=analyst).json()

    # The municipality's analyst sees both of its estates.
    assert sorted(body["dimension"]["ESTATE"]["category"]["index"]) == sorted(
        [str(figures.estate_a.pk), str(figures.estate_b.pk)])
    assert "LS-ERRANDS" in json.dumps(get("", user=analyst).json())
