"""The partnership's numbers: computed in SQL from anonymous statistics, small counts suppressed."""

from __future__ import annotations

import csv
import io
from datetime import date

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from lokalsundhed.core import cldr
from lokalsundhed.core.tests.support import bridge_world, log_in
from lokalsundhed.referrals.models import SignCategory, Statistic, Urgency
from lokalsundhed.referrals.selectors import month_starts, numbers_for, shown

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    return bridge_world()


def add_statistics(estate, count, *, month=None, urgency=Urgency.YELLOW, categories=("mental",), referred=True,
                   hours=None, outcome=""):
    """`count` anonymous rows, as filing observations (and their referrals' progress) leaves them."""
    month = month or timezone.localdate().replace(day=1)
    rows = Statistic.objects.bulk_create(
        Statistic(estate=estate, month=month, urgency=urgency, referred=referred,
                  taken_over=hours is not None, hours_to_takeover=None if hours is None else hours(n),
                  outcome=outcome)
        for n in range(count)
    )
    through = Statistic.categories.through
    codes = {c.code: c.pk for c in SignCategory.objects.all()}
    through.objects.bulk_create(through(statistic_id=r.pk, signcategory_id=codes[c]) for r in rows for c in categories)
    return rows


def test_small_counts_are_shown_as_fewer_than_five():
    assert [shown(n) for n in (0, 1, 4, 5, 120)] == ["0", "<5", "<5", "5", "120"]


def test_the_twelve_months_end_with_the_current_one():
    months = month_starts(date(2026, 3, 17))
    assert months[0] == date(2025, 4, 1) and months[-1] == date(2026, 3, 1) and len(months) == 12


def test_it_counts_per_month_category_and_urgency(world):
    this_month = timezone.localdate().replace(day=1)
    add_statistics(world.estate_a, 7, categories=("mental", "social"))
    add_statistics(world.estate_a, 3, urgency=Urgency.RED, referred=False)
    add_statistics(world.estate_a, 9, month=date(2000, 1, 1))  # older than twelve months: left out
    numbers = numbers_for(Statistic.objects.filter(estate=world.estate_a), today=timezone.localdate())
    month = next(line for line in numbers.months if line.month == this_month)
    assert (month.observations, month.referrals) == (10, 7)
    assert (numbers.total.observations_shown, numbers.total.referrals_shown) == ("10", "7")
    by_category = {line.key: line for line in numbers.categories}
    assert by_category["mental"].observations == 10 and by_category["social"].observations == 7
    assert by_category["physical"].observations_shown == "0"
    by_urgency = {line.key: line for line in numbers.urgencies}
    assert by_urgency["red"].observations_shown == "<5" and by_urgency["yellow"].referrals_shown == "7"


def test_time_to_take_over_is_the_nearest_rank_median_and_90th_percentile(world):
    add_statistics(world.estate_a, 10, hours=lambda n: float(10 - n))  # 10, 9, … 1 hours
    numbers = numbers_for(Statistic.objects.all(), today=timezone.localdate())
    assert numbers.taken_over == 10
    assert numbers.median_hours == 5.0  # rank ceil(0.5 × 10) = 5
    assert numbers.p90_hours == 9.0  # rank ceil(0.9 × 10) = 9


def test_time_to_take_over_is_not_shown_for_fewer_than_five(world):
    add_statistics(world.estate_a, 4, hours=lambda n: 1.0)
    numbers = numbers_for(Statistic.objects.all(), today=timezone.localdate())
    assert numbers.taken_over_shown == "<5" and numbers.median_hours is None and numbers.p90_hours is None


def test_the_share_closed_with_help_established(world):
    add_statistics(world.estate_a, 6, hours=lambda n: 2.0, outcome="help_established")
    add_statistics(world.estate_a, 6, hours=lambda n: 2.0, outcome="no_need")
    add_statistics(world.estate_a, 3)  # still open
    numbers = numbers_for(Statistic.objects.all(), today=timezone.localdate())
    assert (numbers.closed, numbers.help_established, numbers.help_share) == (12, 6, 50.0)


