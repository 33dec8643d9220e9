"""The outcome analysis through the REST API: anonymous figures for a client with
`statistics:read`, suppressed under five, never a person's answers."""

from __future__ import annotations

import pytest

from lokalsundhed.api.tests.factories import bearer, make_client
from lokalsundhed.audit.models import Entry
from lokalsundhed.core.tests.world import build_world
from lokalsundhed.outcomes.tests.factories import answered, staff_and_offer

pytestmark = pytest.mark.django_db

# Six people: WHO-5 +8 +12 +16 +20 +24 −4 (the analysis' worked example) → mean change +12.7.
BASELINE = [40, 32, 48, 36, 28, 56]
END = [48, 44, 64, 56, 52, 52]


def _url(offer) -> str:
    return f"/api/v1/outcomes/offers/{offer.pk}/report"


@pytest.fixture
def measured():
    worker, offer = staff_and_offer()
    for i, (before, after) in enumerate(zip(BASELINE, END, strict=True)):
        answered(offer, f"A{i}", "baseline", who5=before)
        answered(offer, f"A{i}", "end", who5=after)
    return offer


def test_a_client_with_statistics_read_gets_the_analysis(client, measured):
    _, token = make_client(measured.estate.housing_organisation, "statistics:read")

    response = client.get(_url(measured), **bearer(token))

    assert response.status_code == 200
    body = response.json()
    assert body["offer_id"] == measured.pk
    who5 = body["changes"]["end"]["who5"]
    assert who5["n"] == 6
    assert who5["mean_change"] == pytest.approx(76 / 6)
    assert len(who5["ci95"]) == 2 and who5["ci95"][0] < who5["mean_change"] < who5["ci95"][1]
    baseline = next(r for r in body["rounds"] if r["round"] == "baseline")
    assert baseline["participants"] == 6 and baseline["means"]["who5"] == pytest.approx(40.0)
    # Fewer than five with a loneliness score (none): suppressed.
    assert body["changes"]["end"]["ucla3"]["n"] is None and baseline["means"]["ucla3"] is None
    assert "A0" not in response.content.decode()  # no participant's code, no answers
    assert Entry.objects.filter(object_type="offers.offer", object_id=str(measured.pk)).exists()


def test_figures_on_fewer_than_five_are_null(client):
    _worker, offer = staff_and_offer()
    for i in range(4):
        answered(offer, f"B{i}", "baseline", who5=40)
        answered(offer, f"B{i}", "end", who5=60)
    _, token = make_client(offer.estate.housing_organisation, "statistics:read")

    body = client.get(_url(offer), **bearer(token)).json()

    assert body["changes"]["end"]["who5"] == {**body["changes"]["end"]["who5"], "n": None, "mean_change": None,
                                              "ci95": None, "p_t": None}
    assert all(r["participants"] is None and r["means"]["who5"] is None for r in body["rounds"])


def test_it_refuses_a_client_without_the_scope_or_another_organisations(client, measured):
    _, without = make_client(measured.estate.housing_organisation, "errands:read")
    world = build_world()
    _, elsewhere = make_client(world.municipality_v, "statistics:read")

    assert client.get(_url(measured), **bearer(without)).status_code == 403
    assert client.get(_url(measured), **bearer(elsewhere)).status_code == 404
    assert client.get(_url(measured)).status_code == 401
