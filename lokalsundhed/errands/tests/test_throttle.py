"""The residents' request form is throttled per connection (core/throttle.py) and keeps what was typed."""

from __future__ import annotations

import logging
from datetime import timedelta

import pytest
from django.urls import reverse

from lokalsundhed.core import throttle
from lokalsundhed.core.tests.world import build_world
from lokalsundhed.errands.models import Errand
from lokalsundhed.errands.tests.factories import errand_type

pytestmark = pytest.mark.django_db


def test_one_connection_is_stopped_after_the_limit_and_may_send_again_in_the_next_window(
        client, settings, monkeypatch, caplog):
    settings.PUBLIC_FORM_RATE_LIMIT, settings.PUBLIC_FORM_RATE_WINDOW_SECONDS = 3, 600
    start = throttle.now().replace(minute=0, second=0, microsecond=0)
    monkeypatch.setattr(throttle, "now", lambda: start)
    world = build_world()
    kind = errand_type(world.estate_a)
    url = reverse("errands:resident_request", args=[world.estate_a.pk])

    def send(name: str, ip: str = "203.0.113.7"):
        return client.post(url, {"errand_type": kind.pk, "resident_first_name": name, "address": "Parkvej 3",
                                 "phone": "20304050", "note": "Lampen i gangen"}, REMOTE_ADDR=ip,
                           HTTP_ACCEPT_LANGUAGE="en")

    assert [send(f"Inge{n}").status_code for n in range(3)] == [302, 302, 302]
    with caplog.at_level(logging.WARNING):
        response = send("Karen")
    page = response.content.decode()
    assert response.status_code == 429 and response["Retry-After"] == "600"
    assert "Too many forms have been sent from this connection" in page and "Karen" in page
    assert Errand.objects.count() == 3
    # One line, naming the view and no address, number or name.
    assert [r.getMessage().split(" reason")[0] for r in caplog.records] == [
        "public form throttled: view=errands:resident_request"]
    assert "203.0.113" not in caplog.text and "Karen" not in caplog.text
    assert send("Karen", ip="203.0.113.8").status_code == 302  # another connection
    monkeypatch.setattr(throttle, "now", lambda: start + timedelta(seconds=600))
    assert send("Karen").status_code == 302  # the window has passed
