"""Opening hours in the residents' guide: day names from CLDR in every language (Django has none for
Somali), the times kept left to right in a right-to-left line, and the label in the reader's language
on a card shown in Danish."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import translation

pytestmark = pytest.mark.django_db

LRI, PDI = "\u2066", "\u2069"


@pytest.mark.parametrize("language, days", [("so", "Isn–Jmc"), ("da", "man.–fre."), ("ar", "الاثنين–الجمعة"),
                                            ("uk", "пн–пт")])
def test_the_days_are_named_in_the_readers_language(world, language, days):
    schedule = world.dementia.schedules.get()
    with translation.override(language):
        assert str(schedule) == f"{days} {LRI}08:00–15:00{PDI}"


def test_the_somali_guide_shows_somali_days_and_no_danish_ones(world, client):
    client.cookies["django_language"] = "so"
    html = client.get(reverse("directory:guide", args=["0607"])).content.decode()
    assert f"Isn–Jmc {LRI}08:00–15:00{PDI}" in html
    assert "man–fre" not in html and "man.–fre." not in html


def test_on_a_card_in_danish_the_hours_and_needs_are_in_the_readers_language_and_direction(world, client):
    client.cookies["django_language"] = "ar"
    html = client.get(reverse("directory:guide", args=["0607"])).content.decode()
    facts = html[html.index('<div class="help-service-facts" lang="ar" dir="rtl">'):]
    assert facts.index('class="small-text help-hours"') < facts.index("</div>")
