"""The platform's own JSON-stat datasets (`LS-ERRANDS`, `LS-REFERRALS`) against the raw rows and
against the errand report: the same month is the same figure, and a count the report hides
cannot be worked out from the dataset."""

from __future__ import annotations

from datetime import date, datetime
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


def test_a_month_is_the_whole_month_whatever_day_since_names(world):
    rubbish, *_ = _types(world)
    # Copenhagen's month: the first minutes of 1 March are still February in UTC, the last of
    # 31 March (summer time since the 30th) already April's in neither.
    _done(world, rubbish, 6, 10, datetime(2025, 3, 1, 0, 30, tzinfo=COPENHAGEN))
    _done(world, rubbish, 5, 10, datetime(2025, 3, 20, 12, tzinfo=COPENHAGEN))
    _done(world, rubbish, 5, 10, datetime(2025, 3, 31, 23, 30, tzinfo=COPENHAGEN))
    _done(world, rubbish, 5, 10, datetime(2025, 4, 1, 0, 30, tzinfo=COPENHAGEN))

    whole = _cells(world, "LS-ERRANDS", "2025-03-01")
    later = _cells(world, "LS-ERRANDS", "2025-03-15")

    assert whole[("errands", "2025M03")] == 16 and whole[("errands", "2025M04")] == 5
    # A `since` inside March still gives March whole: two overlapping requests never differ by
    # the errands of a few days (their difference would be a count the report never shows).
    assert later == whole


def test_the_referrals_dataset_counts_the_month_since_falls_in(world):
    from lokalsundhed.referrals.models import Statistic, Urgency

    Statistic.objects.bulk_create(
        Statistic(estate=world.estate_a, month=date(2025, 3, 1), urgency=Urgency.YELLOW, referred=True)
        for _ in range(6))

    assert _cells(world, "LS-REFERRALS", "2025-03-15") == _cells(world, "LS-REFERRALS", "2025-03-01") == {
        ("observations", "2025M03"): 6, ("referrals", "2025M03"): 6}
