"""Searching the help guide: Danish words with stemming, filters, ranking, scope and a fixed
number of queries."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from lokalsundhed.core.access import scoped
from lokalsundhed.directory import selectors
from lokalsundhed.directory.models import Service
from lokalsundhed.directory.tests.factories import make_service, need

pytestmark = pytest.mark.django_db
CPH = ZoneInfo("Europe/Copenhagen")


def _names(qs) -> list[str]:
    return [s.name for s in qs]


def test_demens_finds_the_dementia_coordinator_by_a_prefix_of_the_compound(world):
    found = selectors.find(Service.objects.all(), selectors.Filters(query="demens", municipality_id=world.estate_a.municipality_id))
    assert _names(found) == ["Demenskoordinatoren"]


def test_danish_stemming_matches_other_forms_of_a_word(world):
    found = selectors.find(Service.objects.all(), selectors.Filters(query="pårørendes gælden"))
    assert _names(found) == []  # both words must match one service
    assert _names(selectors.find(Service.objects.all(), selectors.Filters(query="gælden"))) == ["Gældsrådgivningen"]
    assert _names(selectors.find(Service.objects.all(), selectors.Filters(query="ensomheden"))) == ["Fredagscaféen"]


def test_a_name_match_ranks_above_a_description_match(world):
    make_service(world.estate_a.municipality, "Aktivitetshuset", description="Også for borgere med demens.")
    found = _names(selectors.find(Service.objects.all(), selectors.Filters(query="demens", municipality_id=world.estate_a.municipality_id)))
    assert found == ["Demenskoordinatoren", "Aktivitetshuset"]


def test_the_filters_narrow_by_need_estate_language_and_opening_hours(world):
    everything = Service.objects.all()
    m = world.estate_a.municipality_id
    assert _names(selectors.find(everything, selectors.Filters(need=need("loneliness").pk))) == ["Fredagscaféen"]
    # Estate A: services for the whole municipality and those named for A, not those for B.
    assert _names(selectors.find(everything, selectors.Filters(estate=world.estate_a))) == [
        "Demenskoordinatoren", "Gældsrådgivningen"]
    assert _names(selectors.find(everything, selectors.Filters(language="ar"))) == ["Demenskoordinatoren"]
    thursday_evening = datetime(2026, 11, 26, 17, 30, tzinfo=CPH)
    monday_morning = datetime(2026, 11, 23, 9, 0, tzinfo=CPH)
    assert _names(selectors.find(everything, selectors.Filters(municipality_id=m, open_at=thursday_evening))) == [
        "Gældsrådgivningen"]
    assert _names(selectors.find(everything, selectors.Filters(municipality_id=m, open_at=monday_morning))) == [
        "Demenskoordinatoren"]


def test_staff_see_the_services_of_the_municipalities_they_work_in(world):
    assert "Demensrådgivning Vejle" not in _names(scoped(world.users["caretaker"], Service))
    assert _names(scoped(world.users["other_municipality_intake"], Service)) == ["Demensrådgivning Vejle"]


def test_a_caretaker_searches_demens_on_the_page(world, login):
    client = login(world.users["caretaker"])
    response = client.get(reverse("directory:search"), {"q": "demens"})
    assert response.status_code == 200
    text = response.content.decode()
    assert "Demenskoordinatoren" in text and "72 10 60 00" in text
    assert "Vejle" not in text


def _count_queries(client, params) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(reverse("directory:search"), params).status_code == 200
    return len(ctx.captured_queries)


def test_the_result_page_has_a_fixed_number_of_queries(world, login):
    client = login(world.users["caretaker"])
    params = {"q": "rådgivning", "need": "", "open_now": ""}
    _count_queries(client, params)  # the first request of a session also writes the session
    few = _count_queries(client, params)
    for n in range(30):
        make_service(world.estate_a.municipality, f"Rådgivning nr. {n}", needs=("dementia", "loneliness"),
                     phones=("70 00 00 01", "70 00 00 02"), hours=(("MO", datetime.min.time(), datetime.max.time()),))
    many = _count_queries(client, params)
    assert few == many
    # session, user, memberships; the housing organisation's estates' municipalities; the count;
    # the page; its phones, street addresses, opening hours, needs; the needs and estates of the
    # filter form, the sign categories
    assert many <= 12, many


@pytest.mark.skipif(connection.vendor != "postgresql", reason="server-side cursors are PostgreSQL's")
def test_the_forms_choices_are_read_without_a_server_side_cursor(world, login, monkeypatch):
    """A select of a form (needs, municipalities, estates) is read in one round trip: Django reads a
    form's choices with .iterator(), which on PostgreSQL would DECLARE, FETCH and CLOSE a
    server-side cursor for each select (settings.py turns that off). Runs in CI's PostgreSQL run."""
    import psycopg

    opened = []
    original = psycopg.ServerCursor.__init__

    def counting(self, *args, **kwargs):
        opened.append(args)
        original(self, *args, **kwargs)

    monkeypatch.setattr(psycopg.ServerCursor, "__init__", counting)
    html = login(world.users["caretaker"]).get(reverse("directory:search"), {"q": "demens"}).content.decode()
    assert 'name="need"' in html and "Demenskoordinatoren" in html
    assert opened == []
