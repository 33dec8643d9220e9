"""Bridge-building on a phone (390 × 844), as the demo's people do it: a caretaker files an
observation with two signs and consent in two screens; an intake worker, in a browser of her
own, finds it in the queue, claims it, takes it over and closes it; the caretaker sees
"Overtaget" and then "Afsluttet" on "Mine henvisninger".

A screenshot of every step is kept in test-artifacts/screenshots/bridge-*.png, and each page a
person works on is checked by axe-core (conftest.check_page), also at 360 px.
"""

from __future__ import annotations

import io
import json
import re
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlparse

import pytest
from django.core.management import call_command

from lokalsundhed.organisations.models import Dwelling
from lokalsundhed.referrals.models import Referral

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

PHONE = {"width": 390, "height": 844}
SCREENSHOTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "screenshots"
CARETAKER, INTAKE = "jens.pedersen", "mette.andersen"
DESCRIPTION = "Faldt ved postkasserne i morges. Posten er ikke tømt i over en uge."
RETURN_REASON = "Beboeren er flyttet til sin datter i Vejle."


class Steps:
    """Numbered screenshots of the story at 390 × 844."""

    def __init__(self) -> None:
        self.number = 0
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)

    def shot(self, tab: Any, name: str) -> None:
        self.number += 1
        tab.screenshot(path=str(SCREENSHOTS / f"bridge-{self.number:02d}-{name}-390x844.png"), full_page=True)


def _secret(login: dict[str, Any]) -> str | None:
    uri = login["totp_uri"]
    return parse_qs(urlparse(uri).query)["secret"][0] if uri else None


def _watched_tab(browser: Any, base_url: str, like: Any) -> Any:
    """A second person's browser: a context of its own, watched as conftest's `page` is."""
    context = browser.new_context(viewport=PHONE, locale="da-DK", base_url=base_url)
    return _watched(context.new_page(), like)


def _watched(tab: Any, like: Any) -> Any:
    """A tab whose console, script errors and missing static files are watched as `like`'s are."""
    tab.watch = type(like.watch)()

    def on_console(message: Any) -> None:
        if "Content Security Policy" in message.text or message.text.startswith("Refused to"):
            tab.watch.csp.append(message.text)

    def on_response(response: Any) -> None:
        if "/static/" in response.url and response.status >= 400:
            tab.watch.missing_static.append(f"{response.status} {response.url}")

    tab.on("console", on_console)
    tab.on("pageerror", lambda error: tab.watch.script_errors.append(str(error)))
    tab.on("response", on_response)
    return tab


def _card(tab: Any, link_name: str) -> Any:
    """The referral card whose heading link starts with `link_name`."""
    link = tab.get_by_role("link", name=re.compile("^" + re.escape(link_name)))
    return tab.locator("li.referral-card", has=link)


