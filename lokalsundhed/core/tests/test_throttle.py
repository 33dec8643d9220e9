"""The throttle of residents' public forms (core/throttle.py): every POST to a public view is
counted per connection, in the shared cache; a page that shows a form keeps what was typed."""

from __future__ import annotations

import logging
import re
from datetime import timedelta

import pytest
from django import forms
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone, translation

from lokalsundhed.core import cldr, throttle
from lokalsundhed.core.access import view_rule
from lokalsundhed.core.tests.test_authorization import MATRIX, OUR_URLS, world  # noqa: F401 (the fixture)

pytestmark = pytest.mark.django_db

PUBLIC_URLS = sorted(
    name for name, pattern in OUR_URLS.items()
    if view_rule(pattern.callback) == "public" and not throttle.MACHINE_NAMESPACES.intersection(name.split(":"))
)


def test_the_public_forms_are_among_the_urls_walked():
    assert {"errands:resident_request", "offers:public_offer", "offers:my_sign_up", "work:public_interest",
            "volunteers:recruit", "outcomes:questionnaire"} <= set(PUBLIC_URLS)


@pytest.mark.parametrize("url_name", PUBLIC_URLS)
def test_every_public_post_is_throttled(client, world, settings, monkeypatch, url_name):  # noqa: F811
    """A new public view is counted too: the middleware counts every POST to a view declared @public."""
    settings.PUBLIC_FORM_RATE_LIMIT = 1
    # One moment for all the POSTs: two of them on either side of a window's end would both pass.
    moment = throttle.now()
    monkeypatch.setattr(throttle, "now", lambda: moment)
    pattern = OUR_URLS[url_name]
    url = reverse(url_name, kwargs=MATRIX[url_name].kwargs(world))
    allowed = getattr(pattern.callback, "throttle_scale", 1)
    for _ in range(allowed):
        assert client.post(url, REMOTE_ADDR="198.51.100.9").status_code != 429
    response = client.post(url, REMOTE_ADDR="198.51.100.9")
    assert response.status_code == 429, f"{url_name} is not throttled"
    assert int(response["Retry-After"]) > 0


@pytest.mark.parametrize("url_name", PUBLIC_URLS)
def test_every_public_page_with_a_form_keeps_what_was_typed(client, world, settings, url_name):  # noqa: F811
    """A public page that shows a form must show it again when throttled (`@throttle.keeps_input`),
    or the resident loses what they typed."""
    settings.PAGE_CACHE_SECONDS = 0
    url = reverse(url_name, kwargs=MATRIX[url_name].kwargs(world))
    response = client.get(url)
    # A form of Django's, sent by POST to the page itself (not the help guide's search, not the
    # layout's language switch).
    elsewhere = re.compile(f'action="(?!{re.escape(url)}")')
    posts_to_itself = any(re.search(r'method="post"', tag, re.I) and not elsewhere.search(tag)
                          for tag in re.findall(r"<form\b[^>]*>", response.content.decode()))
    shows_a_form = posts_to_itself and any(isinstance(value, forms.BaseForm) for context in (response.context or [])
                                           for value in context.flatten().values())
    if shows_a_form:
        assert getattr(OUR_URLS[url_name].callback, "throttle_keeps_input", False), \
            f"{url_name} shows a form but loses it when throttled: add @throttle.keeps_input"


def test_the_limit_is_per_connection_and_the_window_resets(rf, settings, monkeypatch):
    settings.PUBLIC_FORM_RATE_LIMIT, settings.PUBLIC_FORM_RATE_WINDOW_SECONDS = 2, 600
    start = throttle.now().replace(minute=0, second=0, microsecond=0)
    monkeypatch.setattr(throttle, "now", lambda: start + timedelta(seconds=30))
    one, other = rf.post("/", REMOTE_ADDR="203.0.113.7"), rf.post("/", REMOTE_ADDR="203.0.113.8")
    assert throttle.count_post(one, "x") is None and throttle.count_post(one, "x") is None
    refusal = throttle.count_post(one, "x")
    assert refusal is not None and refusal.reason == "connection" and refusal.retry_after == 570
    assert throttle.count_post(other, "x") is None  # another connection
    assert throttle.count_post(one, "y") is None  # another form
    monkeypatch.setattr(throttle, "now", lambda: start + timedelta(seconds=601))
    assert throttle.count_post(one, "x") is None  # a new window


