"""The public sign-up form is throttled per connection and per recipient of its message
(core/throttle.py), and keeps what was typed."""

from __future__ import annotations

import pytest
from django.urls import reverse

from lokalsundhed.core.tests.world import build_world
from lokalsundhed.offers.models import SignUp
from lokalsundhed.offers.tests.factories import make_offer

pytestmark = pytest.mark.django_db


@pytest.fixture
def offer():
    world = build_world()
    return make_offer(world.users["social_worker"], estate=world.estate_a, kind="activity", capacity=5)


def test_sign_ups_from_one_connection_stop_at_the_limit_with_what_was_typed_kept(client, settings, offer):
    settings.PUBLIC_FORM_RATE_LIMIT = 3
    url = reverse("offers:public_offer", args=[offer.pk])
    for n in range(3):
        response = client.post(url, {"first_name": f"Beboer{n}", "email": f"beboer{n}@example.dk"},
                               REMOTE_ADDR="203.0.113.7")
        assert response.status_code == 302
    response = client.post(url, {"first_name": "Fatima", "email": "fatima@example.dk"}, REMOTE_ADDR="203.0.113.7",
                           HTTP_ACCEPT_LANGUAGE="en")
    page = response.content.decode()
    assert response.status_code == 429 and int(response["Retry-After"]) > 0
    assert "Too many forms have been sent from this connection" in page
    assert 'value="Fatima"' in page and 'value="fatima@example.dk"' in page
    assert SignUp.objects.filter(offer=offer).count() == 3
    assert client.post(url, {"first_name": "Fatima", "email": "fatima@example.dk"},
                       REMOTE_ADDR="203.0.113.8").status_code == 302


def test_one_phone_gets_only_a_few_messages_a_day_from_any_connection(client, settings, offer):
    settings.PUBLIC_FORM_MESSAGES_PER_RECIPIENT = 2
    url = reverse("offers:public_offer", args=[offer.pk])
    for n, ip in enumerate(["203.0.113.1", "198.51.100.2"]):
        assert client.post(url, {"first_name": f"Beboer{n}", "phone": "20 30 40 50"}, REMOTE_ADDR=ip).status_code == 302
    response = client.post(url, {"first_name": "Spam", "phone": "+45 20304050"}, REMOTE_ADDR="192.0.2.3",
                           HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 429
    assert "Too many messages have been sent to this phone number or e-mail address today" in response.content.decode()
    assert SignUp.objects.filter(offer=offer).count() == 2
    # Another number still signs up.
    assert client.post(url, {"first_name": "Beboer3", "phone": "20304051"}, REMOTE_ADDR="192.0.2.3").status_code == 302


def test_the_own_sign_up_page_answers_with_the_page_when_throttled(client, settings, offer):
    from lokalsundhed.offers import services
    from lokalsundhed.offers.tests.factories import resident

    settings.PUBLIC_FORM_RATE_LIMIT = 1
    entry = services.sign_up(offer, resident(1))
    url = reverse("offers:my_sign_up", args=[entry.token])
    assert client.post(url, {"action": "continue"}).status_code == 302
    response = client.post(url, {"action": "cancel"}, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 429 and "Too many forms sent" in response.content.decode()
    entry.refresh_from_db()
    assert entry.status != SignUp.Status.CANCELLED
