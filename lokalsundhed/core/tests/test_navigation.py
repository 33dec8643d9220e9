"""The menu marks the page a person is on: one item, the one whose address fits the path best."""

from __future__ import annotations

import pytest
from django.urls import reverse

from lokalsundhed.core.navigation import items_for
from lokalsundhed.core.tests.support import log_in
from lokalsundhed.core.tests.world import build_world

pytestmark = pytest.mark.django_db


def _active(user, path: str) -> list[str]:
    return [item["url"] for item in items_for(user, path) if item["active"]]


def test_it_marks_only_the_most_specific_item_when_one_address_lies_under_another():
    admin = build_world().users["municipal_admin"]
    rooms, utilisation = reverse("rooms:room_list"), reverse("rooms:utilisation")
    assert utilisation.startswith(rooms)  # the case this guards: /lokaler/udnyttelse/ under /lokaler/
    assert _active(admin, utilisation) == [utilisation]
    assert _active(admin, rooms) == [rooms]
    assert _active(admin, reverse("rooms:room_new")) == [rooms]
    assert _active(admin, "/") == ["/"]


def _menu(client, path: str) -> list[str]:
    """The main menu's links as the page shows them: (label, address, marked)."""
    import re

    html = client.get(path).content.decode()
    menu = html.split('<nav class="nav"', 1)[1].split("</nav>", 1)[0]
    return re.findall(r'<li( class="active current")?><a href="([^"]+)"[^>]*><span>([^<]+)</span>', menu)


def test_a_menu_rendered_once_is_shown_only_to_whom_it_fits_in_their_language_with_their_page_marked(client):
    """The layout keeps each menu it rendered (per items, marked item and language): a second
    person, another page or another language must each get their own, never the first one's."""
    world = build_world()
    caretaker, analyst = world.users["caretaker"], world.users["municipal_analyst"]
    home, report = reverse("core:home"), reverse("referrals:observation_new")

    log_in(client, caretaker)
    first = _menu(client, home)
    assert first == _menu(client, home)  # the second time from the kept fragment, the same
    assert (" class=\"active current\"", home, "Overblik") in first
    assert any(url == report for _marked, url, _label in first)
    on_report = _menu(client, report)
    assert [url for marked, url, _label in on_report if marked] == [report]

    client.post(reverse("set_language"), {"language": "en", "next": home})
    assert ("", report, "Report a concern") in _menu(client, home)

    log_in(client, analyst)
    client.post(reverse("set_language"), {"language": "da", "next": home})
    theirs = _menu(client, home)
    assert not any(url == report for _marked, url, _label in theirs)  # an analyst does not report
    assert any(url == reverse("referrals:numbers") for _marked, url, _label in theirs)


def test_an_analyst_reaches_the_figures_municipalities_steer_by_from_the_menu(client):
    """Health profiles (with goals and dashboards) and the offers' effect are in the main menu of
    whoever may read aggregates, marked when open; a caretaker's menu has neither."""
    world = build_world()
    profiles, effect = reverse("profiles:index"), reverse("outcomes:report")
    log_in(client, world.users["municipal_analyst"])
    menu = _menu(client, profiles)
    assert (' class="active current"', profiles, "Sundhedsprofiler") in menu
    assert ("", effect, "Effekt") in menu
    log_in(client, world.users["caretaker"])
    assert not {profiles, effect} & {url for _marked, url, _label in _menu(client, reverse("core:home"))}
