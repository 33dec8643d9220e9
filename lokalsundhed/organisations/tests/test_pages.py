"""The estate and partnership pages lead those who read figures to the numbers about them."""

from __future__ import annotations

import pytest
from django.urls import reverse

from lokalsundhed.core.tests.support import log_in
from lokalsundhed.core.tests.world import World, build_world
from lokalsundhed.organisations.tests.factories import DwellingFactory, EstateFactory

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


@pytest.mark.parametrize("extra", [2, 40])
def test_the_list_of_estates_counts_each_ones_dwellings_at_a_fixed_cost(client, world, extra,
                                                                         django_assert_max_num_queries):
    """Dwellings are counted for the page's estates only, not for every estate in the reader's
    municipality; 1. the session 2. the user 3. the number of estates 4. a page of them with counts."""
    EstateFactory.create_batch(extra, housing_organisation=world.estate_a.housing_organisation)
    DwellingFactory.create_batch(3, estate=world.estate_b)
    had = world.estate_a.dwellings.count()
    reader = _as(client, world.users["municipal_admin"])
    url = reverse("organisations:estate_list")
    reader.get(url)  # the first request of a session also refreshes it
    shown = {}
    for number in (1, 2):
        with django_assert_max_num_queries(4):
            response = reader.get(url, {"page": number})
        shown.update({estate.pk: estate.dwelling_count for estate in response.context["page"].object_list})
    assert shown[world.estate_a.pk] == had
    assert shown[world.estate_b.pk] == world.estate_b.dwellings.count() >= 3
    assert 0 in shown.values()  # the new estates, with no dwellings yet
