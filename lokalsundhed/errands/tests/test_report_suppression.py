"""The errand report shows analysts anonymous figures only: a count of 1–4 never appears, on the
page, in the CSV or in the chart, and the totals never let one be worked out."""

from __future__ import annotations

import csv
import io

import pytest
from django.urls import reverse
from django.utils import timezone

from lokalsundhed.accounts.middleware import TWO_FACTOR_OK_KEY
from lokalsundhed.core.tests.world import build_world
from lokalsundhed.errands.models import Errand, ErrandType

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    return build_world()


def _done(world, errand_type: ErrandType, count: int, minutes: int) -> None:
    now = timezone.now()
    Errand.objects.bulk_create([
        Errand(estate=world.estate_a, errand_type=errand_type, resident_first_name="X", state=Errand.State.DONE,
               taken_by=world.users["caretaker"], taken_at=now, done_at=now, minutes=minutes)
        for _ in range(count)
    ])


def _as_analyst(client, world):
    client.force_login(world.users["housing_analyst"])
    session = client.session
    session[TWO_FACTOR_OK_KEY] = True
    session.save()


def _report(client, world, name: str = "errands:report") -> str:
    month = timezone.localdate().strftime("%Y-%m")
    return client.get(reverse(name, args=[world.estate_a.pk]), {"month": month}).content.decode()


def _types(world) -> list[ErrandType]:
    return list(ErrandType.objects.filter(housing_organisation=world.housing_a, allowed=True).order_by("pk"))


def test_the_csv_never_shows_a_count_under_five(client, world):
    rubbish, batteries, *_ = _types(world)
    _done(world, rubbish, 7, 20)  # 140 minutes
    _done(world, batteries, 1, 35)  # one resident's errand
    _as_analyst(client, world)
    rows = list(csv.reader(io.StringIO(_report(client, world, "errands:report_csv"))))
    by_task = {row[2]: row[4:7] for row in rows[1:-1]}
    assert by_task[rubbish.code] == ["7", "140", "2.3"]
    assert by_task[batteries.code] == ["<5", "–", "–"]
    # 8 in total less the 7 shown would tell the 1: the totals are withheld.
    assert rows[-1][3:7] == ["total", "–", "–", "–"]


def test_the_page_and_its_chart_never_show_a_count_under_five(client, world):
    rubbish, batteries, *_ = _types(world)
    _done(world, rubbish, 7, 20)
    _done(world, batteries, 1, 35)
    _as_analyst(client, world)
    html = _report(client, world)
    assert "&lt;5" in html and 'data-minutes="35"' not in html and ">35<" not in html
    assert 'data-total-minutes' not in html  # the totals would give the one errand away
    chart = html.split('class="errand-chart"', 1)[1].split("</figure>", 1)[0]
    assert rubbish.name[:20] in chart and batteries.name[:20] not in chart


def test_the_totals_show_when_the_suppressed_tasks_together_are_five_or_more(client, world):
    rubbish, batteries, letters, *_ = _types(world)
    _done(world, rubbish, 7, 20)
    _done(world, batteries, 3, 10)
    _done(world, letters, 2, 10)
    _as_analyst(client, world)
    rows = list(csv.reader(io.StringIO(_report(client, world, "errands:report_csv"))))
    assert rows[-1][3:6] == ["total", "12", "190"]
    assert [row[4] for row in rows[1:-1]].count("<5") == 2


def test_a_month_with_fewer_than_five_errands_shows_no_count(client, world):
    rubbish, *_ = _types(world)
    _done(world, rubbish, 2, 20)
    _as_analyst(client, world)
    rows = list(csv.reader(io.StringIO(_report(client, world, "errands:report_csv"))))
    assert rows[1][4:7] == ["<5", "–", "–"] and rows[-1][4:7] == ["<5", "–", "–"]
    html = _report(client, world)
    assert 'class="errand-chart"' not in html and 'data-total-minutes' not in html


def test_a_task_named_like_a_formula_is_text_in_the_csv(client, world):
    """Task names are typed by staff; a spreadsheet must not run one (core/spreadsheets.py)."""
    rubbish, *_ = _types(world)
    ErrandType.objects.filter(pk=rubbish.pk).update(name="=2+3 sække")
    _done(world, rubbish, 6, 10)
    _as_analyst(client, world)
    rows = list(csv.reader(io.StringIO(_report(client, world, "errands:report_csv"))))
    names = {row[3] for row in rows[1:-1]}
    assert "'=2+3 sække" in names and "=2+3 sække" not in names


def test_the_statistics_api_rounds_hours_as_the_report_does(world):
    from lokalsundhed.profiles import jsonstat

    _done(world, _types(world)[0], 5, 27)
    cube = jsonstat.errands_cube(world.users["housing_analyst"], timezone.localdate().replace(day=1))
    hours = {key: value for key, value in cube.values.items() if key[1] == "hours"}
    assert list(hours.values()) == [2.3]  # 135 minutes, 2.25 hours: half-up, not Python's even 2.2
