"""A caretaker on a 390 px phone: the two-factor code brings up the number keyboard; after
choosing an address the other address cards close; ticking a sign of danger shows at once,
right beside it, what to do now with the phone numbers; the route is said in plain words; and
a referral the municipality returned or closed says so, with why and what to do."""

from __future__ import annotations

import pytest

from lokalsundhed.organisations.models import Dwelling
from lokalsundhed.referrals import services
from lokalsundhed.referrals.tests.factories import observe

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

PHONE = {"width": 390, "height": 844}


def _caretaker_with_totp(world):
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

    caretaker = world.users["caretaker"]
    secret = generate_totp_secret()
    TOTP.activate(caretaker, secret)
    return caretaker, secret


def test_a_caretaker_sees_what_to_do_now_beside_a_sign_of_danger(page, check, totp):
    from lokalsundhed.accounts.tests.factories import PASSWORD
    from lokalsundhed.core.tests.support import bridge_world

    world = bridge_world()
    caretaker, secret = _caretaker_with_totp(world)
    first = world.estate_a.dwellings.order_by("pk").first()
    for door in ("tv", "mf"):  # neighbours on the same street: several cards to choose from
        Dwelling.objects.create(estate=world.estate_a, street=first.street, number=first.number, floor="2", door=door)
    page.set_viewport_size(PHONE)

    page.goto("/accounts/login/")
    page.fill("#id_login", caretaker.email)
    page.fill("#id_password", PASSWORD)
    page.locator("main form button[type=submit]").first.click()
    page.wait_for_selector("#id_code")
    assert page.locator("#id_code").get_attribute("inputmode") == "numeric"
    assert page.locator("#id_code").get_attribute("autocomplete") == "one-time-code"
    page.fill("#id_code", totp(secret))
    page.locator("main form button[type=submit]").first.click()
    page.wait_for_load_state()

    page.goto("/observation/ny/")
    page.fill("#id_q", first.street)
    cards = page.locator("#dwelling-results .form-group-radio")
    cards.nth(2).wait_for()
    assert cards.count() >= 3
    page.locator(f"label[for=dwelling-{first.pk}]").click()
    assert page.locator("#dwelling-results .form-group-radio:visible").count() == 1
    again = page.locator("#dwelling-results .dwelling-again")
    assert again.inner_text() == "Vælg en anden adresse"
    again.click()
    assert page.locator("#dwelling-results .form-group-radio:visible").count() == cards.count()
    page.locator(f"label[for=dwelling-{first.pk}]").click()

    sign = page.locator("[data-danger=suicide]")
    advice = page.locator(f"#{sign.locator('input').get_attribute('id')}_now")
    assert not advice.is_visible()
    sign.locator("label").click()
    assert advice.is_visible()  # at once, without a round trip
    text = advice.inner_text()
    assert "112" in text and "Livslinien" in text and "70 201 201" in text
    assert advice.locator("a[href='tel:+4570201201']").count() == 1
    # Right below the ticked sign, not below all the signs. Both edges are read in one go, so a
    # scroll of the page between two measurements cannot move one but not the other.
    gap = sign.evaluate(
        "(el, id) => document.getElementById(id).getBoundingClientRect().top - el.getBoundingClientRect().bottom",
        advice.get_attribute("id"),
    )
    assert 0 <= gap < 24
    check(page, "caretaker-danger-now", sizes=("current",))

    # The route in plain words, not the administrator's "rule".
    page.get_by_label("Ja, beboeren har sagt ja til at blive kontaktet").check()
    page.locator("#route-preview .alert-heading").wait_for()
    preview = page.locator("#route-preview").inner_text()
    assert "regel" not in preview.lower(), preview
    sign.locator("label").click()
    assert not advice.is_visible()


def test_a_caretaker_reads_why_a_referral_came_back_and_the_municipalitys_closing_message(page, check, login):
    from lokalsundhed.accounts.tests.factories import PASSWORD
    from lokalsundhed.core.tests.support import bridge_world

    world = bridge_world()
    caretaker, secret = _caretaker_with_totp(world)
    intake = world.users["intake"]
    returned = observe(caretaker, world.estate_a, "falls").referral
    services.return_to_reporter(returned, actor=intake, reason="Beboeren får allerede hjemmepleje hver dag.")
    closed = observe(caretaker, world.estate_a, "loneliness").referral
    services.take_over(services.claim(closed, actor=intake), actor=intake, status_text="Vi har kontakt.")
    services.close(closed, actor=intake, outcome="help_established", status_text="En besøgsven kommer hver uge.")
    page.set_viewport_size(PHONE)
    login(page, caretaker.email, PASSWORD, secret)

    page.goto(f"/observation/{returned.observation_id}/kvittering/")
    assert page.locator("h1").inner_text() == "Kommunen har sendt bekymringen tilbage"
    state = page.locator(".receipt-state").inner_text()
    assert "Beboeren får allerede hjemmepleje hver dag." in state
    assert "Hvad du kan gøre" in state
    assert "er sendt" not in page.locator("main").inner_text()
    check(page, "caretaker-receipt-returned", sizes=("current",))

    page.goto(f"/observation/{closed.observation_id}/kvittering/")
    assert page.locator("h1").inner_text() == "Kommunen har afsluttet sagen"
    assert "En besøgsven kommer hver uge." in page.locator(".receipt-state").inner_text()
    check(page, "caretaker-receipt-closed", sizes=("current",))
