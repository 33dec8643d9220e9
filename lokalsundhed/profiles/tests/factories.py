"""Small Statistics Denmark tables in the Statbank formats, and the profile's records."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import factory

from lokalsundhed.profiles import dst, services
from lokalsundhed.profiles.models import EstateResidents, GoalSnapshot

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"


def folk1a(values: list[Any] | None = None, *, updated: str = "2025-02-11T07:00:00Z", **changes: Any) -> dict[str, Any]:
    """FOLK1A as the Statbank API's JSONSTAT2 gives it: 2 areas × 3 ages × 2 quarters."""
    data: dict[str, Any] = {
        "version": "2.0", "class": "dataset",
        "label": "Befolkningen den 1. i kvartalet efter område, alder og tid",
        "source": "Danmarks Statistik", "updated": updated,
        "role": {"time": ["Tid"], "geo": ["OMRÅDE"], "metric": ["ContentsCode"]},
        "id": ["OMRÅDE", "ALDER", "ContentsCode", "Tid"], "size": [2, 3, 1, 2],
        "dimension": {
            "OMRÅDE": {"label": "område", "category": {"index": {"000": 0, "0607": 1},
                                                       "label": {"000": "Hele landet", "0607": "Fredericia"}}},
            "ALDER": {"label": "alder", "category": {"index": {"10": 0, "70": 1, "85": 2},
                                                     "label": {"10": "10 år", "70": "70 år", "85": "85 år"}}},
            "ContentsCode": {"label": "indhold", "category": {
                "index": {"FOLK1A": 0}, "label": {"FOLK1A": "Befolkningen den 1. i kvartalet"},
                "unit": {"FOLK1A": {"base": "antal", "decimals": 0}}}},
            "Tid": {"label": "tid", "category": {"index": {"2024K4": 0, "2025K1": 1},
                                                 "label": {"2024K4": "2024K4", "2025K1": "2025K1"}}},
        },
        "value": values if values is not None else [63000, 63100, 60000, 60200, 25000, 25500,
                                                    560, 565, 610, 612, 290, 300],
        "extension": {"px": {"infofile": "https://www.statistikbanken.dk/FOLK1A", "tableid": "FOLK1A",
                             "decimals": 0}},
    }
    data.update(changes)
    return data


def write(tmp_path: Path, name: str, content: dict[str, Any] | str) -> Path:
    path = tmp_path / name
    path.write_text(content if isinstance(content, str) else json.dumps(content, ensure_ascii=False), encoding="utf-8")
    return path


def load(path: Path, **kwargs: Any) -> services.Imported:
    return services.import_table(dst.read(path, **kwargs), actor=None)


def load_fixtures() -> None:
    """The demo's FOLK1A (JSON-stat) and FRKM125 (CSV)."""
    load(FIXTURES / "FOLK1A.json")
    load(FIXTURES / "FRKM125.csv")


def residents(estate, *, as_of: date = date(2025, 1, 1), young: int = 200, adults: int = 500, old: int = 150,
              oldest: int = 50) -> EstateResidents:
    return EstateResidents.objects.create(estate=estate, as_of=as_of, age_0_17=young, age_18_64=adults,
                                          age_65_79=old, age_80_plus=oldest)


class GoalSnapshotFactory(factory.django.DjangoModelFactory):
    """A day's measured value of a partnership goal (its history)."""

    class Meta:
        model = GoalSnapshot
