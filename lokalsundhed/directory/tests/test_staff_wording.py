"""Staff pages of the help guide speak the reader's language: a language spoken by its name, not its
code; a date as other staff pages write it ("3. marts 2025"), not "3. Mar 2025"."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from lokalsundhed.directory.models import Service
from lokalsundhed.directory.tests.factories import make_service

pytestmark = pytest.mark.django_db


def _page(client, url: str, language: str) -> str:
    client.cookies["django_language"] = language
    return " ".join(client.get(url).content.decode().split())


def test_the_languages_spoken_are_named_in_the_readers_language(world, login):
    service = make_service(world.estate_a.municipality, "Sprogcaféen", languages=("da", "ar"))
    client = login(world.users["municipal_admin"])
    url = reverse("directory:service_detail", args=[service.pk])
    assert "<p>Arabisk, Dansk</p>" in _page(client, url, "da")
    assert "<p>Arabic, Danish</p>" in _page(client, url, "en")


def test_the_manage_list_writes_the_last_verified_date_in_full(world, login):
    Service.objects.filter(pk=world.cafe.pk).update(assured_date=date(2025, 3, 3))
    client = login(world.users["municipal_admin"])
    url = reverse("directory:manage_list")
    assert "3. marts 2025" in _page(client, url, "da")
    assert "3 March 2025" in _page(client, url, "en")
