"""The residents' offer pages on a phone: a failed sign-up opens on an error summary that takes the
focus and links to each field; the back link has its arrow."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from lokalsundhed.core.tests.world import build_world
from lokalsundhed.offers.tests.factories import make_offer

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    return build_world()


def _summary(html: str) -> str:
    start = html.index('<div class="alert alert-error error-summary"')
    return html[start:html.index("</ul>", start)]


def test_a_failed_sign_up_opens_on_an_error_summary_that_takes_the_focus_and_links_to_the_fields(client, world):
    offer = make_offer(world.users["social_worker"], estate=world.estate_a)
    html = client.post(reverse("offers:public_offer", args=[offer.pk]), {"first_name": "", "phone": "12ab"}
                       ).content.decode()
    summary = _summary(html)
    # The summary is the one thing marked to take the focus (static/app/focus.js), before the fields.
    assert html.count("data-focus-on-load") == 1
    assert re.search(r'<div class="alert alert-error error-summary"[^>]*tabindex="-1" data-focus-on-load', html)
    assert html.index("error-summary") < html.index('id="id_first_name"')
    assert html.index("<form") < html.index("error-summary")
    assert '<a class="function-link" href="#id_first_name">Skriv dit fornavn.</a>' in summary
    assert 'href="#id_phone">Det er ikke et telefonnummer' in summary


def test_a_form_wide_error_is_said_once_in_the_summary(client, world):
    offer = make_offer(world.users["social_worker"], estate=world.estate_a)
    html = client.post(reverse("offers:public_offer", args=[offer.pk]), {"first_name": "Amal"}).content.decode()
    said = "Skriv et mobilnummer eller en e-mailadresse"
    assert said in _summary(html) and html.count(said) == 1


def test_the_back_link_to_the_calendar_has_its_arrow(client, world):
    offer = make_offer(world.users["social_worker"], estate=world.estate_a)
    html = client.get(reverse("offers:public_offer", args=[offer.pk])).content.decode()
    link = html[html.index('<a class="back-link"'):]
    assert link.index("#chevron-left") < link.index("Tilbage til kalenderen")
