"""The database cache (the default without Redis) keeps what one municipality's residents' pages
need: Django's default of 300 entries made it delete a third of them at every write past that."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.core.cache import cache

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif("redis" in settings.CACHES["default"]["BACKEND"].lower(), reason="the database cache only"),
]


def test_a_municipality_s_pages_in_every_language_stay_in_the_cache():
    pages = [f"page:offer:{n}:{language}" for n in range(40) for language in settings.RESIDENT_LANGUAGES]
    assert len(pages) > 300  # a small municipality's offers, in the eight languages
    for key in pages:
        cache.set(key, "<html>…</html>", 300)
    assert cache.get_many(pages[:16]) == dict.fromkeys(pages[:16], "<html>…</html>")


def test_its_size_is_set_from_the_environment_and_never_below_django_s_default():
    assert settings.CACHES["default"]["OPTIONS"]["MAX_ENTRIES"] >= 20_000
