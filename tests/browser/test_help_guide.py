"""The help guide as people use it: a caretaker looks up whom to call about dementia, and a
resident opens the guide in Arabic — right to left, in an Arabic font, with no axe-core
violation. Screenshots are kept in test-artifacts/screenshots/."""

from __future__ import annotations

import io
import json
from urllib.parse import parse_qs, urlparse

import pytest
from django.core.management import call_command

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture
def demo_logins(settings, tmp_path):
    settings.VAR_DIR = tmp_path
    call_command("load_demo", stdout=io.StringIO())
    return {d["email"].split("@")[0]: d for d in json.loads((tmp_path / "demo-logins.json").read_text(encoding="utf-8"))}


def _secret(totp_uri: str | None) -> str | None:
    return parse_qs(urlparse(totp_uri).query)["secret"][0] if totp_uri else None


def test_a_caretaker_searches_demens_and_finds_the_dementia_coordinator(page, check, login, demo_logins):
    caretaker = demo_logins["jens.pedersen"]
    login(page, caretaker["email"], caretaker["password"], _secret(caretaker["totp_uri"]))
    page.locator(".navigation-menu a.nav-link", has_text="Hjælpeguide").first.click()
    page.wait_for_load_state()
    check(page, "help-guide-search")

    page.fill("#id_q", "demens")
    page.press("#id_q", "Enter")
    page.wait_for_url("**q=demens**")  # the search is in the address, so Back and sharing work
    page.wait_for_load_state("networkidle")
    coordinator = page.locator("#help-results .help-service-name a", has_text="Demenskoordinatoren i Fredericia Kommune")
    coordinator.wait_for()
    assert page.locator("#help-results .help-service").count() <= 8  # only services about dementia
    assert "Vejle" not in page.locator("#help-results").inner_text()
    check(page, "help-guide-demens")

    coordinator.click()
    page.wait_for_load_state()
    assert page.locator("h1").inner_text() == "Demenskoordinatoren i Fredericia Kommune"
    assert page.locator("a.help-phone").count() >= 1
    check(page, "help-guide-dementia-coordinator")

    # "I see something worrying — what now?": the card for mental signs names the coordinator.
    page.goto("/hjaelpeguide/noedraab/")
    check(page, "help-guide-guidance-list")
    page.goto("/hjaelpeguide/noedraab/mental/")
    assert page.locator(".guidance-whom", has_text="Demenskoordinatoren").count() == 1
    check(page, "help-guide-guidance-mental")


def test_a_resident_opens_the_arabic_help_guide(page, check, demo_logins):
    page.goto("/hjaelp/0607/")
    assert page.locator("html").get_attribute("dir") == "ltr"
    check(page, "residents-guide-danish", sizes=("desktop",))

    page.locator(".language-switch button[value=ar]").click()
    page.wait_for_load_state()
    html = page.locator("html")
    assert html.get_attribute("lang") == "ar"
    assert html.get_attribute("dir") == "rtl"
    assert page.evaluate("getComputedStyle(document.body).direction") == "rtl"
    assert page.locator("h1").inner_text().startswith("دليل المساعدة")
    # A translated service in Arabic; an untranslated one in Danish, marked as such.
    assert page.locator(".help-service-name", has_text="منسق الخرف في بلدية Fredericia").count() == 1
    assert page.locator(".help-fallback").count() > 0
    # Arabic letters are drawn with the vendored Noto Sans Arabic (IBM Plex has no Arabic).
    page.evaluate("document.fonts.ready")
    assert page.evaluate("document.fonts.check('16px \"Noto Sans Arabic\"', 'دليل')")
    check(page, "residents-guide-arabic")

    # The phone numbers stay readable left to right inside the Arabic text.
    assert page.locator(".help-phone").first.evaluate("e => getComputedStyle(e).direction") == "ltr"
