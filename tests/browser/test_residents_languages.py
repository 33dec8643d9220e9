"""Residents in their own language, on a 390 px phone: the front page leads to the residents'
entrance; Arabic reads right to left as it should (the chosen time's dot in its circle, bullets
on the right, Danish titles with their brackets the right way round); Somali and Ukrainian
dates and Somali form errors come from CLDR and our catalogues, not in Danish; a field that is
not translated says it is in Danish."""

from __future__ import annotations

import pytest

from lokalsundhed.core.tests.world import build_world
from lokalsundhed.offers import services
from lokalsundhed.offers.tests.factories import make_offer, make_outreach

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

PHONE = {"width": 390, "height": 844}

# The horizontal centre of a label's ::before (the circle) and ::after (the dot), in px.
_CENTRES = """(label) => {
  const centre = (pseudo) => {
    const s = getComputedStyle(label, pseudo);
    const width = parseFloat(s.width) + (s.boxSizing === 'content-box'
      ? parseFloat(s.borderLeftWidth) + parseFloat(s.borderRightWidth) : 0);
    return parseFloat(s.left) + parseFloat(s.marginLeft) + width / 2;
  };
  return [centre('::before'), centre('::after')];
}"""

# Where "(" and ")" of an element's text are drawn: [line top, x] of the first and the last character
# (a long title may wrap between them).
_BRACKETS = """(element) => {
  const text = element.firstChild;
  const range = document.createRange();
  const at = (i) => { range.setStart(text, i); range.setEnd(text, i + 1); const r = range.getBoundingClientRect();
    return [Math.round(r.top), r.left]; };
  const s = text.textContent;
  return [at(s.indexOf('(')), at(s.lastIndexOf(')'))];
}"""


def _switch(page, code: str) -> None:
    page.locator(f".language-switch button[value={code}]").click()
    page.wait_for_load_state()


def test_a_resident_opening_the_site_lands_on_the_residents_entrance_in_their_language(page, check, live_server):
    build_world()
    page.set_viewport_size(PHONE)
    page.goto("/")
    assert page.url.endswith("/borger/")
    _switch(page, "so")
    assert page.locator("html").get_attribute("lang") == "so"
    links = page.locator("main .resident-entrance a")
    assert [a.get_attribute("href") for a in links.all()] == ["/kalender/", "/hjaelp/", "/hjaelp-i-hjemmet/"]
    assert "Dansk" not in page.locator("main h1").inner_text()
    check(page, "residents-entrance-somali", sizes=("current",))
    # The favicon is there (SVG and ICO), and the logo leads back to the entrance.
    for href in page.locator("link[rel=icon]").evaluate_all("links => links.map(l => l.href)"):
        assert page.request.get(href).status == 200
    page.locator("main .resident-entrance a").nth(2).click()
    page.wait_for_load_state()
    assert page.locator("main h2").first.inner_text() == "Fredericia Kommune"  # the world's estates, by municipality
    check(page, "residents-practical-help-somali", sizes=("current",))
    page.locator("a.service-name").click()
    page.wait_for_load_state()
    assert page.url.endswith("/borger/")
    # Staff still reach the login from here.
    page.locator("main .resident-entrance-staff a").click()
    page.wait_for_load_state()
    assert "/accounts/login/" in page.url


def test_booking_a_time_in_arabic_reads_right_to_left(page, check, live_server):
    world = build_world()
    worker = world.users["social_worker"]
    outreach = make_outreach(worker, estate=world.estate_a, title="Sundhedstjek (LÆR AT TACKLE)")
    page.set_viewport_size(PHONE)
    page.goto(f"/kalender/tilbud/{outreach.pk}/")
    _switch(page, "ar")
    assert page.locator("html").get_attribute("dir") == "rtl"

    # The Danish title keeps its brackets: "(" is drawn before ")", left of it on one line.
    opening, closing = page.locator("main h1").evaluate(_BRACKETS)
    assert opening < closing, (opening, closing)

    # The times are bulleted on the right-hand side, where an Arabic line starts.
    bullet, width = page.locator("ul.offer-times li").first.evaluate(
        "li => [parseFloat(getComputedStyle(li, '::before').left), li.getBoundingClientRect().width]")
    assert bullet > width / 2, f"the bullet is drawn at {bullet}px of a {width}px line"

    # The chosen time is drawn with its dot in the middle of its circle.
    page.locator("label[for=id_slot_1]").click()
    before, after = page.locator("label[for=id_slot_1]").evaluate(_CENTRES)
    assert abs(before - after) < 1, (before, after)
    check(page, "residents-booking-arabic", sizes=("current",))


