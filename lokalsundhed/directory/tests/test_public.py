"""The residents' help guide: public, in Danish, English and Arabic (right to left), service
texts translated per language and falling back to Danish, clearly marked."""

from __future__ import annotations

import pytest
from django.urls import reverse

from lokalsundhed.directory import editing_services, services
from lokalsundhed.directory.models import Service

pytestmark = pytest.mark.django_db


def _get(client, url, language, **params):
    client.cookies["django_language"] = language
    return client.get(url, params)


def test_a_resident_finds_help_without_logging_in(world, client):
    response = _get(client, reverse("directory:guide", args=["0607"]), "da", q="gæld")
    assert response.status_code == 200
    text = response.content.decode()
    assert "Gældsrådgivningen" in text and "70 11 22 33" in text and "Demenskoordinatoren" not in text


def test_the_estate_guide_leaves_out_services_for_other_estates(world, client):
    text = _get(client, reverse("directory:guide_estate", args=["0607", world.estate_a.pk]), "da").content.decode()
    assert "Gældsrådgivningen" in text and "Fredagscaféen" not in text


def test_the_arabic_guide_is_right_to_left_and_marks_danish_fallbacks(world, client):
    services.save_translation(world.dementia, language="ar", texts={"name": "منسق الخرف"},
                              actor=world.users["municipal_admin"])
    text = _get(client, reverse("directory:guide", args=["0607"]), "ar").content.decode()
    assert '<html lang="ar" dir="rtl">' in text
    assert "دليل المساعدة" in text  # "Help guide"
    assert "منسق الخرف" in text  # the translated name
    assert "بالدنماركية" in text  # "In Danish": the untranslated texts are marked
    assert 'lang="da"' in text
    # The resident's language switch offers Arabic; Arabic needs have their Arabic names.
    assert 'name="language" value="ar"' in text or 'lang="ar" aria-current' in text
    assert "الخرف" in text


def test_english_texts_come_from_the_translation_table(world, client):
    services.save_translation(world.debt, language="en", texts={"name": "Debt advice", "description": "Free help."},
                              actor=world.users["municipal_admin"])
    text = _get(client, reverse("directory:guide", args=["0607"]), "en").content.decode()
    assert '<html lang="en" dir="ltr">' in text
    assert "Debt advice" in text
    # The translation is searchable too.
    assert "Debt advice" in _get(client, reverse("directory:guide", args=["0607"]), "en", q="debt").content.decode()


def test_staff_pages_stay_in_danish_or_english(world, login):
    client = login(world.users["caretaker"])
    text = _get(client, reverse("directory:search"), "ar").content.decode()
    assert '<html lang="da" dir="ltr">' in text
    assert 'name="language" value="ar"' not in text  # the staff language switch: Danish and English only


def test_an_unknown_municipality_or_foreign_estate_is_not_found(world, client):
    assert client.get(reverse("directory:guide", args=["9999"])).status_code == 404
    assert client.get(reverse("directory:guide_estate", args=["0607", world.estate_c.pk])).status_code == 404


def test_the_index_lists_municipalities_with_services(world, client):
    text = client.get(reverse("directory:guide_index")).content.decode()
    assert "Fredericia" in text and "Vejle" in text
    assert Service.objects.count() == 4


def test_the_guide_comes_from_the_cache_and_a_translation_or_a_retired_service_shows_at_once(world, client):
    url = reverse("directory:guide", args=["0607"])
    assert "منسق الخرف" not in _get(client, url, "ar").content.decode()
    assert _get(client, url, "ar").headers.get("X-Page-Cache") == "hit"
    services.save_translation(world.dementia, language="ar", texts={"name": "منسق الخرف"},
                              actor=world.users["municipal_admin"])
    assert "منسق الخرف" in _get(client, url, "ar").content.decode()
    assert "Demenskoordinatoren" in _get(client, url, "da").content.decode()
    editing_services.retire_service(world.dementia, actor=world.users["municipal_admin"])
    assert "Demenskoordinatoren" not in _get(client, url, "da").content.decode()


def test_what_a_resident_typed_is_never_kept_in_the_cache(world, client):
    url = reverse("directory:guide", args=["0607"])
    _get(client, url, "da", q="gæld")
    assert _get(client, url, "da", q="gæld").headers.get("X-Page-Cache") is None


def test_a_card_says_where_to_go_in_a_left_to_right_address_on_an_arabic_page(world, client):
    """"You can call, or go there": each card gives the place's street address, read left to right
    inside an Arabic page."""
    from lokalsundhed.directory.models import Address, Location, ServiceAtLocation

    location = Location.objects.create(name="Sundhedshuset", organization=world.debt.organization)
    Address.objects.create(location=location, address_1="Egeskovvej 2", postal_code="7000", city="Fredericia")
    Address.objects.create(location=location, address_1="Postboks 12", postal_code="7000", city="Fredericia",
                           address_type=Address.Type.POSTAL)
    ServiceAtLocation.objects.create(service=world.debt, location=location)
    text = _get(client, reverse("directory:guide", args=["0607"]), "ar").content.decode()
    assert '<address class="help-address small-text"><bdi dir="ltr">Egeskovvej 2, 7000 Fredericia</bdi></address>' in text
    assert "Postboks 12" not in text  # a postal address is not where to go
