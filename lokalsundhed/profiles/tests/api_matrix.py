"""What each kind of API client gets at the statistics routes (api/tests/test_api_matrix.py).

Both are public: an imported table answers everyone; the platform's own figures (tested in
test_api.py) need a client with `statistics:read`."""

from __future__ import annotations

from typing import Any

from lokalsundhed.api.tests.api_matrix import ApiRow
from lokalsundhed.profiles.tests.factories import FIXTURES, load

API_ROWS: dict[tuple[str, str], ApiRow] = {
    ("GET", "statistics"): ApiRow(own=200, public=True),
    ("GET", "statistics/{table_id}"): ApiRow(own=200, public=True, kwargs=lambda w: {"table_id": "FOLK1A"}),
}


def add_to_world(world: Any) -> None:
    if not getattr(world, "statistics_loaded", False):
        load(FIXTURES / "FOLK1A.json")
        world.statistics_loaded = True
