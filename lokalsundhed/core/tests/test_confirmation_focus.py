"""After a save, the confirmation at the top of the page takes the focus (static/app/focus.js), so a
person on a phone or with a screen reader lands on it."""

from __future__ import annotations

import pytest
from django.contrib.staticfiles import finders
from django.urls import reverse

from lokalsundhed.core.tests.support import bridge_world, log_in

pytestmark = pytest.mark.django_db


def test_the_first_confirmation_after_a_save_is_marked_to_take_the_focus(client):
    world = bridge_world()
    log_in(client, world.users["municipal_admin"])
    data = {"green-days": 5, "green-hours": 0, "yellow-days": 1, "yellow-hours": 0, "red-days": 0, "red-hours": 2}
    response = client.post(reverse("referrals:deadlines", args=[world.municipality_m.pk]), data, follow=True)
    html = response.content.decode()
    assert html.count("data-focus-on-load") == 1
    alert = html[html.index('<div class="alert alert-success"'):]
    assert alert.index('tabindex="-1" data-focus-on-load') < alert.index(">")
    assert "app/focus.js" in html


def test_a_page_without_a_message_marks_nothing_to_focus(client):
    world = bridge_world()
    log_in(client, world.users["municipal_admin"])
    html = client.get(reverse("referrals:deadlines", args=[world.municipality_m.pk])).content.decode()
    assert "data-focus-on-load" not in html
    assert "[data-focus-on-load]" in open(finders.find("app/focus.js"), encoding="utf-8").read()
