"""The demo's statistics load once, in both Statbank formats."""

from __future__ import annotations

import pytest

from lokalsundhed.demo.profiles import load_profiles
from lokalsundhed.profiles.models import StatisticsCell, StatisticsTable

pytestmark = pytest.mark.django_db


def test_it_loads_population_and_projection_tables_once():
    load_profiles()
    cells = StatisticsCell.objects.count()
    load_profiles()

    assert set(StatisticsTable.objects.values_list("table_id", "source_format")) == {
        ("FOLK1A", "json-stat"), ("FRKM125", "csv")}
    assert StatisticsCell.objects.count() == cells
