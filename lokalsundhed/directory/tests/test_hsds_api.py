"""The HSDS 3.0 API at /api/hsds/: public services only, Danish search and the HSDS filters,
paging, conditional GET, the export's own documents, and fixed query budgets."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from django.utils import timezone

from lokalsundhed.directory import interchange
from lokalsundhed.directory.models import Service
from lokalsundhed.directory.tests.factories import (
    LocationFactory,
    ServiceAtLocationFactory,
    make_service,
    need,
)

pytestmark = pytest.mark.django_db

API = "/api/hsds"


def names(response):
    return [item["name"] for item in response.json()["contents"]]


def test_it_lists_the_public_services_as_an_hsds_page(client, world):
    make_service(world.estate_a.municipality, "Lukket tilbud", status=Service.Status.DEFUNCT)
    response = client.get(f"{API}/services")
    assert response.status_code == 200
    page = response.json()
    assert page["total_items"] == 4
    assert {k: page[k] for k in ("page_number", "total_pages", "size", "first_page", "last_page", "empty")} == {
        "page_number": 1, "total_pages": 1, "size": 4, "first_page": True, "last_page": True, "empty": False}
    assert "Lukket tilbud" not in names(response)
    assert page["contents"][0]["organization"]["name"]


@pytest.mark.parametrize("moment", ["0001-01-01T00:00:00+14:00", "9999-12-31T23:59:59-14:00"])
@pytest.mark.parametrize("path", ["/services", "/service_at_locations"])
def test_a_modification_time_past_the_calendar_in_utc_is_a_problem_naming_it(client, world, path, moment):
    response = client.get(f"{API}{path}", {"modified_after": moment})
    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"
    assert "modified_after" in response.json()["detail"]


@pytest.mark.parametrize("path", ["/services", "/service_at_locations"])
def test_a_modification_time_with_any_offset_is_read_in_utc(client, world, path):
    # PostgreSQL holds offsets up to ±15:59 only; the API compares in UTC, so +23:59 is a time like any other.
    ServiceAtLocationFactory(service=world.cafe, location=LocationFactory(name="Fælleshuset"))
    Service.objects.update(last_modified=datetime(2026, 3, 1, 12, tzinfo=UTC))
    response = client.get(f"{API}{path}", {"modified_after": "2026-03-02T11:00:00+23:59"})
    assert response.status_code == 200
    assert response.json()["contents"]


def test_it_pages_and_answers_an_empty_page_past_the_last(client, world):
    second = client.get(f"{API}/services", {"per_page": 3, "page": 2}).json()
    assert (second["size"], second["page_number"], second["last_page"], second["first_page"]) == (1, 2, True, False)
    beyond = client.get(f"{API}/services", {"per_page": 3, "page": 10**30}).json()
    assert beyond["empty"] and beyond["contents"] == [] and beyond["total_items"] == 4


def test_it_refuses_a_page_below_one_with_a_problem(client, world):
    response = client.get(f"{API}/services", {"page": 0})
    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"
    assert "page" in response.json()["detail"]


def test_it_searches_in_danish_as_the_help_guide_does(client, world):
    assert set(names(client.get(f"{API}/services", {"search": "demens"}))) == {
        "Demenskoordinatoren", "Demensrådgivning Vejle"}
    assert names(client.get(f"{API}/services", {"search": "gæld"})) == ["Gældsrådgivningen"]


def test_it_filters_by_taxonomy_term_organization_and_modification(client, world):
    dementia = need("dementia")
    assert set(names(client.get(f"{API}/services", {"taxonomy_term_id": str(dementia.pk)}))) == {
        "Demenskoordinatoren", "Demensrådgivning Vejle"}
    assert names(client.get(f"{API}/services", {"taxonomy_term_id": "not-a-uuid"})) == []
    Service.objects.filter(pk=world.debt.pk).update(last_modified=timezone.now())
    Service.objects.exclude(pk=world.debt.pk).update(last_modified=timezone.now() - timedelta(days=30))
    since = (timezone.now() - timedelta(days=1)).astimezone(UTC).isoformat().replace("+00:00", "Z")
    assert names(client.get(f"{API}/services", {"modified_after": since})) == ["Gældsrådgivningen"]
    by_org = client.get(f"{API}/services", {"organization_id": str(world.vejle.organization_id)})
    assert names(by_org) == ["Demensrådgivning Vejle"]


def test_a_service_is_the_exports_document(client, world):
    response = client.get(f"{API}/services/{world.dementia.pk}")
    assert response.status_code == 200
    exported = interchange.export_service(world.dementia)
    assert response.json()["phones"] == exported["phones"]
    assert response.json()["schedules"] == exported["schedules"]
    assert response.json()["attributes"] == exported["attributes"]


def test_a_retired_or_unknown_service_is_not_found(client, world):
    Service.objects.filter(pk=world.cafe.pk).update(status=Service.Status.DEFUNCT)
    assert client.get(f"{API}/services/{world.cafe.pk}").status_code == 404
    assert client.get(f"{API}/services/nonsense").status_code == 404


def test_it_answers_304_to_a_client_whose_copy_is_current(client, world):
    Service.objects.filter(pk=world.dementia.pk).update(last_modified=datetime(2026, 3, 1, 12, tzinfo=UTC))
    first = client.get(f"{API}/services/{world.dementia.pk}")
    assert first["ETag"] and first["Last-Modified"] == "Sun, 01 Mar 2026 12:00:00 GMT"
    assert client.get(f"{API}/services/{world.dementia.pk}", HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304
    since = client.get(f"{API}/services/{world.dementia.pk}", HTTP_IF_MODIFIED_SINCE=first["Last-Modified"])
    assert since.status_code == 304
    Service.objects.filter(pk=world.dementia.pk).update(name="Demenskoordinatoren (ny)")
    changed = client.get(f"{API}/services/{world.dementia.pk}", HTTP_IF_NONE_MATCH=first["ETag"])
    assert changed.status_code == 200 and changed["ETag"] != first["ETag"]


def test_organizations_are_those_running_public_services(client, world):
    page = client.get(f"{API}/organizations").json()
    assert {o["name"] for o in page["contents"]} == {world.dementia.organization.name,
                                                     world.vejle.organization.name}
    detail = client.get(f"{API}/organizations/{world.dementia.organization_id}").json()
    assert {s["name"] for s in detail["services"]} == {"Demenskoordinatoren", "Gældsrådgivningen",
                                                     "Fredagscaféen"}
    full = client.get(f"{API}/organizations/{world.dementia.organization_id}", {"full_service": "true"}).json()
    assert all("phones" in s for s in full["services"])


def test_services_at_locations_carry_the_service_and_the_place(client, world):
    place = LocationFactory(name="Fælleshuset")
    sal = ServiceAtLocationFactory(service=world.cafe, location=place)
    page = client.get(f"{API}/service_at_locations").json()
    assert [(c["service"]["name"], c["location"]["name"]) for c in page["contents"]] == [("Fredagscaféen", "Fælleshuset")]
    found = client.get(f"{API}/service_at_locations", {"search": "fredagscafé"}).json()
    assert [c["id"] for c in found["contents"]] == [str(sal.pk)]
    detail = client.get(f"{API}/service_at_locations/{sal.pk}").json()
    assert detail["location"]["name"] == "Fælleshuset" and detail["service"]["name"] == "Fredagscaféen"


def test_taxonomies_and_their_terms(client, world):
    taxonomies = client.get(f"{API}/taxonomies").json()["contents"]
    assert [t["name"] for t in taxonomies] == ["lokalsundhed-behov"]
    terms = client.get(f"{API}/taxonomy_terms", {"taxonomy_id": taxonomies[0]["id"], "search": "demens"}).json()
    assert [t["code"] for t in terms["contents"]] == ["dementia"]
    term = client.get(f"{API}/taxonomy_terms/{terms['contents'][0]['id']}").json()
    assert term["taxonomy_detail"]["id"] == taxonomies[0]["id"]


def test_the_root_names_the_version_and_the_official_openapi(client, db):
    meta = client.get(f"{API}/").json()
    assert meta == {"version": "3.0", "openapi_url": "http://testserver/api/hsds/openapi.json"}
    described = client.get(meta["openapi_url"]).json()
    assert described["servers"] == [{"url": "http://testserver/api/hsds"}]
    assert "/service_at_locations/{id}" in described["paths"]


def _many(world, n=30):
    for i in range(n):
        service = make_service(world.estate_a.municipality, f"Tilbud {i:02d}", needs=("loneliness",))
        ServiceAtLocationFactory(service=service, location=LocationFactory(name=f"Sted {i}"))


def test_the_service_list_has_a_fixed_number_of_queries(client, world, django_assert_max_num_queries):
    _many(world)
    # 1 count and newest change, 2 the page of services with their organizations.
    with django_assert_max_num_queries(2):
        assert client.get(f"{API}/services").json()["size"] == 34


def test_the_full_service_list_has_a_fixed_number_of_queries(client, world, django_assert_max_num_queries):
    _many(world)
    # 1 count, 2 services with organization and municipality, 3 their estates, then the export's
    # snapshot: 4 places, 5 organizations, 6 their locations' ids, 7 locations, 8 contacts,
    # 9 phones, 10 schedules, 11 areas, 12 languages, 13 addresses, 14 attributes, 15 terms,
    # 16 taxonomies.
    with django_assert_max_num_queries(16):
        assert client.get(f"{API}/services", {"full": "true"}).json()["size"] == 34


def test_the_other_lists_have_a_fixed_number_of_queries(client, world, django_assert_max_num_queries):
    _many(world)
    # 1 count and newest change, 2 the page with service and location.
    with django_assert_max_num_queries(2):
        assert client.get(f"{API}/service_at_locations").json()["size"] == 30
    # 1 count, 2 the page.
    with django_assert_max_num_queries(2):
        client.get(f"{API}/organizations")
    with django_assert_max_num_queries(2):
        client.get(f"{API}/taxonomy_terms")
    with django_assert_max_num_queries(2):
        client.get(f"{API}/taxonomies")
