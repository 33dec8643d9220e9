"""What each kind of API client gets at the outcomes routes (api/tests/test_api_matrix.py).

The report on a measured offer needs `statistics:read`: a client of the housing organisation
running it gets the anonymous figures; another municipality's client cannot find the offer."""

from __future__ import annotations

from typing import Any

from lokalsundhed.api.tests.api_matrix import ApiRow
from lokalsundhed.offers.tests.factories import make_offer
from lokalsundhed.outcomes import services

API_ROWS: dict[tuple[str, str], ApiRow] = {
    ("GET", "outcomes/offers/{offer_id}/report"): ApiRow(
        own=200, org="housing_a", kwargs=lambda w: {"offer_id": w.api_measured_offer.pk}),
}


def add_to_world(world: Any) -> None:
    if getattr(world, "api_measured_offer", None) is None:
        worker = world.users["social_worker"]
        world.api_measured_offer = make_offer(worker, estate=world.estate_a, capacity=10, sessions=2,
                                              title="Lær at tackle kroniske smerter")
        services.save_plan(world.api_measured_offer, programme="lat_pain", followup_days=91, send_links=True,
                           actor=worker)
