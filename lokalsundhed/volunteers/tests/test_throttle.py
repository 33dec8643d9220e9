"""The recruitment form is throttled per connection (core/throttle.py) and keeps what was typed."""

from __future__ import annotations

import pytest
from django.urls import reverse

from lokalsundhed.volunteers.models import Volunteer

pytestmark = pytest.mark.django_db


def test_the_form_sent_too_often_from_one_connection_is_shown_again_with_what_was_typed(client, world, settings):
    settings.PUBLIC_FORM_RATE_LIMIT = 2
    url = reverse("volunteers:recruit", args=[world.estate_a.pk])
    for n in range(2):
        data = {"first_name": f"Amal{n}", "phone": f"+45 20 30 40 5{n}", "consent": "on"}
        assert client.post(url, data, REMOTE_ADDR="203.0.113.7").status_code == 302
    response = client.post(url, {"first_name": "Omar", "phone": "+45 20 30 40 59", "skills": "Lektier og kaffe",
                                 "consent": "on"}, REMOTE_ADDR="203.0.113.7", HTTP_ACCEPT_LANGUAGE="en")
    page = response.content.decode()
    assert response.status_code == 429 and "Retry-After" in response
    assert "Too many forms have been sent from this connection" in page
    assert "Omar" in page and "Lektier og kaffe" in page
    assert Volunteer.objects.count() == 2
    assert client.post(url, {"first_name": "Omar", "phone": "+45 20 30 40 59", "consent": "on"},
                       REMOTE_ADDR="203.0.113.8").status_code == 302
