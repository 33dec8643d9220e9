"""The questionnaire is throttled per connection (core/throttle.py), with room for a questionnaire's
answers from several residents at one PC: one POST per question."""

from __future__ import annotations

import pytest
from django.urls import reverse

from lokalsundhed.outcomes import services
from lokalsundhed.outcomes.models import Answer
from lokalsundhed.outcomes.tests.factories import ParticipantFactory
from lokalsundhed.outcomes.tests.test_views import world  # noqa: F401 (the fixture)

pytestmark = pytest.mark.django_db


def test_answers_from_one_connection_stop_at_ten_times_the_limit(client, world, settings):  # noqa: F811
    settings.PUBLIC_FORM_RATE_LIMIT = 1
    tokens = [services.open_round(ParticipantFactory(offer=world.offer, code=f"LINK{n}"), "baseline")[0].token
              for n in range(2)]
    url = reverse("outcomes:questionnaire", args=[tokens[0]])
    for number in range(1, 11):
        assert client.post(url, {"question": number, "value": "3"}, REMOTE_ADDR="203.0.113.7").status_code == 302
    again = reverse("outcomes:questionnaire", args=[tokens[1]])
    response = client.post(again, {"question": 1, "value": "3"}, REMOTE_ADDR="203.0.113.7", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 429 and "Too many forms have been sent from this connection" in response.content.decode()
    assert Answer.objects.count() == 10
    assert client.post(again, {"question": 1, "value": "3"}, REMOTE_ADDR="203.0.113.8").status_code == 302