def test_somali_and_ukrainian_read_their_own_dates_and_somali_its_own_form_errors(page, check, live_server):
    world = build_world()
    worker = world.users["social_worker"]
    course = make_offer(worker, estate=world.estate_a, sessions=2, title="Gåtur")
    course.target_group = "Alle beboere over 60"
    course.save(update_fields=["target_group"])
    services.set_translation(course, "so", title="Socod", description="Socod wadajir ah.", actor=worker)
    page.set_viewport_size(PHONE)

    page.goto(f"/kalender/tilbud/{course.pk}/")
    _switch(page, "so")
    when = page.locator("ul.offer-times li").first.inner_text()
    danish_days = ("mandag", "tirsdag", "onsdag", "torsdag", "fredag", "lørdag", "søndag")
    assert not any(day in when for day in danish_days), when
    assert any(day in when for day in ("Isniin", "Talaado", "Arbaco", "Khamiis", "Jimco", "Sabti", "Axad")), when
    # "For whom" has no Somali text: shown in Danish, marked as Danish, and said so in Somali.
    target = page.locator("main span[lang=da]", has_text="Alle beboere over 60")
    assert target.count() == 1
    assert page.locator(".offer-field-in-danish").inner_text() == "(af-Deenish)"

    page.locator("form.offer-sign-up button[type=submit]").click()
    page.wait_for_load_state()
    errors = page.locator(".form-error-message").all_inner_texts()
    assert errors, "the empty form was accepted"
    assert not any("påkrævet" in e or "Dette felt" in e for e in errors), errors
    assert any("Qor magacaaga koowaad" in e for e in errors), errors  # "Write your first name."
    check(page, "residents-sign-up-errors-somali", sizes=("current",))

    _switch(page, "uk")
    when = page.locator("ul.offer-times li").first.inner_text()
    genitive = ("січня", "лютого", "березня", "квітня", "травня", "червня", "липня", "серпня", "вересня",
                "жовтня", "листопада", "грудня")
    assert any(month in when for month in genitive), when


def test_an_arabic_reader_asks_for_practical_help_and_reads_the_tasks_in_arabic(page, check, live_server):
    from lokalsundhed.errands.models import Errand

    world = build_world()
    page.set_viewport_size(PHONE)
    page.goto(f"/hjaelp-i-hjemmet/{world.estate_a.pk}/")
    _switch(page, "ar")
    assert page.locator("html").get_attribute("dir") == "rtl"
    tasks = page.locator("main input[name=errand_type] + label").all_inner_texts()
    assert "إخراج القمامة وفرزها" in [t.strip() for t in tasks], tasks
    assert not any("rubbish" in t or "affald" in t for t in tasks), tasks
    check(page, "residents-practical-help-request-arabic", sizes=("current",))

    page.get_by_label("إخراج القمامة وفرزها").check()
    page.locator("#id_resident_first_name").fill("Amal")
    page.locator("#id_address").fill("Parkvej 9, st. tv")
    page.locator("#id_phone").fill("20 30 40 50")
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()
    assert Errand.objects.filter(resident_first_name="Amal", errand_type__code="rubbish").exists()
    assert "إخراج القمامة وفرزها" in page.locator("main .font-lead").inner_text()
    check(page, "residents-practical-help-status-arabic", sizes=("current",))


def test_an_urdu_reader_finds_the_small_steps_into_work_marked_as_written_in_danish(page, check, live_server):
    from lokalsundhed.work.tests.factories import opportunity

    world = build_world()
    worker = world.users["social_worker"]
    for title in ("Hjælp i bageriet", "Praktik på lageret", "Frivillig i caféen"):
        opportunity(world.estate_a, worker, title=title)
    page.set_viewport_size(PHONE)
    page.goto(f"/smaa-skridt/{world.estate_a.pk}/")
    _switch(page, "ur")
    assert page.locator("html").get_attribute("dir") == "rtl"
    titles = page.locator("main h2[lang=da]")
    assert titles.count() == 3 and titles.first.get_attribute("dir") == "ltr"
    assert page.locator(".offer-field-in-danish").inner_text() == "مواقع ڈینش زبان میں لکھے گئے ہیں۔"
    check(page, "residents-work-urdu", sizes=("current",))
