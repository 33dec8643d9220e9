"""The demo's help guide: about thirty services in each demo municipality, a guidance card of
its own for every sign category, and a dementia coordinator that "demens" finds."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command

from lokalsundhed.directory import selectors
from lokalsundhed.directory.models import GuidanceCard, Service
from lokalsundhed.signs.models import SignCategory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("code", ["0607", "0630"])
def test_each_demo_municipality_has_a_directory_and_its_own_cards(demo, code):
    services = Service.objects.filter(municipality__code=code)
    assert 25 <= services.count() <= 35
    assert all(s.phones.exists() for s in services)
    cards = GuidanceCard.objects.filter(municipality__code=code)
    assert set(cards.values_list("category_id", flat=True)) == set(SignCategory.objects.values_list("pk", flat=True))
    assert all(card.services.exists() for card in cards)


def test_demens_finds_the_demo_dementia_coordinator(demo):
    found = selectors.find(Service.objects.filter(municipality__code="0607"), selectors.Filters(query="demens"))
    assert "Demenskoordinatoren i Fredericia Kommune" in [s.name for s in found]


def test_the_directory_is_loaded_once(demo):
    before = Service.objects.count(), GuidanceCard.objects.count()
    call_command("load_demo", stdout=StringIO())
    assert (Service.objects.count(), GuidanceCard.objects.count()) == before


def test_the_demo_services_have_a_last_change_for_the_hsds_api(demo, client):
    assert not Service.objects.filter(last_modified__isnull=True).exists()
    recent = client.get("/api/hsds/services", {"modified_after": "2026-08-01T00:00:00Z", "per_page": 200}).json()
    assert 0 < recent["total_items"] < Service.objects.count()
