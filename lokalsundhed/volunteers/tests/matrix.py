"""The authorization matrix's rows for volunteers and the records they need."""

from __future__ import annotations

from typing import Any

from lokalsundhed.offers.tests.factories import make_offer
from lokalsundhed.offers.tests.matrix import AGGREGATE_READERS, EVERYONE
from lokalsundhed.volunteers import services
from lokalsundhed.volunteers.tests.factories import volunteer

COORDINATORS = {"social_worker", "housing_admin"}
# Municipal administrators hold manage_volunteers but coordinate no housing organisation's volunteers.
MUNICIPAL_ADMINS = {"municipal_admin", "other_municipality_admin"}

ROWS: dict[str, dict[str, Any]] = {
    "volunteers:volunteer_list": {"ok": COORDINATORS | MUNICIPAL_ADMINS},
    # A's volunteer and activity: A's coordinators only.
    "volunteers:volunteer_detail": {"ok": COORDINATORS, "not_found": MUNICIPAL_ADMINS,
                                    "kwargs": lambda w: {"pk": w.volunteer.pk}},
    "volunteers:activity_shifts": {"ok": COORDINATORS, "not_found": MUNICIPAL_ADMINS,
                                   "kwargs": lambda w: {"pk": w.volunteer_offer.pk}},
    # Logging hours on a shift that has not started is refused with a message (a redirect).
    "volunteers:shift_hours": {"ok": COORDINATORS, "not_found": MUNICIPAL_ADMINS, "kwargs": lambda w: {"pk": w.shift.pk}, "method": "post",
                               "ok_status": 302},
    "volunteers:civil_society": {"ok": EVERYONE},
    "volunteers:numbers": {"ok": AGGREGATE_READERS},
    # A volunteer's own pages: members of staff are no volunteers and find nothing there.
    "volunteers:my_shifts": {"ok": set(), "not_found": EVERYONE},
    **{
        name: {"ok": set(), "not_found": EVERYONE, "kwargs": lambda w: {"pk": w.shift.pk}, "method": "post"}
        for name in ("volunteers:shift_offer", "volunteers:shift_take", "volunteers:shift_take_back")
    },
    "volunteers:shifts_sms": {"ok": set(), "not_found": EVERYONE, "method": "post"},
    # Residents: public pages.
    "volunteers:recruit": {"ok": EVERYONE, "public": True, "kwargs": lambda w: {"pk": w.estate_a.pk}},
    "volunteers:recruit_thanks": {"ok": EVERYONE, "public": True, "kwargs": lambda w: {"pk": w.estate_a.pk}},
}


def add_to_world(world: Any) -> None:
    """An active volunteer of A on an activity of estate A with one coming shift."""
    worker = world.users["social_worker"]
    world.volunteer = volunteer(world.estate_a, admin=worker)
    world.volunteer_offer = make_offer(worker, estate=world.estate_a, sessions=1)
    services.assign(world.volunteer, world.volunteer_offer, role="Kaffe", actor=worker)
    world.shift = services.add_shift(world.volunteer_offer.sessions.first(), role="Kaffe", volunteer=world.volunteer,
                                     actor=worker)
