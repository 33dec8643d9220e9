"""An observation survives a lost connection, on a phone (390 × 844): the caretaker's draft is kept
across a reload (never a CPR number), the page says when the connection is gone, the report sent
meanwhile goes by itself when the connection is back, and exactly one observation is filed."""

from __future__ import annotations

import io
import json
from urllib.parse import parse_qs, urlparse

import pytest
from django.core.management import call_command

from lokalsundhed.organisations.models import Dwelling
from lokalsundhed.referrals.models import Observation

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

PHONE = {"width": 390, "height": 844}
DESCRIPTION = "Sad på trappen i kælderen og virkede forvirret."
CPR_TEXT = "Hun sagde 070761-4285 flere gange"


def _draft(tab, owner) -> dict | None:
    raw = tab.evaluate("(key) => window.localStorage.getItem(key)", f"lokalsundhed.observation-draft.{owner}")
    return json.loads(raw) if raw else None


def test_a_report_written_in_the_basement_is_kept_and_sent_once_when_the_connection_is_back(
    page, check, login, settings, tmp_path
):
    settings.VAR_DIR = tmp_path
    call_command("load_demo", stdout=io.StringIO())
    logins = {e["email"].split("@")[0]: e for e in json.loads((tmp_path / "demo-logins.json").read_text())}
    caretaker = logins["jens.pedersen"]
    secret = parse_qs(urlparse(caretaker["totp_uri"]).query)["secret"][0] if caretaker["totp_uri"] else None
    dwelling = Dwelling.objects.get(estate__name="Egeskovparken", street="Egeskovvej", number="6", floor="1", door="th")
    before = Observation.objects.count()

    page.set_viewport_size(PHONE)
    login(page, caretaker["email"], caretaker["password"], secret)
    page.goto("/observation/ny/")
    owner = page.locator("form.observation-form").get_attribute("data-draft-owner")
    key = page.locator("input[name=idempotency_key]").input_value()

    # Written while the connection holds; a CPR number typed by mistake is never stored.
    page.fill("#id_q", "Egeskovvej 6")
    page.locator(f"label[for=dwelling-{dwelling.pk}]").click()
    page.fill("#id_resident_first_name", "Gunnar")
    page.locator("label", has_text="Fald eller faldtendens").click()
    page.fill("#id_description", CPR_TEXT)
    draft = _draft(page, owner)
    assert draft["texts"]["resident_first_name"] == "Gunnar" and "description" not in draft["texts"]
    assert "4285" not in json.dumps(draft)
    page.fill("#id_description", DESCRIPTION)
    page.get_by_label("Ja, beboeren har sagt ja til at blive kontaktet").check()
    assert _draft(page, owner)["texts"]["description"] == DESCRIPTION

    # The page is reloaded (the phone killed the tab): everything comes back, with the same key.
    page.reload()
    page.locator("#connection-status [data-connection=restored]").wait_for(state="visible")
    assert page.locator("#id_resident_first_name").input_value() == "Gunnar"
    assert page.locator("#id_description").input_value() == DESCRIPTION
    assert page.locator("label", has_text="Fald eller faldtendens").locator("..").locator("input").is_checked()
    assert page.get_by_label("Ja, beboeren har sagt ja til at blive kontaktet").is_checked()
    page.locator(f"#dwelling-{dwelling.pk}").wait_for()
    assert page.locator(f"#dwelling-{dwelling.pk}").is_checked()
    assert page.locator("input[name=idempotency_key]").input_value() == key
    check(page, "observation-draft-restored", sizes=("phone",))

    # Into the basement: the connection goes, the page says so, and Send waits.
    page.context.set_offline(True)
    offline = page.locator("#connection-status [data-connection=offline]")
    offline.wait_for(state="visible")
    assert "Ingen forbindelse" in offline.inner_text()
    page.get_by_role("button", name="Send", exact=True).click()
    page.locator("#connection-status [data-connection=waiting]").wait_for(state="visible")
    assert "/observation/ny/" in page.url and Observation.objects.count() == before
    check(page, "observation-waiting-for-the-connection", sizes=("current",))

    # Back up the stairs: it is sent by itself, once, and the draft is forgotten.
    page.context.set_offline(False)
    page.wait_for_url("**/kvittering/")
    assert page.locator("h1").inner_text() == "Tak – bekymringen er sendt"
    filed = Observation.objects.filter(description=DESCRIPTION)
    assert filed.count() == 1 and Observation.objects.count() == before + 1
    assert str(filed.get().idempotency_key) == key and filed.get().resident_first_name == "Gunnar"
    assert _draft(page, owner) is None



def _caretaker_logged_in(page, login):
    """The small world's caretaker, logged in on a phone with a second factor."""
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

    from lokalsundhed.accounts.tests.factories import PASSWORD
    from lokalsundhed.core.tests.support import bridge_world

    world = bridge_world()
    caretaker = world.users["caretaker"]
    secret = generate_totp_secret()
    TOTP.activate(caretaker, secret)
    page.set_viewport_size(PHONE)
    login(page, caretaker.email, PASSWORD, secret)
    return world


def test_an_empty_form_sent_by_mistake_keeps_no_draft_and_claims_nothing_was_brought_back(page, check, login):
    _caretaker_logged_in(page, login)
    page.goto("/observation/ny/")
    owner = page.locator("form.observation-form").get_attribute("data-draft-owner")
    page.get_by_role("button", name="Send", exact=True).click()
    page.wait_for_load_state()

    summary = page.locator(".error-summary")
    summary.wait_for()
    assert page.locator("#connection-status [data-connection=restored]").is_hidden()
    assert _draft(page, owner) is None
    # Each error is said once, linked to its field, without the field's question glued in front.
    items = summary.locator("li").all_inner_texts()
    assert "Sæt kryds ved mindst ét tegn." in items
    assert not any("?:" in item for item in items), items
    check(page, "observation-sent-empty", sizes=("phone",))


def test_a_form_shown_again_with_errors_is_not_said_to_be_brought_back(page, login):
    _caretaker_logged_in(page, login)
    page.goto("/observation/ny/")
    owner = page.locator("form.observation-form").get_attribute("data-draft-owner")
    page.fill("#id_resident_first_name", "Gunnar")
    page.fill("#id_description", DESCRIPTION)
    page.get_by_role("button", name="Send", exact=True).click()
    page.wait_for_load_state()
    page.locator(".error-summary").wait_for()

    # The server showed her own input again: nothing was restored, and the draft is still kept.
    assert page.locator("#connection-status [data-connection=restored]").is_hidden()
    assert page.locator("#id_resident_first_name").input_value() == "Gunnar"
    assert page.locator("#id_description").input_value() == DESCRIPTION
    assert _draft(page, owner)["texts"]["description"] == DESCRIPTION

    # Cleared again by hand, the draft goes too: there is nothing left to bring back.
    page.fill("#id_resident_first_name", "")
    page.fill("#id_description", "")
    assert _draft(page, owner) is None
    page.goto("/observation/ny/")
    assert page.locator("#connection-status [data-connection=restored]").is_hidden()
