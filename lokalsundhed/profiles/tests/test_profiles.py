"""Area health profiles: population now and projected, the estate's residents, indicators per
1,000 residents — beside the municipality and the country, within a fixed query budget."""

from __future__ import annotations

import re
from datetime import date

import pytest
from django.urls import reverse
from django.utils import timezone

from lokalsundhed.offers import services as offers
from lokalsundhed.offers.tests.factories import make_offer, resident
from lokalsundhed.profiles import selectors
from lokalsundhed.profiles.tests.factories import load_fixtures, residents
from lokalsundhed.referrals.models import SignCategory, Urgency
from lokalsundhed.referrals.tests.factories import StatisticFactory

pytestmark = pytest.mark.django_db


def test_population_is_summed_into_age_bands_now_and_projected():
    load_fixtures()

    found = selectors.population(["0607", "000"])

    fredericia = found["0607"]
    assert fredericia.period == "2025K1"
    assert set(fredericia.now) == {"0-17", "18-64", "65-79", "80+"}
    assert round(fredericia.total) == 52841 or abs(fredericia.total - 52841) < 130  # rounding of single years
    # The fixture projects 80+ up 61 % by 2040; sums of rounded single years stay close to that.
    assert fredericia.growth("80+", "2040") == pytest.approx(61, abs=0.5)
    assert found["000"].projected["2030"]["80+"] > found["000"].now["80+"]


