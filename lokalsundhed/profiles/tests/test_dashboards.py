"""Dashboards across a partnership's estates and a municipality's partnerships: aggregate only,
small counts suppressed, the same SVG charts on the page and in the PDF, a fixed query budget."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from lokalsundhed.core.pdf import pdf_unavailable_reason
from lokalsundhed.profiles.charts import Chart
from lokalsundhed.referrals.tests.factories import ReceivingUnitFactory, observe

pytestmark = pytest.mark.django_db


@pytest.fixture
def referrals(world):
    ReceivingUnitFactory(municipality=world.municipality_m, name="Én Indgang", is_default=True)
    for _ in range(6):
        observe(world.users["caretaker"], world.estate_a, "falls")
    for _ in range(2):
        observe(world.users["other_housing_caretaker"], world.estate_b, "falls")
    return world


def test_the_partnership_dashboard_counts_referrals_by_state_and_suppresses_small_counts(
        referrals, login, django_assert_max_num_queries, settings):
    settings.PROFILE_FIGURES_SECONDS = 0  # counted for this view (the kept dashboard: the test below)
    second = referrals.estate_b
    referrals.partnership.estates.add(second)
    client = login(referrals.users["housing_analyst"])

    # 3 session, user, memberships · 1 partnership · 1 estates · 2 referrals (by state, open by age) ·
    # 1 reach · 4 outcomes (baseline loneliness, health, WHO-5; WHO-5 pairs) · 1 goals (· 1 snapshots,
    # once it has goals) · 4 the session's update in its savepoints: whatever the number of estates or referrals.
    with django_assert_max_num_queries(19):
        response = client.get(reverse("profiles:dashboard_partnership", kwargs={"pk": referrals.partnership.pk}))

    assert response.status_code == 200
    states = next(c for c in response.context["board"].charts if c.key == "states")
    assert dict(states.table)[referrals.estate_a.name][0] == "6"  # sent
    assert dict(states.table)[second.name][0] == "<5"
    assert states.series[0][1] == [6.0, None]  # the chart leaves the suppressed count out
    body = response.content.decode()
    assert "<svg" in body and 'role="img"' in body


def test_charts_carry_no_style_or_script_for_the_strict_csp():
    chart = Chart(key="t", title="Henvisninger", summary="6 i alt", labels=["A <b>", "B"],
                  series=[("Sendt", [6.0, None]), ("Lukket", [5.0, 7.0])], shown=[["6", "<5"], ["5", "7"]])

    svg = str(chart.svg)

    assert not re.search(r"<style|<script|\sstyle=|\son\w+=", svg)
    assert "A &lt;b&gt;" in svg  # labels are escaped
    assert "url(#" in svg  # the second series is hatched, not only coloured
    assert "<title" in svg and "<desc" in svg


def test_the_same_data_is_drawn_once_and_gives_the_same_svg():
    from lokalsundhed.profiles import charts

    def chart(values):
        return Chart(key="same", title="Henvisninger", summary="i alt", labels=["A", "B"], series=[("Sendt", values)])

    first = str(chart([6.0, 8.0]).svg)
    drawn = charts._drawn.cache_info().misses

    assert str(chart([6.0, 8.0]).svg) == first
    assert charts._drawn.cache_info().misses == drawn  # not drawn again
    other = str(chart([6.0, 9.0]).svg)
    assert other != first and charts._drawn.cache_info().misses == drawn + 1
    # Ids come from the content: two different charts on one page never share one.
    assert re.search(r'id="(same-\w+)"', first).group(1) != re.search(r'id="(same-\w+)"', other).group(1)


def test_a_chart_stays_plain_svg_after_another_library_takes_the_default_namespace():
    import xml.etree.ElementTree as ET  # noqa: S405

    ET.register_namespace("", "")  # what WeasyPrint does when it is imported
    chart = Chart(key="t", title="Henvisninger", summary="6 i alt", labels=["A"], series=[("Sendt", [6.0])])

    svg = str(chart.svg)

    assert svg.startswith('<svg xmlns="http://www.w3.org/2000/svg"') and "<title" in svg and "ns0:" not in svg


def test_the_pdf_holds_the_same_charts(referrals, login):
    if pdf_unavailable_reason():
        pytest.skip(pdf_unavailable_reason())
    client = login(referrals.users["municipal_analyst"])

    response = client.get(reverse("profiles:dashboard_partnership_pdf", kwargs={"pk": referrals.partnership.pk}))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    from io import BytesIO

    from pypdf import PdfReader

    text = "".join(page.extract_text() for page in PdfReader(BytesIO(response.content)).pages)
    assert referrals.estate_a.name in text


def test_the_municipality_dashboard_sets_partnerships_side_by_side_for_a_period(referrals, login):
    client = login(referrals.users["municipal_analyst"])

    response = client.get(reverse("profiles:dashboard_municipality", kwargs={"pk": referrals.municipality_m.pk}),
                          {"start": "2000-01-01", "end": "2000-12-31"})

    assert response.status_code == 200
    board = response.context["board"]
    assert board.units == [(referrals.partnership.pk, referrals.partnership.name)]
    states = next(c for c in board.charts if c.key == "states")
    assert dict(states.table)[referrals.partnership.name][0] == "0"  # nothing sent in 2000
    assert "<strong>Periode:</strong> 1. januar 2000 – 31. december 2000" in response.content.decode()


def test_a_dashboard_is_kept_per_area_period_and_language_and_says_how_old_it_may_be(
        referrals, login, django_assert_max_num_queries, settings):
    settings.PROFILE_FIGURES_SECONDS = 600
    client = login(referrals.users["housing_analyst"])
    url = reverse("profiles:dashboard_partnership", kwargs={"pk": referrals.partnership.pk})
    first = client.get(url)
    assert "Tallene er talt for højst 10 minutter siden" in first.content.decode()
    # 3 session, user, memberships · 1 partnership · 1 the kept dashboard · 1 goals · the session's savepoints
    with django_assert_max_num_queries(10):
        again = client.get(url)
    states = [c for c in again.context["board"].charts if c.key == "states"]
    assert states[0].table == next(c for c in first.context["board"].charts if c.key == "states").table
    client.cookies["django_language"] = "en"
    english = client.get(url).content.decode()
    assert "The figures are counted at most 10 minutes ago" in english and "Tallene" not in english
    client.cookies["django_language"] = "da"
    settings.PROFILE_FIGURES_SECONDS = 0
    assert "talt for højst" not in client.get(url).content.decode()


def test_a_reversed_period_is_an_error_at_the_end_date(referrals, login):
    client = login(referrals.users["municipal_analyst"])

    response = client.get(reverse("profiles:dashboard_municipality", kwargs={"pk": referrals.municipality_m.pk}),
                          {"start": "2026-12-31", "end": "2026-01-01"})

    assert "Slutdatoen ligger før startdatoen" in response.context["form"].errors["end"][0]


def test_reach_counts_the_partnerships_own_offers_as_the_catalogue_and_the_reach_page_do(world):
    from django.db.models import Q

    from lokalsundhed.offers.models import Offer, SignUp
    from lokalsundhed.offers.tests.factories import make_offer, sign_up_many
    from lokalsundhed.organisations.models import Estate
    from lokalsundhed.profiles import dashboards, indicators

    estate_offer = make_offer(world.users["social_worker"], estate=world.estate_a, kind=Offer.Kind.ACTIVITY)
    partnership_offer = make_offer(world.users["professional"], partnership=world.partnership,
                                   kind=Offer.Kind.INFO_MEETING, title="Informationsmøde")
    sign_up_many(estate_offer, 6, first_time=True)
    sign_up_many(partnership_offer, 7, start=7)
    period = dashboards.Period.last_months(12)
    # An offer of the partnership is for all its estates (docs/offers-and-errands.md).
    expected = SignUp.objects.filter(Q(offer__estate=world.estate_a) | Q(offer__partnership=world.partnership)).count()
    estates = Estate.objects.filter(partnerships=world.partnership)
    assert expected == 13 == indicators.get("sign_ups").measure(estates, period.start, period.end).value

    for board in (dashboards.partnership_dashboard(world.partnership, period),
                  dashboards.municipality_dashboard(world.municipality_m, period)):
        reach = next(c for c in board.charts if c.key == "reach")
        assert reach.summary.startswith("13 ")
        assert sum(float(row[0]) for _label, row in reach.table) == 13
