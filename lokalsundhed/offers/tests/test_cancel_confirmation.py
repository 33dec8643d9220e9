"""A resident cancels their place behind the private link: a page first says what would be cancelled,
and only its "Yes" gives the place back."""

from __future__ import annotations

import pytest
from django.urls import reverse

from lokalsundhed.core.tests.world import build_world
from lokalsundhed.offers import services
from lokalsundhed.offers.models import SignUp
from lokalsundhed.offers.tests.factories import make_offer, resident

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    return build_world()


def test_cancelling_a_place_asks_first_and_only_the_yes_cancels_it(client, world):
    offer = make_offer(world.users["social_worker"], estate=world.estate_a, title="Gåtur i parken")
    entry = services.sign_up(offer, resident(1))
    page = client.get(reverse("offers:my_sign_up", args=[entry.token])).content.decode()
    confirm_url = reverse("offers:my_sign_up_cancel", args=[entry.token])
    # The place page leads to the question; it cancels nothing itself.
    assert f'href="{confirm_url}"' in page and 'value="cancel"' not in page
    client.post(reverse("offers:my_sign_up", args=[entry.token]), {"action": "cancel"})
    entry.refresh_from_db()
    assert entry.status == SignUp.Status.CONFIRMED

    question = client.get(confirm_url).content.decode()
    entry.refresh_from_db()
    assert entry.status == SignUp.Status.CONFIRMED
    assert "Gåtur i parken" in question  # what would be cancelled
    assert "Ja, meld mig fra" in question and "Nej, behold min plads" in question
    assert f'href="{reverse("offers:my_sign_up", args=[entry.token])}"' in question  # "No" keeps it

    response = client.post(confirm_url)
    assert response["Location"] == reverse("offers:my_sign_up", args=[entry.token])
    entry.refresh_from_db()
    assert entry.status == SignUp.Status.CANCELLED
    # Once cancelled, the question is not asked again.
    assert client.get(confirm_url)["Location"] == reverse("offers:my_sign_up", args=[entry.token])
