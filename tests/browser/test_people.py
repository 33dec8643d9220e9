"""Competence development and volunteers as people use them, on a phone: a caretaker follows the
overview's suggestion to a module and enrols; a volunteer logs in with a one-time code, offers a
shift to the others and another volunteer takes it; a volunteer does the same in Arabic, right to
left. Screenshots in test-artifacts/screenshots/."""

from __future__ import annotations

import re

import pytest
from django.core import mail

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

PHONE = {"width": 360, "height": 740}


def test_a_caretaker_finds_the_suggested_module_and_enrols(page, check, login):
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

    from lokalsundhed.accounts.tests.factories import PASSWORD
    from lokalsundhed.core.tests.world import build_world
    from lokalsundhed.training.models import Enrolment
    from lokalsundhed.training.tests.factories import session

    world = build_world()
    caretaker = world.users["caretaker"]
    secret = generate_totp_secret()
    TOTP.activate(caretaker, secret)
    coming = session(world.municipality_m, code="opsporing-og-brobygning", days=10)

    page.set_viewport_size(PHONE)
    login(page, caretaker.email, PASSWORD, secret)
    page.goto("/")
    page.locator("#overview-training").wait_for()
    check(page, "training-overview-suggestion", sizes=("current",))
    page.get_by_role("link", name="Se modulet og tilmeld dig").click()
    page.wait_for_load_state()
    assert page.locator("h1").inner_text() == "Tidlig opsporing og brobygning"
    check(page, "training-module", sizes=("current",))
    page.locator("li.training-session form button[type=submit]").first.click()
    page.wait_for_load_state()
    assert page.get_by_text("Du er tilmeldt.", exact=True).count() == 1
    assert Enrolment.objects.filter(session=coming, user=caretaker).exists()

    page.goto("/kompetencer/?theme=dementia")
    assert page.locator("li.training-module").count() == 1
    check(page, "training-catalogue-dementia", sizes=("current",))


def test_a_caretaker_reads_her_courses_on_a_phone_without_scrolling_sideways(page, check, login):
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

    from lokalsundhed.accounts.models import Role
    from lokalsundhed.accounts.tests.factories import PASSWORD, member
    from lokalsundhed.core.tests.world import build_world
    from lokalsundhed.training import services
    from lokalsundhed.training.models import Enrolment
    from lokalsundhed.training.tests.factories import session

    world = build_world()
    caretaker = world.users["caretaker"]
    secret = generate_totp_secret()
    TOTP.activate(caretaker, secret)
    past = session(world.housing_a, code="konflikthaandtering", days=-20)
    done = Enrolment.objects.create(session=past, user=caretaker, organisation=world.housing_a, enrolled_by=caretaker)
    services.record_attendance(done, attended=True, actor=member(world.housing_a, Role.ADMIN))
    coming = session(world.housing_a, code="psykisk-saarbarhed", days=12)
    Enrolment.objects.create(session=coming, user=caretaker, organisation=world.housing_a, enrolled_by=caretaker)

    page.set_viewport_size({"width": 390, "height": 844})
    login(page, caretaker.email, PASSWORD, secret)
    page.goto("/kompetencer/mine/")
    width = page.evaluate("() => document.documentElement.clientWidth")
    assert page.evaluate("() => document.documentElement.scrollWidth") == width
    # Each course is a block of labelled lines; no word broken in two, every action in full view.
    assert page.locator("td[data-title='Modul']").count() == 2
    split = page.evaluate("""() => [...document.querySelectorAll('td')].flatMap(cell =>
        (cell.innerText.match(/[^\\s\u2013-]{2,20}/g) || []).filter(word => {
            const range = document.createRange();
            const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
            for (let node = walker.nextNode(); node; node = walker.nextNode()) {
                const at = node.textContent.indexOf(word);
                if (at < 0) continue;
                range.setStart(node, at); range.setEnd(node, at + word.length);
                return new Set([...range.getClientRects()].map(r => Math.round(r.top))).size > 1;
            }
            return false;
        }))""")
    assert not split, split
    # The actions need no heading of their own ("Handlinger" over a button says nothing).
    assert "Handlinger" not in page.locator("table").inner_text()
    for action in (page.get_by_role("link", name="Kursusbevis (PDF)"), page.get_by_role("button", name="Afmeld")):
        box = action.bounding_box()
        assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= width, box
    check(page, "training-my-courses", sizes=("phone", "desktop"))


