"""Residents on a 390 px phone, in Arabic (right to left) and Danish: a failed sign-up lands on the
error summary; right-to-left pages mirror lists, badges, error bars and arrows, and Danish text starts
on the left; opening hours keep their times in order; every target is at least 24 px, the language
buttons a thumb's 44 px; a form's button does not sit flush under its last field."""

from __future__ import annotations

from datetime import time

import pytest

from lokalsundhed.core.tests.world import build_world
from lokalsundhed.directory.tests.factories import make_service
from lokalsundhed.offers.tests.factories import make_offer

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

PHONE = {"width": 390, "height": 844}

# Where each of the given words is drawn (x of its left edge), in the first text node holding the first.
_X_OF = """(words) => {
  const walker = document.createTreeWalker(document.querySelector('main'), NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const text = node.textContent;
    if (!text.includes(words[0])) continue;
    return words.map(word => {
      const range = document.createRange();
      const at = text.indexOf(word);
      range.setStart(node, at); range.setEnd(node, at + word.length);
      return range.getBoundingClientRect().left;
    });
  }
  return null;
}"""

# Interactive elements smaller than 24 × 24 px (radio buttons drawn by their label are left out).
_SMALL_TARGETS = """() => [...document.querySelectorAll('a, button, input, select, textarea')]
  .filter(e => e.type !== 'hidden' && !e.matches('.form-radio, .form-checkbox, .questionnaire-radio'))
  .filter(e => { const r = e.getBoundingClientRect(); return r.width > 0 && (r.width < 24 || r.height < 24); })
  .map(e => `${e.tagName.toLowerCase()} "${e.textContent.trim().slice(0, 30)}"`)"""


def _switch(page, code: str) -> None:
    page.locator(f".language-switch button[value={code}]").click()
    page.wait_for_load_state()


def test_a_failed_sign_up_on_a_phone_lands_on_the_error_summary(page, check, live_server):
    world = build_world()
    offer = make_offer(world.users["social_worker"], estate=world.estate_a, title="Gåtur")
    page.set_viewport_size(PHONE)
    page.goto(f"/kalender/tilbud/{offer.pk}/")
    _switch(page, "ar")
    page.fill("#id_phone", "12ab")
    page.locator("form.offer-sign-up button[type=submit]").click()
    page.wait_for_load_state()
    summary = page.locator(".error-summary")
    assert page.evaluate("document.activeElement.classList.contains('error-summary')")
    box = summary.bounding_box()
    assert 0 <= box["y"] < PHONE["height"], box  # on screen, not below the fold
    # Its link leads to the field.
    summary.locator("a[href='#id_phone']").click()
    assert page.evaluate("document.activeElement.id") == "id_phone"
    # The example number reads 20 30 40 50 from left to right inside the Arabic sentence.
    xs = page.evaluate(_X_OF, ["20 30 40 50", "20", "50"])
    assert xs and xs[1] < xs[2], xs
    # The red bar of a field in error is on the right, where the Arabic line starts.
    bar = page.locator(".form-group.form-error").first.evaluate(
        "e => [getComputedStyle(e).borderRightWidth, getComputedStyle(e).borderLeftWidth]")
    assert bar == ["4px", "0px"], bar
    check(page, "residents-sign-up-error-summary-arabic", sizes=("current",))


