"""The estate and partnership pages lead those who read figures to the numbers about them."""

from __future__ import annotations

import pytest
from django.urls import reverse

from lokalsundhed.core.tests.support import log_in
from lokalsundhed.core.tests.world import World, build_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def world() -> World:
    return build_world()


def _as(client, user):
    log_in(client, user)
    return client


def test_the_estate_page_links_an_analyst_to_its_numbers(client, world):
    page = _as(client, world.users["housing_analyst"]).get(
        reverse("organisations:estate_detail", args=[world.estate_a.pk])
    ).content.decode()
    assert reverse("referrals:numbers_estate", args=[world.estate_a.pk]) in page
    assert reverse("errands:report", args=[world.estate_a.pk]) in page
    assert reverse("offers:reach") + "#estates" in page


def test_the_partnership_page_links_an_analyst_to_its_numbers_and_estates(client, world):
    page = _as(client, world.users["municipal_analyst"]).get(
        reverse("organisations:partnership_detail", args=[world.partnership.pk])
    ).content.decode()
    assert reverse("referrals:numbers_partnership", args=[world.partnership.pk]) in page
    assert reverse("offers:reach") + "#partnerships" in page
    assert reverse("organisations:estate_detail", args=[world.estate_a.pk]) in page


def test_a_caretaker_sees_no_links_to_numbers_she_may_not_read(client, world):
    page = _as(client, world.users["caretaker"]).get(
        reverse("organisations:estate_detail", args=[world.estate_a.pk])
    ).content.decode()
    assert reverse("referrals:numbers_estate", args=[world.estate_a.pk]) not in page
    assert reverse("errands:report", args=[world.estate_a.pk]) not in page