def _code_login(page, email: str) -> None:
    page.goto("/accounts/login/code/")
    page.fill("#id_email", email)
    page.locator("main form button[type=submit]").first.click()
    page.wait_for_load_state()
    code = re.search(r"^([A-Z0-9]{4}-[A-Z0-9]{4})$", mail.outbox[-1].body, re.M).group(1)
    page.fill("#id_code", code)
    page.locator("main form button[type=submit]").first.click()
    page.wait_for_load_state()
    assert "/accounts/login" not in page.url, page.url


def _cafe_shift_of_amal_with_bo_beside(sessions: int):
    """Volunteers Amal and Bo on a Friday café of estate A, Amal holding a shift at its first time."""
    from lokalsundhed.core.tests.world import build_world
    from lokalsundhed.offers.tests.factories import make_offer
    from lokalsundhed.volunteers import services
    from lokalsundhed.volunteers.tests.factories import volunteer

    world = build_world()
    worker = world.users["social_worker"]
    cafe = make_offer(worker, estate=world.estate_a, kind="activity", title="Fredagscafé", sessions=sessions)
    amal = volunteer(world.estate_a, "Amal", email="amal@example.dk", admin=worker)
    bo = volunteer(world.estate_a, "Bo", email="bo@example.dk", admin=worker)
    for person in (amal, bo):
        services.assign(person, cafe, role="Kaffe", actor=worker)
    return amal, bo, services.add_shift(cafe.sessions.first(), role="Kaffe", volunteer=amal, actor=worker)


def test_a_volunteer_offers_a_shift_and_another_takes_it(page, check):
    from lokalsundhed.volunteers.models import Shift

    _amal, bo, shift = _cafe_shift_of_amal_with_bo_beside(sessions=2)

    page.set_viewport_size(PHONE)
    _code_login(page, "amal@example.dk")
    page.goto("/mine-vagter/")
    check(page, "volunteer-my-shifts", sizes=("current",))
    page.locator(f"li[data-shift='{shift.pk}'] form button[type=submit]").click()
    page.wait_for_load_state()
    assert page.get_by_text("Tilbudt til de andre: din, indtil nogen tager den.").count() == 1

    page.context.clear_cookies()
    _code_login(page, "bo@example.dk")
    page.goto("/mine-vagter/")
    page.locator(f"li[data-takeable='{shift.pk}'] form button[type=submit]").click()
    page.wait_for_load_state()
    assert page.locator(f"li[data-shift='{shift.pk}']").count() == 1
    check(page, "volunteer-took-shift", sizes=("current",))
    assert Shift.objects.get(pk=shift.pk).volunteer == bo


