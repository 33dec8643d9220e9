"""The platform's own JSON-stat datasets (`LS-ERRANDS`, `LS-REFERRALS`) against the raw rows and
against the errand report: the same month is the same figure, and a count the report hides
cannot be worked out from the dataset."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.test import Client

from lokalsundhed.core.tests.world import build_world
from lokalsundhed.errands.models import Errand, ErrandType
from lokalsundhed.profiles import api as statistics_api

pytestmark = pytest.mark.django_db

COPENHAGEN = ZoneInfo("Europe/Copenhagen")


@pytest.fixture
def world():
    return build_world()


def _done(world, errand_type: ErrandType, count: int, minutes: int, at: datetime) -> None:
    Errand.objects.bulk_create([
        Errand(estate=world.estate_a, errand_type=errand_type, resident_first_name="X", state=Errand.State.DONE,
               taken_by=world.users["caretaker"], taken_at=at, done_at=at, minutes=minutes)
        for _ in range(count)
    ])


def _types(world) -> list[ErrandType]:
    return list(ErrandType.objects.filter(housing_organisation=world.housing_a, allowed=True).order_by("pk"))


def _cells(world, table: str, since: str) -> dict[tuple[str, str], float | None]:
    client = Client()
    client.force_login(world.users["housing_analyst"])
    body = client.get(f"/api/v1/{statistics_api.PREFIX}/{table}", {"since": since}).json()
    contents = body["dimension"]["ContentsCode"]["category"]["index"]
    months = body["dimension"]["Tid"]["category"]["index"]
    assert body["dimension"]["ESTATE"]["category"]["index"] == [str(world.estate_a.pk)]
    return {(c, m): body["value"][i * len(months) + j]
            for i, c in enumerate(contents) for j, m in enumerate(months)}


def test_the_errands_dataset_hides_a_month_the_report_withholds(world):
    rubbish, batteries, *_ = _types(world)
    march = datetime(2025, 3, 12, 10, tzinfo=COPENHAGEN)
    _done(world, rubbish, 7, 20, march)
    _done(world, batteries, 1, 35, march)  # one resident's errand: "<5" on the report, no minutes

    cells = _cells(world, "LS-ERRANDS", "2025-03-01")

    # The report shows rubbish 7 errands, 140 minutes and withholds the month's totals (8 less 7
    # would tell the 1, 175 minutes less 140 its 35): the dataset's month is that total.
    assert cells[("errands", "2025M03")] is None
    assert cells[("hours", "2025M03")] is None


def test_the_errands_dataset_shows_a_month_whose_report_shows_its_totals(world):
    rubbish, batteries, *_ = _types(world)
    march = datetime(2025, 3, 12, 10, tzinfo=COPENHAGEN)
    _done(world, rubbish, 7, 20, march)
    _done(world, batteries, 5, 15, march)

    cells = _cells(world, "LS-ERRANDS", "2025-03-01")

    assert cells[("errands", "2025M03")] == 12
    assert cells[("hours", "2025M03")] == 3.6  # 215 minutes, half-up to one decimal
