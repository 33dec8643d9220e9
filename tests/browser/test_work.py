"""Following up residents' interest in work as a housing social worker does it, on a phone: the
list shows one state at a time with each state's number, the oldest first in pages; a tap on a
state shows its residents. Every page passes axe-core (see conftest.check_page)."""

from __future__ import annotations

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

PHONE = {"width": 390, "height": 844}


def test_the_follow_up_goes_state_by_state_and_page_by_page(page, check, login):
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

    from lokalsundhed.accounts.tests.factories import PASSWORD
    from lokalsundhed.core.tests.world import build_world
    from lokalsundhed.work.models import Interest
    from lokalsundhed.work.tests.factories import company, interest, opportunity

    world = build_world()
    worker = world.users["social_worker"]
    chance = opportunity(world.estate_a, worker, company=company(world.housing_a, worker))
    for n in range(27):
        interest(chance, first_name=f"Beboer {n:02}")
    called = interest(chance, first_name="Xerxes")
    Interest.objects.filter(pk=called.pk).update(state=Interest.State.CONTACTED)
    secret = generate_totp_secret()
    TOTP.activate(worker, secret)
    page.set_viewport_size(PHONE)

    login(page, worker.email, PASSWORD, secret)
    page.goto("/job/")
    tabs = page.locator("nav.state-tabs a")
    assert tabs.all_inner_texts() == ["Interesseret (27)", "Kontaktet (1)", "Påbegyndt (0)"]
    assert page.locator("nav.state-tabs a[aria-current=page]").inner_text() == "Interesseret (27)"
    main = page.locator("main")
    assert "Beboer 00" in main.inner_text() and "Beboer 25" not in main.inner_text()
    check(page, "work-follow-up", sizes=("current",))

    page.locator("nav.pagination a[rel=next]").click()
    page.wait_for_load_state()
    assert "Beboer 25" in main.inner_text() and "Beboer 00" not in main.inner_text()

    page.locator("nav.state-tabs a", has_text="Kontaktet").click()
    page.wait_for_load_state()
    assert page.locator("nav.state-tabs a[aria-current=page]").inner_text() == "Kontaktet (1)"
    assert "Xerxes" in main.inner_text() and "Beboer" not in main.inner_text()
    check(page, "work-follow-up-contacted", sizes=("current",))
    page.locator("main a", has_text="Xerxes").click()
    page.wait_for_load_state()
    assert "Xerxes" in page.locator("h1").inner_text() or "Xerxes" in main.inner_text()