def test_a_caretaker_bridges_a_resident_and_sees_the_municipality_take_over(
    page, browser, live_server, check, login, settings, tmp_path
):
    settings.VAR_DIR = tmp_path
    call_command("load_demo", stdout=io.StringIO())
    logins = {entry["email"].split("@")[0]: entry for entry in json.loads((tmp_path / "demo-logins.json").read_text())}
    caretaker, intake = logins[CARETAKER], logins[INTAKE]
    dwelling = Dwelling.objects.get(estate__name="Egeskovparken", street="Egeskovvej", number="6", floor="1", door="th")
    steps = Steps()

    # --- The caretaker, in the stairwell ---------------------------------------------------
    page.set_viewport_size(PHONE)
    login(page, caretaker["email"], caretaker["password"], _secret(caretaker))

    screens: list[str] = []
    page.on("framenavigated", lambda frame: frame == page.main_frame and screens.append(frame.url))
    page.goto("/observation/ny/")
    assert page.locator("h1").inner_text() == "Meld en bekymring om en beboer"
    assert "Ring 112" in page.locator("main .alert-error").first.inner_text()
    steps.shot(page, "observation-form")

    page.fill("#id_q", "Egeskovvej 6")  # the type-ahead answers while typing
    page.locator(f"label[for=dwelling-{dwelling.pk}]").click()
    page.fill("#id_resident_first_name", "Gunnar")
    page.locator("label", has_text="Fald eller faldtendens").click()
    page.locator("label", has_text="Post hober sig op").click()
    # Beside the ticked signs: the municipality's guidance on what to do and whom to call.
    guidance = page.locator("#guidance-for-signs")
    guidance.locator("summary", has_text="Jeg ser: Social").wait_for()
    assert guidance.locator("h2").inner_text() == "Har du hørt et nødråb?"
    assert guidance.locator("summary", has_text="Jeg ser: Fysisk").count() == 1
    page.fill("#id_description", DESCRIPTION)
    page.get_by_label("Ja, beboeren har sagt ja til at blive kontaktet").check()
    preview = page.locator("#route-preview .alert-heading")
    preview.filter(has_text="Hjemmeplejen, distrikt Nord").wait_for()
    assert preview.inner_text() == "Den sendes til: Hjemmeplejen, distrikt Nord"
    steps.shot(page, "observation-form-filled")
    check(page, "bridge-observation-form", sizes=("phone",))

    page.get_by_role("button", name="Send", exact=True).click()
    page.wait_for_url("**/kvittering/")
    assert page.locator("h1").inner_text() == "Tak – bekymringen er sendt"
    assert "Hjemmeplejen, distrikt Nord" in page.locator("main").inner_text()
    steps.shot(page, "receipt")
    check(page, "bridge-receipt", sizes=("phone",))
    # The form and the receipt: two screens from the first tap to "sent".
    assert len(screens) <= 3, screens
    assert len(screens) == 2, screens

    referral = Referral.objects.select_related("observation").get(observation__description=DESCRIPTION)
    assert referral.state == Referral.State.SENT and referral.observation.signs.count() == 2
    address = dwelling.address

    page.get_by_role("link", name="Mine henvisninger").last.click()
    page.wait_for_url("**/mine-henvisninger/")
    mine = _card(page, address)
    assert "Sendt" in mine.locator(".state-badge").inner_text()
    steps.shot(page, "my-referrals-sent")
    check(page, "bridge-my-referrals", sizes=("phone",))

    # --- The intake worker, in her own browser --------------------------------------------
    worker = _watched_tab(browser, live_server.url, like=page)
    try:
        login(worker, intake["email"], intake["password"], _secret(intake))
        worker.goto("/henvisninger/")
        card = _card(worker, f"Henvisning #{referral.pk} ·")
        assert card.count() == 1
        assert "Gul: kontakt inden for 2 arbejdsdage" in card.locator(".urgency-badge").inner_text()
        card.scroll_into_view_if_needed()
        steps.shot(worker, "queue")
        check(worker, "bridge-queue", sizes=("phone", "desktop"))

        card.get_by_role("button", name=re.compile("^Jeg tager den")).click()
        worker.wait_for_url("**/henvisninger/")
        assert "Du har taget henvisningen." in worker.locator(".messages").inner_text()
        assert "Mette Kjær Andersen" in _card(worker, f"Henvisning #{referral.pk} ·").inner_text()
        # The badge says what the step did: claimed, not yet taken over.
        assert _card(worker, f"Henvisning #{referral.pk} ·").locator(".state-badge").inner_text().endswith("Taget – ses på")
        steps.shot(worker, "queue-claimed")

        _card(worker, f"Henvisning #{referral.pk} ·").get_by_role("link").click()
        worker.wait_for_url(f"**/henvisninger/{referral.pk}/")
        main = worker.locator("main").inner_text()
        assert "Gunnar" in main and DESCRIPTION in main
        steps.shot(worker, "referral")
        check(worker, "bridge-referral", sizes=("phone", "desktop"))

        # In a second tab she began to write why it should go back, and left it there.
        stale = _watched(worker.context.new_page(), like=page)
        stale.goto(f"/henvisninger/{referral.pk}/")
        stale.locator("summary", has_text="Send retur til den, der meldte").click()
        stale.fill("#id_reason", RETURN_REASON)

        worker.fill("#id_status_text", "Vi har kontakt og kommer forbi i morgen.")
        worker.get_by_role("button", name="Kommunen overtager sagen", exact=True).click()
        worker.wait_for_url(f"**/henvisninger/{referral.pk}/")
        assert "Henvisningen er overtaget." in worker.locator(".messages").inner_text()
        assert "Overtaget" in worker.locator("main .state-badge").inner_text()
        steps.shot(worker, "referral-taken-over")
        check(worker, "bridge-referral-taken-over", sizes=("phone",))

        # Sent from the old tab, the return is refused, and what she wrote is there to copy.
        stale.get_by_role("button", name="Send retur", exact=True).click()
        warning = stale.locator("main .alert-warning")
        assert "Henvisningen blev ændret, mens du skrev" in warning.inner_text()
        assert stale.get_by_label("Hvorfor sendes den retur?", exact=True).input_value() == RETURN_REASON
        assert stale.evaluate("document.activeElement.classList.contains('alert-warning')")
        steps.shot(stale, "referral-changed-meanwhile")
        check(stale, "bridge-referral-changed-meanwhile", sizes=("phone",))
        stale.close()

        # --- The caretaker sees that the municipality took over -----------------------------
        page.reload()
        mine = _card(page, address)
        assert "Overtaget" in mine.locator(".state-badge").inner_text()
        assert "Vi har kontakt og kommer forbi i morgen." in mine.inner_text()
        mine.scroll_into_view_if_needed()
        steps.shot(page, "my-referrals-taken-over")

        # --- … and closes it with an outcome ------------------------------------------------
        worker.get_by_label("Hjælp er sat i gang").check()
        worker.fill("#id_status_text", "Hjemmeplejen kommer nu to gange om ugen.")
        worker.get_by_role("button", name="Afslut henvisningen", exact=True).click()
        worker.wait_for_url(f"**/henvisninger/{referral.pk}/")
        assert "Henvisningen er afsluttet." in worker.locator(".messages").inner_text()
        assert "Afsluttet" in worker.locator("main .state-badge").inner_text()
        steps.shot(worker, "referral-closed")
    finally:
        worker.context.close()

    page.reload()
    mine = _card(page, address)
    assert "Afsluttet" in mine.locator(".state-badge").inner_text()
    text = mine.inner_text()
    assert "Hjemmeplejen kommer nu to gange om ugen." in text
    # The reporter follows the state, never the municipality's case.
    assert "Hjælp er sat i gang" not in text and "Mette" not in text
    mine.scroll_into_view_if_needed()
    steps.shot(page, "my-referrals-closed")
    check(page, "bridge-my-referrals-closed", sizes=("phone",))

    referral.refresh_from_db()
    assert referral.state == Referral.State.CLOSED and referral.outcome == Referral.Outcome.HELP_ESTABLISHED
    steps_taken = list(referral.transitions.values_list("to_state", flat=True))
    assert steps_taken == ["sent", "received", "received", "taken_over", "closed"]


