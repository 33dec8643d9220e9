"""The residents' interest form is throttled per connection (core/throttle.py) and keeps what was typed."""

from __future__ import annotations

import pytest
from django.urls import reverse

from lokalsundhed.work.models import Interest
from lokalsundhed.work.tests.test_views import world  # noqa: F401 (the fixture)

pytestmark = pytest.mark.django_db


def test_the_form_sent_too_often_from_one_connection_is_shown_again_with_what_was_typed(client, world, settings):  # noqa: F811
    settings.PUBLIC_FORM_RATE_LIMIT = 3
    url = reverse("work:public_interest", args=[world.opportunity.pk])
    for n in range(3):
        data = {"first_name": f"Amina{n}", "phone": "20304050", "consent": "on"}
        assert client.post(url, data, REMOTE_ADDR="203.0.113.7").status_code == 302
    response = client.post(url, {"first_name": "Samira", "phone": "20304050", "message": "Jeg kan køre truck",
                                 "consent": "on"}, REMOTE_ADDR="203.0.113.7", HTTP_ACCEPT_LANGUAGE="en")
    page = response.content.decode()
    assert response.status_code == 429 and int(response["Retry-After"]) > 0
    assert "Too many forms have been sent from this connection" in page
    assert "Samira" in page and "Jeg kan køre truck" in page
    assert Interest.objects.count() == 3
    # Another connection is not affected.
    assert client.post(url, {"first_name": "Samira", "phone": "20304050", "consent": "on"},
                       REMOTE_ADDR="203.0.113.8").status_code == 302
