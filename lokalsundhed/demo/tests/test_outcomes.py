"""The demo's two finished courses are measured in all three rounds and show an effect."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command

from lokalsundhed.offers.models import Offer
from lokalsundhed.outcomes import analysis
from lokalsundhed.outcomes.models import MeasurementPlan, Response

pytestmark = pytest.mark.django_db


def test_two_finished_courses_are_measured_in_every_round_with_an_effect(demo):
    plans = MeasurementPlan.objects.select_related("offer")
    assert plans.count() == 2
    for plan in plans:
        rounds = set(Response.objects.filter(participant__offer=plan.offer).values_list("round", flat=True))
        assert rounds == {"baseline", "end", "followup"}
        report = analysis.report(Offer.objects.filter(pk=plan.offer_id))
        who5 = report.changes["end"]["who5"]
        assert who5.n is not None and who5.n >= 5
        assert who5.mean_change > 0  # well-being rose
    both = analysis.report(Offer.objects.filter(measurement_plan__isnull=False))
    assert both.changes["end"]["who5"].ci95[0] > 0
    assert both.changes["followup"]["who5"].n is not None


def test_loading_the_demo_again_adds_no_measurements(demo):
    before = Response.objects.count()
    call_command("load_demo", stdout=StringIO())
    assert Response.objects.count() == before


def test_the_profile_and_the_goals_show_the_measured_courses(demo, client):
    from django.urls import reverse
    from django.utils import timezone

    from lokalsundhed.accounts.models import User
    from lokalsundhed.core.tests.support import log_in
    from lokalsundhed.organisations.models import Estate
    from lokalsundhed.profiles import progress
    from lokalsundhed.profiles.models import Goal

    log_in(client, User.objects.get(email__startswith="rasmus.thomsen@"))
    estate = Estate.objects.get(name="Egeskovparken")

    response = client.get(reverse("profiles:estate", kwargs={"pk": estate.pk}))

    assert response.status_code == 200
    rows = response.context["profile"].outcome_rows
    assert len(rows) == 4
    who5_mean, who5_change = rows[2]["cells"], rows[3]["cells"]
    # The estate's own course, its municipality and the country: measured, not "no data".
    assert all(cell not in ("–", "Ingen data endnu", "No data yet") for cell in who5_mean + who5_change)
    assert float(who5_change[0].replace(",", ".")) > 0  # well-being rose in the course
    goal = Goal.objects.get(indicator="who5_change")
    measured = progress.measure_goal(goal, today=timezone.localdate())
    assert measured.value is not None and measured.value > 0 and measured.n >= 10
