"""The menu marks the page a person is on: one item, the one whose address fits the path best."""

from __future__ import annotations

import pytest
from django.urls import reverse

from lokalsundhed.core.navigation import items_for
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
