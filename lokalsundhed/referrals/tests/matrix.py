"""The authorization matrix's rows for bridge-building (core/tests/test_authorization.py builds
`Row`s from these) and the records they need in its world: a receiving unit of each kind and
the caretaker's observation, routed to the default unit."""

from __future__ import annotations

from typing import Any

from lokalsundhed.core.tests.world import AGGREGATE_READERS, World
from lokalsundhed.referrals.tests.factories import ReceivingUnitFactory, observe

REPORTERS = {"caretaker", "social_worker", "other_housing_caretaker"}
REFERRAL_WORKERS = {"intake", "unit_worker", "other_municipality_intake"}

ROWS: dict[str, dict[str, Any]] = {
    # Housing staff report; the municipality works the queue.
    "referrals:observation_new": {"ok": REPORTERS},
    "referrals:dwelling_search": {"ok": REPORTERS, "method": "post"},
    "referrals:my_reports": {"ok": REPORTERS},
    # The receipt is the reporter's own; colleagues cannot find it.
    "referrals:observation_receipt": {
        "ok": {"caretaker"}, "not_found": REPORTERS - {"caretaker"}, "kwargs": lambda w: {"pk": w.observation.pk},
    },
    "referrals:queue": {"ok": REFERRAL_WORKERS},
    # Routed to the default unit: intake sees it; a unit worker of another unit and another
    # municipality cannot find it.
    **{
        name: {
            "ok": {"intake"},
            "not_found": {"unit_worker", "other_municipality_intake"},
            "kwargs": lambda w: {"pk": w.referral.pk},
            "method": method,
            "ok_status": status,
        }
        for name, method, status in [
            ("referrals:referral_detail", "get", 200),
            ("referrals:referral_receive", "post", 302),
            ("referrals:referral_claim", "post", 302),
            # The matrix's referral is not claimed: taking it over is refused, the page shown again (409).
            ("referrals:referral_take_over", "post", 409),
            # An empty close or return is refused: the page again with the errors at the fields (400).
            ("referrals:referral_close", "post", 400),
            ("referrals:referral_return", "post", 400),
        ]
    },
    # Routing settings: municipal administrators, for their own municipality. A housing
    # organisation's administrator administers no municipality: refused (403), not an empty page.
    "referrals:routing_settings": {"ok": {"municipal_admin", "other_municipality_admin"}},
    **{
        name: {"ok": {"municipal_admin"}, "not_found": {"other_municipality_admin"},
               "kwargs": lambda w: {"municipality_pk": w.municipality_m.pk}}
        for name in ("referrals:unit_new", "referrals:routing_grid", "referrals:deadlines", "referrals:retention")
    },
    "referrals:unit_edit": {
        "ok": {"municipal_admin"}, "not_found": {"other_municipality_admin"},
        "kwargs": lambda w: {"pk": w.referral.unit_id},
    },
    # Numbers: analysts and administrators of the partnership's (or estate's) organisations.
    "referrals:numbers": {"ok": AGGREGATE_READERS},
    **{
        name: {"ok": AGGREGATE_READERS - {"other_municipality_admin"}, "not_found": {"other_municipality_admin"},
               "kwargs": kwargs}
        for name, kwargs in [
            ("referrals:numbers_partnership", lambda w: {"pk": w.partnership.pk}),
            ("referrals:numbers_partnership_csv", lambda w: {"pk": w.partnership.pk}),
            ("referrals:numbers_estate", lambda w: {"pk": w.estate_a.pk}),
            ("referrals:numbers_estate_csv", lambda w: {"pk": w.estate_a.pk}),
        ]
    },
}


def add_to_world(world: World) -> None:
    ReceivingUnitFactory(municipality=world.municipality_m, name="Én Indgang", is_default=True)
    ReceivingUnitFactory(municipality=world.municipality_m, name="Hjemmeplejen").members.add(
        world.users["unit_worker"]
    )
    world.observation = observe(world.users["caretaker"], world.estate_a, "falls")  # type: ignore[attr-defined]
    world.referral = world.observation.referral  # type: ignore[attr-defined]
