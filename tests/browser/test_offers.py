"""Local offers as a resident uses them, on a phone: the Arabic calendar (right to left, no
axe-core violation), signing up for a course, the confirmation e-mail with the private link,
cancelling through it — and the resident on the waiting list moving up and being told.
Screenshots are kept in test-artifacts/screenshots/."""

from __future__ import annotations

import re

import pytest
from django.core import mail

from lokalsundhed.core.tests.world import build_world
from lokalsundhed.offers import services
from lokalsundhed.offers.models import SignUp
from lokalsundhed.offers.tests.factories import make_offer, resident

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

PHONE = {"width": 360, "height": 740}


def test_a_resident_signs_up_in_arabic_and_cancels_and_the_next_moves_up(page, check, live_server):
    world = build_world()
    worker = world.users["social_worker"]
    course = make_offer(worker, estate=world.estate_a, capacity=1, sessions=6, title="LÆR AT TACKLE kroniske smerter")
    services.set_translation(course, "ar", title="تعلّم كيف تتعامل مع الألم المزمن",
                             description="ست مرات، ساعتان ونصف في كل مرة. مجانًا.", actor=worker)
    make_offer(worker, estate=world.estate_a, title="Fredagscafé", sessions=2)  # untranslated: Danish, marked
    page.set_viewport_size(PHONE)

    page.goto(f"/kalender/afdeling/{world.estate_a.pk}/")
    page.locator(".language-switch button[value=ar]").click()
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("dir") == "rtl"
    assert page.evaluate("getComputedStyle(document.body).direction") == "rtl"
    assert page.locator(".offer-title a", has_text="تعلّم كيف تتعامل").count() == 6
    assert page.locator(".offer-fallback").count() == 2  # the café, twice: in Danish, said so
    page.evaluate("document.fonts.ready")
    assert page.evaluate("document.fonts.check('16px \"Noto Sans Arabic\"', 'ما يحدث')")
    check(page, "offers-calendar-arabic", sizes=("current",))

    page.locator(".offer-title a", has_text="تعلّم كيف تتعامل").first.click()
    page.wait_for_load_state()
    assert page.locator("h1").inner_text() == "تعلّم كيف تتعامل مع الألم المزمن"
    check(page, "offers-course-arabic", sizes=("current",))

    page.fill("#id_first_name", "أمل")
    page.fill("#id_email", "amal@example.dk")
    page.locator("label[for=id_first_time_0]").click()
    page.locator("form.offer-sign-up button[type=submit]").click()
    page.wait_for_load_state()
    assert "/tilmelding/" in page.url
    check(page, "offers-my-place-arabic", sizes=("current",))

    amal = SignUp.objects.get(email="amal@example.dk")
    assert (amal.status, amal.language, amal.first_time) == (SignUp.Status.CONFIRMED, "ar", True)
    (confirmation,) = [m for m in mail.outbox if m.to == ["amal@example.dk"]]
    assert confirmation.subject == "تم تسجيلك"
    assert "الألم" not in confirmation.body and "TACKLE" not in confirmation.body  # no health information
    link = re.search(r"https?://\S+(/tilmelding/[\w-]+/)", confirmation.body).group(1)

    # Someone else signs up: the only place is taken, so they wait.
    bo = services.sign_up(course, resident(2))
    assert bo.status == SignUp.Status.WAITING

    page.goto(link)
    page.locator("main a.button", has_text="ألغِ مكاني").click()  # "Cancel my place": first a question
    page.wait_for_load_state()
    check(page, "offers-cancel-question-arabic", sizes=("current",))
    amal.refresh_from_db()
    assert amal.status == SignUp.Status.CONFIRMED
    page.locator("main form button[type=submit]").click()  # "Yes, cancel my place"
    page.wait_for_load_state()
    assert page.locator(".alert-success").count() == 1
    check(page, "offers-cancelled-arabic", sizes=("current",))

    amal.refresh_from_db()
    bo.refresh_from_db()
    assert amal.status == SignUp.Status.CANCELLED
    assert bo.status == SignUp.Status.CONFIRMED
    (moved_up,) = [m for m in mail.outbox if m.to == [bo.email]][1:]
    assert bo.token in moved_up.body


