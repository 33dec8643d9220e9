"""A period ends on or after its start: the end field says so and keeps what was typed."""

from __future__ import annotations

import pytest
from django import forms
from django.urls import reverse
from django.utils import translation

from lokalsundhed.core.forms import PeriodMixin
from lokalsundhed.core.tests.support import log_in
from lokalsundhed.core.tests.world import build_world


class _Period(PeriodMixin, forms.Form):
    period_fields = ("first", "last")
    first = forms.DateField(required=False)
    last = forms.DateField(required=False)


def test_an_end_before_the_start_is_an_error_at_the_end_field():
    form = _Period({"first": "2026-12-31", "last": "2026-01-01"})
    with translation.override("da"):
        assert not form.is_valid()
        assert form.errors == {"last": ["Slutdatoen ligger før startdatoen. Vælg en slutdato på eller efter "
                                        "startdatoen."]}
    assert (form["first"].value(), form["last"].value()) == ("2026-12-31", "2026-01-01")


def test_a_period_of_one_day_or_with_an_open_end_is_fine():
    assert _Period({"first": "2026-01-01", "last": "2026-01-01"}).is_valid()
    assert _Period({"first": "2026-12-31"}).is_valid()
    assert _Period({"last": "2026-01-01"}).is_valid()


@pytest.mark.django_db
@pytest.mark.parametrize(("url", "persona"), [("offers:reach", "municipal_analyst"),
                                              ("outcomes:report", "housing_analyst")])
def test_a_report_refuses_a_reversed_period_at_the_end_date_and_keeps_the_dates(client, url, persona):
    world = build_world()
    log_in(client, world.users[persona])
    response = client.get(reverse(url), {"since": "2026-12-31", "until": "2026-01-01"})
    assert "Slutdatoen ligger før startdatoen" in response.context["form"].errors["until"][0]
    html = response.content.decode()
    assert 'value="2026-12-31"' in html and 'value="2026-01-01"' in html
    assert "31. december 2026 – 1. januar 2026" not in html  # no reversed period stated
