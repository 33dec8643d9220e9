"""Analysts, administrators and intake workers on a 390 px phone: a queue card says enough to find
the case; after saving, the confirmation takes the focus and counts in Danish plurals; the routing
grid offers each unit once; the reach page states its period and names languages and places."""

from __future__ import annotations

import csv
from datetime import timedelta

import pytest
from django.utils import timezone

from lokalsundhed.referrals.tests.factories import observe

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

PHONE = {"width": 390, "height": 844}


def _with_totp(user):
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

    secret = generate_totp_secret()
    TOTP.activate(user, secret)
    return secret


def test_an_intake_worker_finds_a_case_by_address_sign_category_and_age(page, check, login):
    from lokalsundhed.accounts.tests.factories import PASSWORD
    from lokalsundhed.core.tests.support import bridge_world
    from lokalsundhed.referrals.models import Referral

    world = bridge_world()
    intake = world.users["intake"]
    secret = _with_totp(intake)
    referral = observe(world.users["caretaker"], world.estate_a, "falls", "smell").referral
    Referral.objects.filter(pk=referral.pk).update(sent_at=timezone.now() - timedelta(days=3, hours=2))
    page.set_viewport_size(PHONE)
    login(page, intake.email, PASSWORD, secret)

    page.goto("/henvisninger/")
    card = page.locator("li.referral-card", has_text=f"#{referral.pk}")
    text = card.inner_text()
    assert referral.observation.dwelling.address in text
    assert "Fysisk og 1 kategori mere" in text
    assert "3\xa0dage, 2\xa0timer" in text
    check(page, "intake-queue-card", sizes=("current",))


def test_an_administrator_saves_on_a_phone_and_lands_on_the_confirmation(page, check, login):
    from lokalsundhed.accounts.tests.factories import PASSWORD
    from lokalsundhed.core.tests.support import bridge_world

    world = bridge_world()
    admin = world.users["municipal_admin"]
    secret = _with_totp(admin)
    page.set_viewport_size(PHONE)
    login(page, admin.email, PASSWORD, secret)

    # The deadlines page saves with a full page load: the confirmation at the top has the focus.
    page.goto(f"/brobygning/opsaetning/{world.municipality_m.pk}/frister/")
    page.locator("main form button[type=submit]").first.click()
    page.wait_for_load_state()
    focused = page.evaluate("() => document.activeElement.className")
    assert "alert-success" in focused

    # The routing grid offers the default unit once, under its own name.
    page.goto(f"/brobygning/opsaetning/{world.municipality_m.pk}/ruter/")
    select = page.locator("select").first
    labels = [o.strip() for o in select.locator("option").all_inner_texts()]
    assert labels == [f"{world.default_unit.name} (standardenhed)", world.psychiatry.name]
    select.select_option(label=world.psychiatry.name)
    page.get_by_role("button", name="Gem fordelingen").click()
    alert = page.locator("#routing-grid .alert-success")
    alert.wait_for()
    assert "(1 ændring)" in alert.inner_text()
    page.wait_for_function("() => document.activeElement.classList.contains('alert-success')")
    check(page, "routing-saved", sizes=("current",))


def test_an_analyst_reads_the_period_languages_and_places_of_the_reach_figures(page, check, login):
    from lokalsundhed.accounts.tests.factories import PASSWORD
    from lokalsundhed.core.tests.world import build_world
    from lokalsundhed.offers import services
    from lokalsundhed.offers.tests.factories import at, make_offer, resident

    world = build_world()
    offer = make_offer(world.users["professional"], estate=world.estate_a, capacity=10, sessions=6, first=at(-15),
                       title="Gåtur")
    for n in range(1, 7):
        services.sign_up(offer, resident(n, language="ar"))
    analyst = world.users["municipal_analyst"]
    secret = _with_totp(analyst)
    page.set_viewport_size(PHONE)
    login(page, analyst.email, PASSWORD, secret)

    year = timezone.localdate().year  # this year's figures: the sign-ups were made today
    page.goto("/raekkevidde/")
    page.fill("#id_since", f"{year}-01-01")
    page.fill("#id_until", f"{year}-12-31")
    page.locator("main form.filter-form button[type=submit]").click()
    page.wait_for_load_state()
    assert f"Periode: 1. januar {year} – 31. december {year}" in page.locator(".report-period").inner_text()
    row = page.locator("tr", has_text=f"Gåtur · {world.estate_a.name}")
    assert "Arabisk 6" in row.inner_text()
    assert "I gang — 3 af 6 gange afholdt" in row.inner_text()
    check(page, "reach-period", sizes=("current",))