def test_population_is_read_from_the_cache_until_a_table_is_imported_again(tmp_path, django_assert_num_queries):
    """Statistics Denmark's tables change only by an import: readers of a profile don't sum the
    cells again (the grouped sums over every age code were most of a municipality profile's
    database time at national scale), and an import shows at once."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from lokalsundhed.profiles.tests.factories import folk1a, load, write

    load(write(tmp_path, "first.json", folk1a()))
    first = selectors.population(["0607", "000"])
    # The tables' import stamps · one cache read: no cell is summed.
    with CaptureQueriesContext(connection) as again:
        assert selectors.population(["0607", "000"]) == first
    assert len(again) == 2 and not any("statisticscell" in q["sql"] for q in again.captured_queries)
    # An area not read before is summed alone and kept beside the others.
    with CaptureQueriesContext(connection) as one_more:
        selectors.population(["0607", "000", "0630"])
    assert sum("statisticscell" in q["sql"] for q in one_more.captured_queries) == 1  # now (no projection)

    load(write(tmp_path, "newer.json", folk1a([63000, 63100, 60000, 60200, 25000, 25500,
                                               560, 565, 610, 612, 290, 400], updated="2025-05-11T07:00:00Z")))
    assert selectors.population(["0607"])["0607"].now["80+"] == 400  # was 300
    assert first["0607"].now["80+"] == 300


def test_an_estate_is_projected_as_its_municipality_grows():
    load_fixtures()
    municipality = selectors.population(["0607"])["0607"]
    from lokalsundhed.organisations.tests.factories import EstateFactory

    estate = EstateFactory()
    residents(estate, oldest=100)

    found = selectors.estate_population(type(estate).objects.filter(pk=estate.pk), municipality)

    assert found.now["80+"] == 100
    assert found.projected["2040"]["80+"] == round(100 * (1 + municipality.growth("80+", "2040") / 100))


def test_age_codes_map_to_bands():
    assert [selectors.band_of(c) for c in ("0", "17", "18", "64", "65", "79", "80", "100OV", "IALT", "85-89")] == [
        "0-17", "0-17", "18-64", "18-64", "65-79", "65-79", "80+", "80+", None, "80+"]


def _referrals(estate, category_code: str, n: int, month: date) -> None:
    category = SignCategory.objects.get(code=category_code)
    for _ in range(n):
        StatisticFactory(estate=estate, month=month, urgency=Urgency.YELLOW, referred=True).categories.add(category)


def test_the_estate_profile_shows_referrals_per_1000_residents_beside_municipality_and_country(world, login, django_assert_max_num_queries):
    load_fixtures()
    residents(world.estate_a, young=100, adults=200, old=150, oldest=50)  # 500 residents
    residents(world.estate_b, young=100, adults=300, old=80, oldest=20)  # 500 residents
    code = SignCategory.objects.order_by("order").first().code
    month = timezone.localdate().replace(day=1)
    _referrals(world.estate_a, code, 6, month)
    _referrals(world.estate_b, code, 2, month)
    offer = make_offer(world.users["social_worker"], estate=world.estate_a, capacity=20, sessions=1)
    offers.sign_up(offer, resident(1, first_time=True))
    client = login(world.users["housing_analyst"])

    # 3 session, user, memberships · 1 estate · population: 3 (tables, now, projections) · estate residents 1 ·
    # 10 indicators × 3 columns (referrals per 1,000 takes 2) = 33 · the ids of the estate's and the
    # municipality's offers for the 3 sign-up indicators = 6 · residents ×3, categories ×3, sign categories 1 ·
    # outcomes' 4 indicators × 3 columns = 12 (baseline loneliness, health, WHO-5; WHO-5 pairs) ·
    # training's staff trained × 3 columns = 3 ·
    # the session's savepoint and release: 72, whatever the number of estates, offers, referrals or
    # cells (each indicator a capability registers adds one query per column) · the figures' cache:
    # one read for the three columns, and storing them (a count of the cache table, then a
    # savepoint, a look-up and an insert per column): 88 · the population's (the tables' import
    # stamps, one cache read, storing two areas): 100.
    with django_assert_max_num_queries(100):
        response = client.get(reverse("profiles:estate", kwargs={"pk": world.estate_a.pk}))
    # The next reader of this estate's profile gets the figures and the population from the cache:
    # session, user, memberships · estate · population 2 (the tables' stamps, one cache read) ·
    # estate residents · the figures (one cache read) · sign categories · savepoint and release: 11.
    with django_assert_max_num_queries(11):
        again = client.get(reverse("profiles:estate", kwargs={"pk": world.estate_a.pk}))
    assert again.context["profile"].category_rows == response.context["profile"].category_rows

    assert response.status_code == 200
    body = response.content.decode()
    rows = response.context["profile"].category_rows
    first = next(r for r in rows if r["label"] == SignCategory.objects.get(code=code).label)
    # Estate A: 6 / 500 × 1000 = 12.0; Fredericia's estates: 8 / 1000 × 1000 = 8.0; Denmark: the same estates.
    assert first["cells"] == ["12,0", "8,0", "8,0"]
    assert "Fredericia" in body and "2040" in body
    outcomes = response.context["profile"].outcome_rows
    assert [row["cells"] for row in outcomes] == [["–", "–", "–"]] * 4  # nothing measured yet


def test_a_rate_built_on_fewer_than_five_referrals_is_not_shown(world, login):
    residents(world.estate_a)
    code = SignCategory.objects.order_by("order").first().code
    _referrals(world.estate_a, code, 3, timezone.localdate().replace(day=1))
    client = login(world.users["housing_analyst"])

    response = client.get(reverse("profiles:estate", kwargs={"pk": world.estate_a.pk}))

    rows = response.context["profile"].category_rows
    assert next(r for r in rows if r["label"] == SignCategory.objects.get(code=code).label)["cells"][0] == "–"


def test_the_municipality_profile_works_without_imported_statistics(world, login, django_assert_max_num_queries):
    offer = make_offer(world.users["social_worker"], estate=world.estate_a, capacity=20, sessions=1)
    offers.sign_up(offer, resident(1, first_time=True))
    client = login(world.users["municipal_analyst"])

    # 40, outcomes' 4 indicators × 2 columns (baseline loneliness, health, WHO-5; WHO-5 pairs),
    # training's staff trained × 2 columns, the ids of the municipality's offers for the 3 sign-up
    # indicators, the figures' cache (one read, storing two columns) and the population's (one read,
    # storing two areas).
    with django_assert_max_num_queries(71):
        response = client.get(reverse("profiles:municipality", kwargs={"code": "0607"}))

    assert response.status_code == 200
    assert [c.label for c in response.context["profile"].columns][0] == "Fredericia Kommune"


def test_an_outcome_indicator_registered_by_another_capability_appears_in_the_profile(world, login, monkeypatch):
    from lokalsundhed.profiles import indicators

    monkeypatch.setitem(indicators._INDICATORS, "who5_mean", indicators.Indicator(
        "who5_mean", "WHO-5", indicators.Unit.POINTS, lambda estates, start, end: indicators.Measure(61.5, 12),
        indicators.Group.OUTCOMES))
    client = login(world.users["housing_analyst"])

    response = client.get(reverse("profiles:estate", kwargs={"pk": world.estate_a.pk}))

    row = next(r for r in response.context["profile"].outcome_rows if r["label"] == "WHO-5")
    assert row["cells"] == ["61,5", "61,5", "61,5"]


def test_profile_figures_are_kept_per_area_and_say_how_old_they_may_be(world, login, settings):
    settings.PROFILE_FIGURES_SECONDS = 900
    residents(world.estate_a, young=100, adults=200, old=150, oldest=50)
    residents(world.estate_b, young=100, adults=300, old=80, oldest=20)
    code = SignCategory.objects.order_by("order").first().code
    month = timezone.localdate().replace(day=1)
    _referrals(world.estate_a, code, 6, month)
    client = login(world.users["municipal_analyst"])
    label = SignCategory.objects.get(code=code).label

    def cells(estate):
        response = client.get(reverse("profiles:estate", kwargs={"pk": estate.pk}))
        assert "talt for højst 15 minutter siden" in response.content.decode()
        return next(r for r in response.context["profile"].category_rows if r["label"] == label)["cells"]

    assert cells(world.estate_a)[0] == "12,0"
    # Another estate of the same municipality gets its own figures, not the first one's.
    assert cells(world.estate_b)[0] == "0,0"
    # A referral counted after the figures were kept shows once they are counted again.
    _referrals(world.estate_a, code, 6, month)
    assert cells(world.estate_a)[0] == "12,0"
    settings.PROFILE_FIGURES_SECONDS = 0
    response = client.get(reverse("profiles:estate", kwargs={"pk": world.estate_a.pk}))
    assert next(r for r in response.context["profile"].category_rows if r["label"] == label)["cells"][0] == "24,0"
    assert "minutter siden" not in response.content.decode()


def test_the_index_shows_every_estate_of_a_large_municipality_page_by_page_in_flat_queries(
        world, login, django_assert_max_num_queries):
    """A municipality of hundreds of estates: the index says how many, and every one is on a page
    (none cut off), the municipality once among the profiles — in the same queries for 6 or 126."""
    from lokalsundhed.organisations.tests.factories import EstateFactory

    client = login(world.users["municipal_analyst"])
    url = reverse("profiles:index")
    with django_assert_max_num_queries(12):
        client.get(url)
    for n in range(120):
        EstateFactory(housing_organisation=world.housing_a, name=f"Blok {n:03}")
    names = set()
    page, pages = 1, None
    while True:
        with django_assert_max_num_queries(12):
            html = client.get(url, {"page": page}).content.decode()
        names |= set(re.findall(r">(Blok \d{3})</a>", html))
        pages = pages or int(re.search(r"Side 1 af (\d+)", html).group(1))
        if page == pages:
            break
        page += 1
    assert pages == 3
    assert names == {f"Blok {n:03}" for n in range(120)}
    assert re.search(r"\b12\d afdelinger\b", html)  # the count of all estates, not of one page
    assert html.count(reverse("profiles:municipality", args=[world.municipality_m.municipality.code])) == 1


def test_the_worker_keeps_the_countrys_column_so_no_reader_waits_for_it(world, login, settings,
                                                                        django_assert_max_num_queries):
    """Every estate's and municipality's profile shows the country beside it, counted over the whole
    country's year: the worker counts it every ten minutes, and readers only read it."""
    from django.core.cache import cache

    from lokalsundhed.profiles.tasks import keep_country_figures

    settings.PROFILE_FIGURES_SECONDS = 900
    residents(world.estate_a, young=100, adults=200, old=150, oldest=50)
    code = SignCategory.objects.order_by("order").first().code
    label = SignCategory.objects.get(code=code).label
    _referrals(world.estate_a, code, 6, timezone.localdate().replace(day=1))
    cache.clear()
    assert keep_country_figures.call_local() is True
    # A referral counted after the worker's round shows at its next round, not before.
    _referrals(world.estate_a, code, 6, timezone.localdate().replace(day=1))
    client = login(world.users["municipal_analyst"])
    url = reverse("profiles:estate", kwargs={"pk": world.estate_a.pk})
    response = client.get(url)
    assert next(r for r in response.context["profile"].category_rows if r["label"] == label)["cells"] == [
        "24,0", "24,0", "12,0"]  # the estate and the municipality counted now, the country as kept
    keep_country_figures.call_local()
    response = client.get(reverse("profiles:estate", kwargs={"pk": world.estate_b.pk}))
    assert next(r for r in response.context["profile"].category_rows if r["label"] == label)["cells"][2] == "24,0"
    # With figures counted on every view there is nothing to keep.
    settings.PROFILE_FIGURES_SECONDS = 0
    assert keep_country_figures.call_local() is False