def test_a_coordinator_saves_a_volunteers_record_and_the_certificate_date_stays(page, check, login):
    from datetime import timedelta

    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
    from django.utils import timezone

    from lokalsundhed.accounts.tests.factories import PASSWORD
    from lokalsundhed.core.tests.world import build_world
    from lokalsundhed.volunteers.models import Volunteer
    from lokalsundhed.volunteers.tests.factories import volunteer

    world = build_world()
    worker = world.users["social_worker"]
    secret = generate_totp_secret()
    TOTP.activate(worker, secret)
    checked = timezone.localdate() - timedelta(days=100)
    amal = volunteer(world.estate_a, "Amal", email="amal@example.dk", certificate_on=checked, admin=worker)

    page.set_viewport_size({"width": 390, "height": 844})
    login(page, worker.email, PASSWORD, secret)
    page.goto(f"/frivillige/{amal.pk}/")
    # The date picker shows the certificate's date, not an empty field.
    assert page.input_value("#id_criminal_record_checked_on") == checked.isoformat()
    page.fill("#id_skills", "Kaffe og kage")
    page.get_by_role("button", name="Gem").click()
    page.wait_for_load_state()
    assert page.get_by_text("Den frivilliges oplysninger er gemt.").count() == 1
    amal = Volunteer.objects.get(pk=amal.pk)
    assert amal.skills == "Kaffe og kage"
    assert amal.criminal_record_checked_on == checked
    assert page.input_value("#id_criminal_record_checked_on") == checked.isoformat()
    check(page, "volunteer-record-saved", sizes=("phone",))


def test_a_volunteer_who_can_come_after_all_takes_back_the_shift_offered(page, check):
    from lokalsundhed.volunteers.models import Shift

    amal, _bo, shift = _cafe_shift_of_amal_with_bo_beside(sessions=1)

    page.set_viewport_size({"width": 390, "height": 844})
    _code_login(page, "amal@example.dk")
    page.goto("/mine-vagter/")
    page.get_by_role("button", name="Jeg kan ikke komme: tilbyd den til de andre Fredagscafé").click()
    page.wait_for_load_state()
    page.get_by_role("button", name="Jeg kan alligevel komme Fredagscafé").click()
    page.wait_for_load_state()
    assert page.get_by_text("Vagten er din igen og tilbydes ikke længere til de andre.").count() == 1
    assert page.get_by_text("Tilbudt til de andre: din, indtil nogen tager den.").count() == 0
    check(page, "volunteer-took-back-shift", sizes=("current",))
    held = Shift.objects.get(pk=shift.pk)
    assert held.volunteer == amal and held.swap_offered_at is None

    page.context.clear_cookies()
    _code_login(page, "bo@example.dk")
    page.goto("/mine-vagter/")
    assert page.locator(f"li[data-takeable='{shift.pk}']").count() == 0


def test_a_volunteer_logs_in_and_offers_a_shift_in_arabic_right_to_left(page, check):
    _amal, _bo, shift = _cafe_shift_of_amal_with_bo_beside(sessions=1)

    page.set_viewport_size({"width": 390, "height": 844})
    page.goto("/borger/")
    page.locator(".language-switch button[value=ar]").click()
    page.wait_for_load_state()
    page.locator("main .resident-entrance-volunteers a").click()
    page.wait_for_load_state()
    assert (page.locator("html").get_attribute("lang"), page.locator("html").get_attribute("dir")) == ("ar", "rtl")
    check(page, "volunteer-login-code-arabic", sizes=("current",))
    _code_login(page, "amal@example.dk")
    assert "رمز" in mail.outbox[-1].subject  # the code's e-mail in Arabic too
    page.locator("a.service-name").click()
    page.wait_for_load_state()
    check(page, "volunteer-overview-arabic", sizes=("current",))
    page.goto("/mine-vagter/")
    assert page.locator("h1").inner_text() == "مناوباتي"
    check(page, "volunteer-my-shifts-arabic", sizes=("current",))
    page.locator(f"li[data-shift='{shift.pk}'] form button[type=submit]").click()
    page.wait_for_load_state()
    assert page.get_by_text("عُرضت مناوبتك على المتطوعين الآخرين. تبقى لك حتى يأخذها أحد.").count() == 1
    # The menu drawer opens from the right, "Close" on the far side of its heading.
    page.locator(".js-menu-open").click()
    close, heading = page.locator(".button-menu-close").bounding_box(), page.locator("#menu-heading").bounding_box()
    assert close["x"] + close["width"] < heading["x"]
    check(page, "volunteer-menu-arabic", sizes=("current",))