def test_a_housing_administrator_names_a_task_of_their_own_in_arabic_on_a_phone(page, check, login):
    from lokalsundhed.accounts.tests.factories import PASSWORD
    from lokalsundhed.core.tests.world import build_world
    from lokalsundhed.errands import services

    world = build_world()
    admin = world.users["housing_admin"]
    own = services.add_errand_type(world.housing_a, name="Vande blomster", allowed=True, actor=admin)
    secret = _with_totp(admin)
    page.set_viewport_size(PHONE)
    login(page, admin.email, PASSWORD, secret)

    page.goto("/praktisk-hjaelp-katalog/")
    page.locator(f"a[href='/praktisk-hjaelp-katalog/{own.pk}/navne/']").click()
    page.wait_for_load_state()
    arabic = page.locator("#id_name_ar")
    assert (arabic.get_attribute("dir"), arabic.get_attribute("lang")) == ("rtl", "ar")
    check(page, "errand-task-names", sizes=("current",))
    arabic.fill("سقي النباتات")
    page.locator("#id_name_en").fill("Water the plants")
    page.locator("main form button[type=submit]").first.click()
    page.wait_for_load_state()
    assert page.url.endswith("/praktisk-hjaelp-katalog/")
    own.refresh_from_db()
    assert own.names == {"ar": "سقي النباتات"} and own.name_en == "Water the plants"


def test_an_auditor_reads_the_access_log_in_danish_and_filters_it_by_record_type(page, check, login):
    """What was done to which record, in words: "Henvisning nr. 12", "henvisning sendt" — not the
    stored "referrals.referral" and English purposes — with whole words on a desktop, and the
    filter offering the log's record types by name."""
    from lokalsundhed.accounts.tests.factories import PASSWORD
    from lokalsundhed.core.tests.support import bridge_world
    from lokalsundhed.referrals import services

    world = bridge_world()
    auditor = world.users["auditor"]
    referral = observe(world.users["caretaker"], world.estate_a, "falls").referral
    services.claim(referral, actor=world.users["intake"])
    login(page, auditor.email, PASSWORD, _with_totp(auditor))

    page.goto("/adgangslog/")
    row = page.locator("tbody tr", has_text="henvisning sendt")
    assert f"Henvisning nr. {referral.pk}" in row.inner_text()
    assert "referrals.referral" not in page.locator("table").inner_text()
    page.get_by_text("Filtrér loggen").click()
    page.get_by_label("Type af oplysning").select_option(label="Henvisning")
    page.get_by_role("button", name="Filtrér", exact=True).click()
    types = {cell.inner_text().split(" nr.")[0] for cell in page.locator("tbody td[data-title='Oplysning']").all()}
    assert types == {"Henvisning"}
    check(page, "access-log", whole_words=True)

    # What the filter found, as a file for a spreadsheet: the same entries, stored and readable.
    with page.expect_download() as download:
        page.get_by_role("link", name="Hent alle fundne poster som regneark (CSV)").click()
    with open(download.value.path(), encoding="utf-8") as file:
        header, *rows = list(csv.reader(file))
    assert header[5:7] == ["Oplysning", "Type af oplysning"]
    assert {(row[5], row[6]) for row in rows} == {("Henvisning", "referrals.referral")}
    assert "henvisning sendt" in {row[8] for row in rows}


def test_an_administrator_exports_a_resident_s_access_request_in_arabic(page, check, login):
    """The export in the language the resident reads (GDPR Art. 12): chosen on the access-request
    form among the resident languages named in their own script; the page stays Danish."""
    import json

    from lokalsundhed.accounts.tests.factories import PASSWORD
    from lokalsundhed.core.tests.support import bridge_world

    world = bridge_world()
    admin = world.users["housing_admin"]
    observation = observe(world.users["caretaker"], world.estate_a, "falls")
    login(page, admin.email, PASSWORD, _with_totp(admin))

    page.goto(f"/indsigt/bolig/{observation.dwelling.pk}/")
    language = page.get_by_label("Eksportens sprog")
    assert language.input_value() == "da"  # the staff member's own language first
    assert page.locator("#id_language option[value=ar]").get_attribute("lang") == "ar"
    language.select_option("ar")
    check(page, "access-request-language")

    with page.expect_download() as download:
        page.get_by_role("button", name="Hent som JSON").click()
    with open(download.value.path(), encoding="utf-8") as file:
        data = json.load(file)
    assert data["language"] == "ar" and data["sections"][0]["title"] == "بناء الجسور"
    page.reload()
    assert page.locator("html").get_attribute("lang") == "da"
    assert page.get_by_role("button", name="Hent som JSON").is_visible()
