"""The questionnaire as a resident sees it: a page heading, and an error that comes with the DKFDS
error icon and takes the focus; the way back to the previous question has its arrow."""

from __future__ import annotations

import pytest
from django.urls import reverse

from lokalsundhed.core.tests.world import build_world
from lokalsundhed.offers.tests.factories import make_offer
from lokalsundhed.outcomes import services
from lokalsundhed.outcomes.tests.factories import ParticipantFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    world = build_world()
    worker = world.users["social_worker"]
    world.offer = make_offer(worker, estate=world.estate_a, sessions=2)
    services.save_plan(world.offer, programme="lat_pain", followup_days=91, send_links=True, actor=worker)
    return world


def _url(world, code: str) -> str:
    participant = ParticipantFactory(offer=world.offer, code=code)
    return reverse("outcomes:questionnaire", args=[services.open_round(participant, "baseline")[0].token])


def test_every_question_page_has_a_heading_of_its_own(client, world):
    html = client.get(_url(world, "PAGE1")).content.decode()
    assert html.count("<h1") == 1
    assert "Spørgeskema</h1>" in html
    assert "data-focus-on-load" not in html


def test_a_missing_answer_is_told_in_a_dkfds_error_with_its_icon_that_takes_the_focus(client, world):
    url = _url(world, "PAGE2")
    reply = client.post(url, {"question": 1, "value": ""})
    html = client.get(reply["Location"]).content.decode()
    alert = html[html.index('<div class="alert alert-error"'):]
    alert = alert[:alert.index("</p>")]
    assert 'tabindex="-1" data-focus-on-load' in alert
    assert 'class="icon-svg alert-icon"' in alert and "#error" in alert
    assert "Vælg et af svarene, eller spring spørgsmålet over." in alert


def test_the_way_back_to_the_previous_question_has_its_arrow(client, world):
    url = _url(world, "PAGE3")
    html = client.get(url, {"q": 2}).content.decode()
    link = html[html.index('<a class="back-link"'):]
    assert link.index("#chevron-left") < link.index("Forrige spørgsmål")