def test_the_calendar_reads_right_to_left_in_urdu_too(page, check, live_server):
    world = build_world()
    make_offer(world.users["social_worker"], estate=world.estate_a, title="Fredagscafé", sessions=2)
    page.set_viewport_size(PHONE)
    page.goto(f"/kalender/afdeling/{world.estate_a.pk}/")
    page.locator(".language-switch button[value=ur]").click()
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == "ur"
    assert page.locator("html").get_attribute("dir") == "rtl"
    check(page, "offers-calendar-urdu", sizes=("current",))


def _with_totp(user) -> str:
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

    secret = generate_totp_secret()
    TOTP.activate(user, secret)
    return secret


def test_a_facilitator_takes_attendance_on_a_tablet_and_the_reach_page_counts_it(page, check, login, live_server):
    from lokalsundhed.accounts.tests.factories import PASSWORD
    from lokalsundhed.offers.models import Attendance
    from lokalsundhed.offers.tests.factories import at

    world = build_world()
    facilitator = world.users["professional"]
    course = make_offer(facilitator, estate=world.estate_a, capacity=8, sessions=6, first=at(-1, 13))
    people = [services.sign_up(course, resident(n)) for n in range(1, 7)]
    session = course.sessions.order_by("starts_at").first()

    login(page, facilitator.email, PASSWORD, _with_totp(facilitator))
    page.set_viewport_size({"width": 800, "height": 1200})  # a tablet
    page.goto(f"/aktiviteter/{course.pk}/")
    check(page, "offers-course-staff")
    page.goto(f"/aktiviteter/gang/{session.pk}/fremmoede/")
    for person in people[:5]:
        button = page.locator(".attendance-button", has_text=person.first_name)
        button.click()
        page.locator(".attendance-button.is-present", has_text=person.first_name).wait_for()
    assert page.locator(".attendance-button[aria-pressed=true]").count() == 5
    assert Attendance.objects.filter(session=session).count() == 5
    check(page, "offers-attendance-tablet", sizes=("current", "phone"))


def test_a_social_worker_changes_an_offer_adds_times_and_cancels_one(page, check, login, live_server):
    """More places move the waiting list up; bookable times are previewed (htmx) before they are
    added; a cancelled time tells the residents and shows as cancelled on the residents' page."""
    from lokalsundhed.accounts.tests.factories import PASSWORD
    from lokalsundhed.offers.models import Session, Slot
    from lokalsundhed.offers.tests.factories import at, make_outreach

    world = build_world()
    worker = world.users["social_worker"]
    course = make_offer(worker, estate=world.estate_a, capacity=2, sessions=3, title="Fredagscafé")
    people = [services.sign_up(course, resident(n)) for n in range(1, 5)]  # two places, two waiting
    outreach = make_outreach(worker, estate=world.estate_a, first=at(4, 9), hours=2, slot_minutes=0)
    block = outreach.sessions.get()
    login(page, worker.email, PASSWORD, _with_totp(worker))
    mail.outbox.clear()

    page.goto(f"/aktiviteter/{course.pk}/")
    check(page, "offers-staff-offer-actions")
    page.locator(f".offer-actions a[href='/aktiviteter/{course.pk}/ret/']").click()
    page.wait_for_load_state()
    check(page, "offers-edit-form")
    page.fill("#id_capacity", "1")
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()
    assert page.locator("#id_capacity").count() == 1  # refused: two residents have a place
    check(page, "offers-edit-refused")
    page.fill("#id_capacity", "4")
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()
    assert page.url.endswith(f"/aktiviteter/{course.pk}/")
    assert SignUp.objects.filter(offer=course, status=SignUp.Status.CONFIRMED).count() == 4
    assert sorted(m.to[0] for m in mail.outbox) == sorted(p.email for p in people[2:])

    page.goto(f"/aktiviteter/gang/{block.pk}/tider/")
    page.fill("#id_start", "09:00")
    page.fill("#id_minutes", "20")
    page.fill("#id_count", "3")
    page.locator("#id_count").dispatch_event("change")
    page.locator("#slot-preview", has_text="09:40").wait_for()
    assert not Slot.objects.filter(session=block).exists()  # only a preview
    check(page, "offers-slots-preview")
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()
    assert Slot.objects.filter(session=block).count() == 3

    session = Session.objects.filter(offer=course).order_by("starts_at").first()
    mail.outbox.clear()
    page.goto(f"/aktiviteter/{course.pk}/")
    page.locator(f"a[href='/aktiviteter/gang/{session.pk}/aflys/']").click()
    page.wait_for_load_state()
    check(page, "offers-session-cancel")
    page.fill("#id_reason", "Lokalet er optaget")
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()
    assert page.locator(".alert-success").count() == 1
    assert len(mail.outbox) == 4 and all("Lokalet" not in m.body for m in mail.outbox)
    page.goto(f"/kalender/tilbud/{course.pk}/")
    assert page.locator(".offer-times strong").count() == 1
    check(page, "offers-public-cancelled-time")


