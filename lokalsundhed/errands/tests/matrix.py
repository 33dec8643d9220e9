"""The authorization matrix's rows for practical help (core/tests/test_authorization.py builds
`Row`s from these) and the records they need in its world."""

from __future__ import annotations

from typing import Any

from lokalsundhed.core.tests.world import AGGREGATE_READERS, EVERYONE
from lokalsundhed.errands import services
from lokalsundhed.errands.tests.factories import request

# Those who work errands: caretakers and social workers of a housing organisation.
WORKERS = {"caretaker", "social_worker", "other_housing_caretaker"}

ROWS: dict[str, dict[str, Any]] = {
    "errands:errand_list": {"ok": WORKERS},
    "errands:errand_new": {"ok": WORKERS},
    # An errand in estate A: A's workers act on it; B's caretaker cannot find it.
    **{
        name: {"ok": {"caretaker", "social_worker"}, "not_found": {"other_housing_caretaker"},
               "kwargs": lambda w: {"pk": w.errand.pk}, "method": "post", "ok_status": 302}
        for name in ("errands:errand_take", "errands:errand_complete", "errands:errand_release",
                     "errands:errand_cancel")
    },
    # Restoring a cancelled errand: the confirmation page (GET) for A's workers.
    "errands:errand_restore": {"ok": {"caretaker", "social_worker"}, "not_found": {"other_housing_caretaker"},
                               "kwargs": lambda w: {"pk": w.cancelled_errand.pk}},
    # The catalogue is the housing organisation's: a municipality's administrator has none to manage.
    "errands:catalogue": {"ok": {"housing_admin"}, "not_found": {"municipal_admin", "other_municipality_admin"}},
    "errands:catalogue_names": {"ok": {"housing_admin"}, "not_found": {"municipal_admin", "other_municipality_admin"},
                                "kwargs": lambda w: {"pk": w.errand.errand_type_id}},
    "errands:report_index": {"ok": AGGREGATE_READERS},
    **{
        name: {"ok": AGGREGATE_READERS - {"other_municipality_admin"}, "not_found": {"other_municipality_admin"},
               "kwargs": lambda w: {"pk": w.estate_a.pk}}
        for name in ("errands:report", "errands:report_csv")
    },
    # Residents: public pages.
    "errands:resident_index": {"ok": EVERYONE, "public": True},
    "errands:resident_request": {"ok": EVERYONE, "public": True, "kwargs": lambda w: {"pk": w.estate_a.pk}},
    "errands:resident_status": {"ok": EVERYONE, "public": True, "kwargs": lambda w: {"token": w.errand.token}},
}


def add_to_world(world: Any) -> None:
    """An open errand in estate A, asked for by a resident, and one cancelled there."""
    world.errand = request(world.estate_a)
    world.cancelled_errand = services.cancel(request(world.estate_a), actor=world.users["caretaker"])