def test_an_ipv6_household_is_one_connection(rf, settings):
    settings.PUBLIC_FORM_RATE_LIMIT = 1
    assert throttle.count_post(rf.post("/", REMOTE_ADDR="2001:db8:1:2::1"), "x") is None
    assert throttle.count_post(rf.post("/", REMOTE_ADDR="2001:db8:1:2:ffff::9"), "x") is not None
    assert throttle.count_post(rf.post("/", REMOTE_ADDR="2001:db8:1:3::1"), "x") is None


def test_zero_turns_the_limits_off(rf, settings):
    settings.PUBLIC_FORM_RATE_LIMIT = settings.PUBLIC_FORM_MESSAGES_PER_RECIPIENT = 0
    request = rf.post("/", REMOTE_ADDR="203.0.113.7")
    assert all(throttle.count_post(request, "x") is None for _ in range(100))
    assert all(throttle.count_message("phone", "+4520304050") is None for _ in range(100))


def test_messages_to_one_recipient_are_counted_per_day(settings, monkeypatch):
    settings.PUBLIC_FORM_MESSAGES_PER_RECIPIENT = 2
    morning = throttle.now().replace(hour=8)
    monkeypatch.setattr(throttle, "now", lambda: morning)
    assert throttle.count_message("phone", "+4520304050") is None
    assert throttle.count_message("phone", "+4520304050") is None
    refusal = throttle.count_message("phone", "+4520304050")
    assert refusal is not None and refusal.reason == "recipient"
    assert throttle.count_message("phone", "+4520304051") is None
    monkeypatch.setattr(throttle, "now", lambda: morning + timedelta(days=1))
    assert throttle.count_message("phone", "+4520304050") is None


def test_no_address_or_number_is_kept_in_a_cache_key_or_logged(rf, settings, caplog):
    settings.PUBLIC_FORM_RATE_LIMIT = settings.PUBLIC_FORM_MESSAGES_PER_RECIPIENT = 1
    request = rf.post("/", REMOTE_ADDR="203.0.113.77")
    for _ in range(2):
        throttle.count_post(request, "x")
        throttle.count_message("email", "victim@example.dk")
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT cache_key FROM lokalsundhed_cache")
        keys = " ".join(row[0] for row in cursor.fetchall())
    assert "throttle:" in keys and "203.0.113" not in keys and "victim" not in keys
    with caplog.at_level(logging.WARNING, logger="lokalsundhed.throttle"):
        throttle.refusal_page(request, throttle.count_post(request, "x"))
    assert len(caplog.records) == 1 and "203.0.113" not in caplog.text


def test_the_page_says_when_to_try_again_in_the_residents_language(client, settings):
    settings.PUBLIC_FORM_RATE_LIMIT = 1
    url = reverse("core:residents")
    client.post(url, HTTP_ACCEPT_LANGUAGE="en")
    response = client.post(url, HTTP_ACCEPT_LANGUAGE="en")
    page = response.content.decode()
    assert response.status_code == 429 and "Too many forms have been sent from this connection" in page
    assert 'class="alert alert-warning"' in page and url in page
    cache.clear()
    client.post(url, HTTP_ACCEPT_LANGUAGE="da")
    assert "For mange" in client.post(url, HTTP_ACCEPT_LANGUAGE="da").content.decode()


def test_the_time_to_try_again_is_written_as_the_residents_language_writes_it(monkeypatch):
    evening = timezone.localtime(throttle.now()).replace(hour=21, minute=5, second=0, microsecond=0)
    monkeypatch.setattr(throttle, "now", lambda: evening)
    later_today = throttle.Refusal("connection", evening + timedelta(minutes=25))
    tomorrow = throttle.Refusal("connection", evening + timedelta(hours=4))
    with translation.override("da"):
        assert "21.30" in later_today.message()  # Danish writes a time with a full stop
        assert cldr.day(tomorrow.until) in tomorrow.message() and "01.05" in tomorrow.message()
    with translation.override("so"):
        assert cldr.day(tomorrow.until) in tomorrow.message()  # the weekday in Somali, from CLDR