def test_a_caretaker_completes_an_errand_and_the_report_shows_a_chart(page, check, login, live_server):
    from lokalsundhed.accounts.tests.factories import PASSWORD
    from lokalsundhed.errands import services as errands
    from lokalsundhed.errands.tests.factories import request

    world = build_world()
    caretaker = world.users["caretaker"]
    # Four letters read earlier this month: with the one done below, five, enough to be shown
    # (the report never shows a count under 5).
    for _ in range(4):
        done = errands.take(request(world.estate_a, "read_letters"), actor=caretaker)
        errands.complete(done, actor=caretaker, minutes=20)
    request(world.estate_a, "read_letters")
    login(page, caretaker.email, PASSWORD, _with_totp(caretaker))
    page.set_viewport_size(PHONE)
    page.goto("/praktisk-hjaelp/")
    check(page, "errands-list-phone", sizes=("current",))
    page.locator(".errand-card form button.button-primary").first.click()  # "Take it"
    page.wait_for_load_state()
    page.fill("input[name=minutes]", "25")
    page.locator(".errand-complete button[type=submit]").click()
    page.wait_for_load_state()
    check(page, "errands-done-phone", sizes=("current",))

    page.goto("/accounts/logout/")
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()
    analyst = world.users["housing_analyst"]
    login(page, analyst.email, PASSWORD)
    page.goto(f"/praktisk-hjaelp-rapport/{world.estate_a.pk}/")
    assert page.locator("[data-total-minutes='105']").count() == 1  # 4 × 20 + the 25 just written
    assert page.locator("figure svg[role=img] rect").count() == 1
    check(page, "errands-report")


def test_a_social_worker_reads_the_list_of_their_offers_with_whole_words(page, check, login, live_server):
    """The list of one's offers on a desktop: every kind ("Informationsmøde") and place whole, the
    places taken counted once per offer whatever its number of times."""
    from lokalsundhed.accounts.tests.factories import PASSWORD
    from lokalsundhed.offers.models import Offer

    world = build_world()
    worker = world.users["social_worker"]
    meeting = make_offer(worker, estate=world.estate_a, kind=Offer.Kind.INFO_MEETING, capacity=40, sessions=3,
                         title="Informationsmøde: hjælp i hverdagen")
    for n in range(1, 5):
        services.sign_up(meeting, resident(n))
    make_offer(worker, estate=world.estate_a, kind=Offer.Kind.ACTIVITY, title="Fredagscafé", sessions=5)

    login(page, worker.email, PASSWORD, _with_totp(worker))
    page.set_viewport_size({"width": 1024, "height": 900})
    page.goto("/aktiviteter/")
    row = page.locator("tr", has_text="hjælp i hverdagen")
    assert row.locator("td").nth(4).inner_text().strip() == "4 / 40"
    check(page, "offers-list-staff", whole_words=True)