def test_right_to_left_pages_mirror_lists_badges_and_arrows_and_start_danish_text_on_the_left(page, check,
                                                                                             live_server):
    world = build_world()
    municipality = world.estate_a.municipality
    for n in range(21):  # more than a page: the pagination shows
        make_service(municipality, f"Rådgivning {n:02d}", needs=("dementia",),
                     hours=(("MO,TU,WE,TH,FR", time(8), time(15)),))
    offer = make_offer(world.users["social_worker"], estate=world.estate_a, title="Plantekassen: vi sår sammen")
    page.set_viewport_size(PHONE)
    page.goto(f"/kalender/tilbud/{offer.pk}/")
    _switch(page, "ar")

    # The Danish title starts on the left; the back link's arrow points right, the way back.
    title = page.locator("main h1")
    assert title.get_attribute("dir") == "ltr"
    text_left = page.evaluate(_X_OF, ["Plantekassen"])[0]
    assert text_left - title.bounding_box()["x"] < 2, text_left
    assert page.locator(".back-link .icon-svg").evaluate("e => getComputedStyle(e).transform").startswith(
        "matrix(-1")

    page.goto("/hjaelp/0607/")
    # A list without bullets has no indent on either side; a badge keeps its padding on both.
    padding = page.locator(".help-results > li").first.evaluate("e => getComputedStyle(e).paddingRight")
    assert padding == "0px"
    badge = page.locator(".help-needs li.badge").first.evaluate(
        "e => [getComputedStyle(e).paddingLeft, getComputedStyle(e).paddingRight]")
    assert badge == ["8px", "8px"], badge
    # The hours keep "08:00–15:00" in order on a card shown in Danish.
    xs = page.evaluate(_X_OF, ["08:00–15:00", "08:00", "15:00"])
    assert xs and xs[1] < xs[2], xs
    # The arrows of the pagination point the way the page reads.
    for arrow in page.locator(".pagination .button-arrow .icon-svg").all():
        assert arrow.evaluate("e => getComputedStyle(e).transform").startswith("matrix(-1")
    check(page, "residents-guide-arabic", sizes=("current",))


@pytest.mark.parametrize("language", ["ar", "da"])
def test_every_target_on_the_residents_pages_is_big_enough_and_buttons_have_room(page, check, live_server,
                                                                                language):
    world = build_world()
    offer = make_offer(world.users["social_worker"], estate=world.estate_a, sessions=2)
    page.set_viewport_size(PHONE)
    page.goto("/borger/")
    if language != "da":  # Danish is the page's language to begin with
        _switch(page, language)
    for path in ["/borger/", f"/kalender/afdeling/{world.estate_a.pk}/", f"/kalender/tilbud/{offer.pk}/",
                 f"/hjaelp-i-hjemmet/{world.estate_a.pk}/"]:
        page.goto(path)
        small = page.evaluate(_SMALL_TARGETS)
        assert not small, f"{path}: {small}"
        heights = page.locator(".language-switch .function-link").evaluate_all(
            "links => links.map(l => l.getBoundingClientRect().height)")
        assert heights and min(heights) >= 44, heights
    page.goto(f"/kalender/tilbud/{offer.pk}/")
    gap = page.evaluate("""() => {
      const button = document.querySelector('form.offer-sign-up > .button');
      return button.getBoundingClientRect().top - button.previousElementSibling.getBoundingClientRect().bottom;
    }""")
    assert gap >= 16, gap
    check(page, f"residents-offer-targets-{language}", sizes=("current",))


@pytest.mark.parametrize("form", ["volunteer", "work"])
def test_a_failed_offer_to_volunteer_or_interest_in_work_lands_on_the_error_summary(page, check, live_server, form):
    """Sent empty on a phone in Arabic, the form opens on its error summary, which says what to do
    about each field ("write your first name", "we can only call you if you agree"), not "This field
    is required" far below the fold."""
    from lokalsundhed.work.tests.factories import opportunity

    world = build_world()
    page.set_viewport_size(PHONE)
    if form == "volunteer":
        page.goto(f"/bliv-frivillig/{world.estate_a.pk}/")
    else:
        page.goto(f"/smaa-skridt/mulighed/{opportunity(world.estate_a, world.users['social_worker']).pk}/")
    _switch(page, "ar")
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()
    summary = page.locator(".error-summary")
    assert page.evaluate("document.activeElement.classList.contains('error-summary')")
    box = summary.bounding_box()
    assert 0 <= box["y"] < PHONE["height"], box
    said = summary.inner_text()
    assert "اكتب اسمك الأول." in said  # Write your first name.
    assert "لا يمكننا الاتصال بك إلا إذا وافقت على أن نتواصل معك." in said  # ... if you agree to be contacted.
    assert "هذا الحقل مطلوب." not in page.locator("main").inner_text()  # This field is required.
    summary.locator("a[href='#id_first_name']").click()
    assert page.evaluate("document.activeElement.id") == "id_first_name"
    check(page, f"residents-{form}-error-summary-arabic", sizes=("current",))