def test_a_share_resting_on_fewer_than_five_is_not_shown(world):
    add_statistics(world.estate_a, 2, hours=lambda n: 2.0, outcome="help_established")
    add_statistics(world.estate_a, 8, hours=lambda n: 2.0, outcome="no_need")
    assert numbers_for(Statistic.objects.all(), today=timezone.localdate()).help_share is None


def test_the_partnership_page_counts_only_its_estates(client, world):
    add_statistics(world.estate_a, 6)
    add_statistics(world.estate_b, 50)  # Fredericia, but outside the partnership
    log_in(client, world.users["housing_analyst"])
    response = client.get(reverse("referrals:numbers_partnership", args=[world.partnership.pk]))
    assert response.status_code == 200
    numbers = response.context["numbers"]
    assert numbers.total.observations == 6


def test_the_page_shows_fewer_than_five_and_never_the_small_count(client, world):
    add_statistics(world.estate_a, 3, urgency=Urgency.RED)
    log_in(client, world.users["municipal_analyst"])
    html = client.get(reverse("referrals:numbers_estate", args=[world.estate_a.pk])).content.decode()
    assert "&lt;5" in html
    assert ">3<" not in html


def test_the_page_states_its_period_in_words(client, world):
    log_in(client, world.users["municipal_analyst"])
    response = client.get(reverse("referrals:numbers_estate", args=[world.estate_a.pk]))
    numbers = response.context["numbers"]
    with translation.override("da"):
        period = f"{cldr.full_date(numbers.first_month)} – {cldr.full_date(timezone.localdate())}"
    assert f"<strong>Periode:</strong> {period}" in response.content.decode()


def test_the_csv_holds_the_same_suppressed_table(client, world):
    add_statistics(world.estate_a, 3, urgency=Urgency.RED)
    add_statistics(world.estate_a, 8, hours=lambda n: float(n + 1), outcome="help_established")
    log_in(client, world.users["municipal_admin"])
    response = client.get(reverse("referrals:numbers_estate_csv", args=[world.estate_a.pk]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0] == ["section", "label", "observations", "referrals", "value"]
    assert len([r for r in rows if r[0] == "month"]) == 12
    urgencies = [r for r in rows if r[0] == "urgency"]
    assert [r[2:4] for r in urgencies] == [["0", "0"], ["8", "8"], ["<5", "<5"]]  # green, yellow, red
    summary = {(r[0], r[1]): r[2:] for r in rows if r[0] in ("taken_over", "closed")}
    assert summary[("taken_over", "median_hours")][2] == "4.0"  # rank 4 of 1 … 8 hours
    assert summary[("closed", "help_established_per_cent")][2] == "100"


def test_the_csv_rounds_a_share_half_up_as_the_page_does(client, world):
    add_statistics(world.estate_a, 5, outcome="help_established")
    add_statistics(world.estate_a, 3, outcome="no_need")
    log_in(client, world.users["municipal_admin"])
    response = client.get(reverse("referrals:numbers_estate_csv", args=[world.estate_a.pk]))
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    share = next(r for r in rows if r[:2] == ["closed", "help_established_per_cent"])
    assert share[4] == "63"  # 5 of 8 is 62.5 %, as the page shows it; not "62", the even neighbour


@pytest.mark.parametrize("rows", [5, 300])
def test_the_numbers_page_costs_a_fixed_number_of_queries(client, world, rows, django_assert_max_num_queries):
    add_statistics(world.estate_a, rows, hours=lambda n: float(n), outcome="help_established",
                   categories=("mental", "home"))
    log_in(client, world.users["housing_analyst"])
    url = reverse("referrals:numbers_partnership", args=[world.partnership.pk])
    client.get(url)  # the first request also refreshes the session's idle clock
    # 1. the session  2. the user  3. the user's memberships with organisations  4. the partnership
    # 5. per month  6. per urgency  7. the sign categories  8. per sign category  9. totals
    # 10. median  11. 90th percentile
    with django_assert_max_num_queries(11):
        response = client.get(url)
    assert response.status_code == 200


def test_an_analyst_sees_the_partnerships_and_estates_of_their_organisation(client, world):
    log_in(client, world.users["housing_analyst"])
    html = client.get(reverse("referrals:numbers")).content.decode()
    assert world.partnership.name in html and world.estate_a.name in html
    assert world.estate_b.name not in html and world.estate_c.name not in html
