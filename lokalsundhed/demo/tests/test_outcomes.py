"""The demo's two finished courses are measured in all three rounds and show an effect."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command

from lokalsundhed.offers.models import Offer
from lokalsundhed.outcomes import analysis
from lokalsundhed.outcomes.models import MeasurementPlan, Response

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(var_dir):
    call_command("load_demo", stdout=StringIO())


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
