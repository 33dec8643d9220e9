"""The residents' calendar and offer pages come from the shared cache, per page and language,
and a change shows at once."""

from __future__ import annotations

import re

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from lokalsundhed.core import page_cache
from lokalsundhed.core.tests.world import build_world
from lokalsundhed.offers import change_services, services
from lokalsundhed.offers.models import Offer
from lokalsundhed.offers.tests.factories import make_offer, resident

pytestmark = pytest.mark.django_db

TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


@pytest.fixture
def world():
    return build_world()


def _get(client: Client, url: str, language: str = "da"):
    client.cookies["django_language"] = language
    return client.get(url)


def test_a_second_reader_gets_the_calendar_from_the_cache_in_one_query(client, world, settings):
    settings.PAGE_CACHE_LOCAL_SECONDS = 0  # as on another app server: from the shared cache
    make_offer(world.users["social_worker"], estate=world.estate_a, title="Fredagscafé")
    url = reverse("offers:estate_calendar", args=[world.estate_a.pk])
    first = _get(client, url)
    with CaptureQueriesContext(connection) as queries:
        second = _get(Client(), url)
    assert second.headers.get("X-Page-Cache") == "hit"
    assert len(queries) == 1  # the cache's generation and the page, in one read
    assert second.content.decode().count("Fredagscafé") == first.content.decode().count("Fredagscafé") > 0


class _Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_a_busy_page_comes_from_the_process_memory_and_a_change_elsewhere_shows_within_seconds(
        client, world, settings, monkeypatch):
    settings.PAGE_CACHE_LOCAL_SECONDS = 2
    clock = _Clock()
    monkeypatch.setattr(page_cache.time, "monotonic", clock)
    offer = make_offer(world.users["social_worker"], estate=world.estate_a, title="Fredagscafé")
    url = reverse("offers:estate_calendar", args=[world.estate_a.pk])
    _get(client, url)
    with CaptureQueriesContext(connection) as queries:
        again = _get(Client(), url)
    assert again.headers.get("X-Page-Cache") == "hit" and len(queries) == 0
    # Another app server renames the offer: its rows and the shared generation change, not this
    # process's memory.
    Offer.objects.filter(pk=offer.pk).update(title="Lørdagscafé")
    cache.set("pages:offers:generation", "changed-elsewhere", None)
    clock.now += 1.5
    assert "Fredagscafé" in _get(Client(), url).content.decode()
    clock.now += 1
    html = _get(Client(), url).content.decode()
    assert "Lørdagscafé" in html and "Fredagscafé" not in html


def test_a_change_in_this_process_shows_at_once_though_the_page_was_in_its_memory(client, world, settings, monkeypatch):
    settings.PAGE_CACHE_LOCAL_SECONDS = 60
    worker = world.users["social_worker"]
    offer = make_offer(worker, estate=world.estate_a, title="Fredagscafé")
    url = reverse("offers:public_offer", args=[offer.pk])
    _get(client, url)
    assert _get(Client(), url).headers.get("X-Page-Cache") == "hit"
    offer.title = "Lørdagscafé"
    offer.save(update_fields=["title"])  # as every change does: its signal starts a new generation
    html = _get(Client(), url).content.decode()
    assert "Lørdagscafé" in html and "Fredagscafé" not in html


def test_a_changed_title_and_a_cancelled_time_show_at_once(client, world, django_capture_on_commit_callbacks):
    worker = world.users["social_worker"]
    offer = make_offer(worker, estate=world.estate_a, title="Fredagscafé", sessions=2)
    url = reverse("offers:estate_calendar", args=[world.estate_a.pk])
    assert "Fredagscafé" in _get(client, url, "ar").content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        services.set_translation(offer, "ar", title="مقهى الجمعة", actor=worker)
    html = _get(client, url, "ar").content.decode()
    assert "مقهى الجمعة" in html and "Fredagscafé" not in html
    assert "Aflyst" not in _get(client, url).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        change_services.cancel_session(offer.sessions.order_by("starts_at").first(), actor=worker, reason="Sygdom")
    assert "Aflyst" in _get(client, url).content.decode()


def test_each_language_has_its_own_page(client, world):
    worker = world.users["social_worker"]
    offer = make_offer(worker, estate=world.estate_a, title="Fredagscafé")
    services.set_translation(offer, "ar", title="مقهى الجمعة", actor=worker)
    url = reverse("offers:estate_calendar", args=[world.estate_a.pk])
    _get(client, url, "da")
    _get(client, url, "ar")
    danish, arabic = _get(Client(), url, "da"), _get(Client(), url, "ar")
    assert danish.headers.get("X-Page-Cache") == arabic.headers.get("X-Page-Cache") == "hit"
    assert "Fredagscafé" in danish.content.decode() and "مقهى الجمعة" not in danish.content.decode()
    assert "مقهى الجمعة" in arabic.content.decode()


def test_places_taken_show_at_once_and_each_reader_signs_up_with_their_own_token(client, world):
    offer = make_offer(world.users["social_worker"], estate=world.estate_a, capacity=1)
    url = reverse("offers:public_offer", args=[offer.pk])
    first, second = Client(enforce_csrf_checks=True), Client(enforce_csrf_checks=True)
    _get(first, url)
    page = _get(second, url)
    assert page.headers.get("X-Page-Cache") == "hit"
    token = TOKEN.search(page.content.decode()).group(1)
    assert token != TOKEN.search(_get(first, url).content.decode()).group(1)
    answer = second.post(url, {"csrfmiddlewaretoken": token, "first_name": "Aisha", "email": "a@example.dk",
                               "phone": "", "language": "da", "consent": "on"})
    assert answer.status_code in (200, 302)
    assert answer.status_code != 403
    services.sign_up(offer, resident(2))
    assert "venteliste" in _get(Client(), url).content.decode().lower()


def test_a_reader_with_a_session_is_never_served_from_the_cache(client, world):
    url = reverse("offers:estate_calendar", args=[world.estate_a.pk])
    _get(Client(), url)
    client.force_login(world.users["social_worker"])
    assert _get(client, url).headers.get("X-Page-Cache") is None
