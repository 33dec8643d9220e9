"""A resident answers the questionnaire on a 390 px phone in Arabic: right to left, one question a
screen, big answer targets, no script needed; leaving half way and reopening the link goes on
where they left. Screenshots are kept in test-artifacts/screenshots/."""

from __future__ import annotations

import pytest

from lokalsundhed.core.tests.world import build_world
from lokalsundhed.offers.tests.factories import make_offer
from lokalsundhed.outcomes import services
from lokalsundhed.outcomes.models import Response
from lokalsundhed.outcomes.tests.factories import ParticipantFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

PHONE_390 = {"width": 390, "height": 844}


def test_a_resident_answers_in_arabic_on_a_phone(page, check):
    world = build_world()
    worker = world.users["social_worker"]
    course = make_offer(worker, estate=world.estate_a, sessions=6, title="LÆR AT TACKLE angst og depression")
    services.save_plan(course, programme="lat_anxiety", followup_days=91, send_links=True, actor=worker)
    participant = ParticipantFactory(offer=course, code="AR1")
    token = services.open_round(participant, "baseline")[0].token
    page.set_viewport_size(PHONE_390)

    page.goto(f"/spoergeskema/{token}/")
    page.locator(".language-switch button[value=ar]").click()
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("dir") == "rtl"
    assert page.evaluate("getComputedStyle(document.body).direction") == "rtl"
    assert "خلال الأسبوعين الماضيين كنت مبتهجًا" in page.locator("legend").inner_text()
    # A big target: the whole answer is a label at least 48 px high and most of the screen wide.
    box = page.locator("label.questionnaire-option").first.bounding_box()
    assert box["height"] >= 48 and box["width"] >= 300
    check(page, "outcomes-question-arabic", sizes=("current",))

    for _ in range(3):
        page.locator("label.questionnaire-option").nth(1).click()  # "most of the time" (4)
        page.locator("button.questionnaire-next").click()
        page.wait_for_load_state()
    assert "4" in page.locator(".questionnaire-progress").inner_text()

    # The resident leaves and opens the link again later: on with question 4.
    page.goto(f"/spoergeskema/{token}/")
    assert "4" in page.locator(".questionnaire-progress").inner_text()
    page.locator("button.questionnaire-skip").click()
    page.wait_for_load_state()
    while page.locator("button.questionnaire-next").count():
        page.locator("label.questionnaire-option").first.click()
        page.locator("button.questionnaire-next").click()
        page.wait_for_load_state()
    assert page.locator("h1").inner_text() == "شكرًا على إجاباتك"
    check(page, "outcomes-thanks-arabic", sizes=("current",))

    response = Response.objects.get(participant=participant)
    assert response.completed_at is not None and response.language == "ar"
    assert response.who5 is None  # one WHO-5 item skipped: no score
    assert response.answers.filter(value__isnull=True).count() == 1
