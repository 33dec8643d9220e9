"""Guidance cards ("Har du hørt et nødråb?"): every sign category has one, a municipality's
administrators keep their own, and the observation form can show them next to ticked signs."""

from __future__ import annotations

import pytest
from django.urls import reverse

from lokalsundhed.directory.models import GuidanceCard
from lokalsundhed.signs.models import Sign, SignCategory

pytestmark = pytest.mark.django_db


def test_every_sign_category_has_a_default_card():
    categories = set(SignCategory.objects.values_list("pk", flat=True))
    defaults = set(GuidanceCard.objects.filter(municipality__isnull=True).values_list("category_id", flat=True))
    assert categories == defaults


def test_the_caretaker_sees_what_to_do_and_whom_to_call(world, login):
    client = login(world.users["caretaker"])
    assert "I see" in client.get(reverse("directory:guidance_list")).content.decode()
    text = client.get(reverse("directory:guidance_detail", args=["mental"])).content.decode()
    assert "ring 112" in text
    # Whom to call: the municipality's services whose needs answer the mental signs.
    assert "Demenskoordinatoren" in text and "72 10 60 00" in text
    assert "Demensrådgivning Vejle" not in text


def test_a_municipal_administrator_keeps_an_own_card_that_replaces_the_default(world, login):
    client = login(world.users["municipal_admin"])
    url = reverse("directory:guidance_edit", args=["social"])
    form = client.get(url)
    assert "Your municipality uses the default card" in form.content.decode()
    response = client.post(url, {"first_steps": "Ring til Fredericias vagttelefon.", "what_to_say": "Hej.",
                                 "what_not_to_do": "Gå ikke ind.", "services": [str(world.cafe.pk)]})
    assert response.status_code == 302
    card = GuidanceCard.objects.get(category__code="social", municipality=world.estate_a.municipality)
    assert card.updated_by == world.users["municipal_admin"]
    assert list(card.services.all()) == [world.cafe]

    caretaker = login(world.users["caretaker"])
    text = caretaker.get(reverse("directory:guidance_detail", args=["social"])).content.decode()
    assert "Ring til Fredericias vagttelefon." in text and "Fredagscaféen" in text
    # Vejle still has the default.
    vejle = login(world.users["other_municipality_intake"])
    assert "vagttelefon" not in vejle.get(reverse("directory:guidance_detail", args=["social"])).content.decode()


def test_a_card_refuses_a_cpr_number(world, login):
    client = login(world.users["municipal_admin"])
    response = client.post(reverse("directory:guidance_edit", args=["social"]),
                           {"first_steps": "Ring om 010190-1234", "what_to_say": "x", "what_not_to_do": "y"})
    assert response.status_code == 200
    assert not GuidanceCard.objects.filter(municipality__isnull=False).exists()


def test_the_partial_for_ticked_signs_shows_their_categories_cards(world, login):
    client = login(world.users["caretaker"])
    signs = Sign.objects.filter(code__in=["memory", "eviction_risk"])
    response = client.get(reverse("directory:guidance_for_signs"), {"signs": [s.pk for s in signs]})
    text = response.content.decode()
    assert response.status_code == 200
    assert text.count("<details") == 2
    assert "Demenskoordinatoren" in text and "Gældsrådgivningen" in text
    # Posted like the observation form's htmx request, too; nothing ticked: nothing shown.
    assert client.post(reverse("directory:guidance_for_signs"), {"signs": [signs[0].pk]}).status_code == 200
    assert client.get(reverse("directory:guidance_for_signs")).content.decode().strip() == ""
