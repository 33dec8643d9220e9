"""An intake worker on a 390 px phone: a referral she claimed but has not taken over by its
deadline is flagged overdue, and a received referral nobody has claimed is still counted as new
and found by the "new" filter."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from lokalsundhed.referrals import services
from lokalsundhed.referrals.models import Referral
from lokalsundhed.referrals.tests.factories import observe

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

PHONE = {"width": 390, "height": 844}


def test_an_intake_worker_sees_claimed_late_referrals_overdue_and_received_ones_as_new(page, check, login):
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

    from lokalsundhed.accounts.tests.factories import PASSWORD
    from lokalsundhed.core.tests.support import bridge_world

    world = bridge_world()
    caretaker, intake = world.users["caretaker"], world.users["intake"]
    secret = generate_totp_secret()
    TOTP.activate(intake, secret)
    claimed = services.claim(observe(caretaker, world.estate_a, "falls").referral, actor=intake)
    Referral.objects.filter(pk=claimed.pk).update(deadline_at=timezone.now() - timedelta(hours=3))
    received = services.receive(observe(caretaker, world.estate_a, "loneliness").referral, actor=intake)
    page.set_viewport_size(PHONE)
    login(page, intake.email, PASSWORD, secret)

    page.goto("/")
    figures = page.locator(".overview-figure")
    new = figures.filter(has_text="ikke taget")
    assert new.locator(".overview-number").inner_text() == "1"
    new.click()
    page.wait_for_load_state()
    cards = page.locator("li.referral-card")
    assert cards.count() == 1 and f"#{received.pk}" in cards.first.inner_text()

    page.goto("/henvisninger/?state=overdue")
    card = page.locator("li.referral-card", has_text=f"#{claimed.pk}")
    assert card.locator(".badge-overdue").count() == 1
    assert card.locator(".state-badge").inner_text().endswith("Taget – ses på")
    check(page, "intake-queue-overdue", sizes=("current",))