def test_a_cpr_number_is_refused_and_a_declined_consent_stays_a_note(page, check, login):
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

    from lokalsundhed.accounts.tests.factories import PASSWORD
    from lokalsundhed.core.tests.support import bridge_world
    from lokalsundhed.referrals.models import Observation

    world = bridge_world()
    caretaker = world.users["caretaker"]
    secret = generate_totp_secret()
    TOTP.activate(caretaker, secret)
    dwelling = world.estate_a.dwellings.order_by("pk").first()
    steps = Steps()
    steps.number = 20

    page.set_viewport_size(PHONE)
    login(page, caretaker.email, PASSWORD, secret)
    page.goto("/observation/ny/")
    page.fill("#id_q", dwelling.street)
    page.locator(f"label[for=dwelling-{dwelling.pk}]").click()
    page.locator("label", has_text="Ensomhed, isolation").click()
    page.locator("label", has_text="Konflikter med naboer").click()
    page.fill("#id_description", "Hun gav mig en seddel med 010203-1234 på. Sidder alene hver dag.")
    page.get_by_label("Beboeren har sagt nej").check()
    page.get_by_role("button", name="Send", exact=True).click()
    page.wait_for_load_state()

    # Refused, with a plain Danish message by the field, and nothing else lost.
    assert "/observation/ny/" in page.url and not Observation.objects.exists()
    assert "CPR-nummer" in page.locator("#id_description_error").inner_text()
    assert page.locator(f"#dwelling-{dwelling.pk}").is_checked()
    assert page.get_by_label("Ensomhed, isolation").is_checked()
    assert page.get_by_label("Konflikter med naboer").is_checked()
    assert page.get_by_label("Beboeren har sagt nej").is_checked()
    page.locator("#id_description").scroll_into_view_if_needed()
    steps.shot(page, "cpr-refused")
    check(page, "bridge-cpr-refused", sizes=("phone",))

    page.fill("#id_description", "Sidder alene hver dag og har konflikter med naboen.")
    page.get_by_role("button", name="Send", exact=True).click()
    page.wait_for_url("**/kvittering/")
    assert page.locator("h1").inner_text() == "Tak – noten er gemt"
    assert "ikke sendt til kommunen" in page.locator("main").inner_text()
    steps.shot(page, "receipt-note")
    check(page, "bridge-receipt-note", sizes=("phone",))
    observation = Observation.objects.get()
    assert not Referral.objects.filter(observation=observation).exists()
