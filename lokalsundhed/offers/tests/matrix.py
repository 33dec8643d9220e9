"""The authorization matrix's rows for local offers (core/tests/test_authorization.py builds
`Row`s from these) and the records they need in its world."""

from __future__ import annotations

from typing import Any

from lokalsundhed.offers import change_services, services
from lokalsundhed.offers.tests.factories import make_offer, make_outreach, resident

EVERYONE = {
    "caretaker", "social_worker", "housing_admin", "housing_analyst", "intake", "unit_worker", "professional",
    "municipal_admin", "municipal_analyst", "auditor", "other_housing_caretaker", "other_municipality_intake",
    "other_municipality_admin",
}

# Who runs offers: the housing social worker of A and the municipality's facilitator. Nobody
# else holds the permission, so outsiders are refused (403) rather than told "not found".
RUNNERS = {"social_worker", "professional"}
# The course in estate A is housing organisation A's own (not the partnership's, no organiser
# from the municipality): the municipality's facilitator may see that it exists, but not run it
# nor see who signed up — told it does not exist. The outreach hours in estate A are the
# facilitator's own, and on A's estate: both run them.
OWN_OFFER = {"ok": {"social_worker"}, "not_found": {"professional"}}
AGGREGATE_READERS = {"housing_admin", "housing_analyst", "municipal_admin", "municipal_analyst",
                     "other_municipality_admin"}

ROWS: dict[str, dict[str, Any]] = {
    "offers:offer_list": {"ok": RUNNERS},
    "offers:offer_new": {"ok": RUNNERS},
    "offers:offer_detail": {**OWN_OFFER, "kwargs": lambda w: {"pk": w.offer.pk}},
    "offers:offer_translate": {**OWN_OFFER, "kwargs": lambda w: {"pk": w.offer.pk}},
    "offers:offer_sign_up": {**OWN_OFFER, "kwargs": lambda w: {"pk": w.offer.pk}, "method": "post",
                             "ok_status": 302},
    "offers:sign_up_cancel": {**OWN_OFFER, "kwargs": lambda w: {"pk": w.sign_up.pk}, "method": "post",
                              "ok_status": 302},
    # Changing an offer after creation: the forms (GET) for those who run it.
    "offers:offer_edit": {**OWN_OFFER, "kwargs": lambda w: {"pk": w.offer.pk}},
    "offers:offer_cancel": {**OWN_OFFER, "kwargs": lambda w: {"pk": w.offer.pk}},
    "offers:session_new": {**OWN_OFFER, "kwargs": lambda w: {"pk": w.offer.pk}},
    "offers:session_cancel": {**OWN_OFFER, "kwargs": lambda w: {"pk": w.session.pk}},
    "offers:session_move": {**OWN_OFFER, "kwargs": lambda w: {"pk": w.session.pk}},
    "offers:slot_new": {"ok": RUNNERS, "kwargs": lambda w: {"pk": w.outreach_session.pk}},
    # Undoing: the confirmation pages (GET) for those who run the offer.
    "offers:session_restore": {**OWN_OFFER, "kwargs": lambda w: {"pk": w.cancelled_session.pk}},
    "offers:sign_up_restore": {**OWN_OFFER, "kwargs": lambda w: {"pk": w.cancelled_sign_up.pk}},
    # A time of the outreach hours, which both run (as for slot_new).
    "offers:slot_remove": {"ok": RUNNERS, "kwargs": lambda w: {"pk": w.outreach_session.slots.first().pk}},
    "offers:attendance": {**OWN_OFFER, "kwargs": lambda w: {"pk": w.session.pk}},
    "offers:attendance_toggle": {**OWN_OFFER, "kwargs": lambda w: {"pk": w.session.pk, "sign_up_pk": w.sign_up.pk},
                                 "method": "post", "ok_status": 302},
    "offers:reach": {"ok": AGGREGATE_READERS},
    # Residents: public pages; the private link is the only key to a sign-up.
    "offers:calendar_index": {"ok": EVERYONE, "public": True},
    "offers:municipality_calendar": {"ok": EVERYONE, "public": True, "kwargs": lambda w: {"code": "0607"}},
    "offers:estate_calendar": {"ok": EVERYONE, "public": True, "kwargs": lambda w: {"pk": w.estate_a.pk}},
    "offers:estate_ics": {"ok": EVERYONE, "public": True, "kwargs": lambda w: {"pk": w.estate_a.pk}},
    "offers:public_offer": {"ok": EVERYONE, "public": True, "kwargs": lambda w: {"pk": w.offer.pk}},
    "offers:offer_ics": {"ok": EVERYONE, "public": True, "kwargs": lambda w: {"pk": w.offer.pk}},
    "offers:my_sign_up": {"ok": EVERYONE, "public": True, "kwargs": lambda w: {"token": w.sign_up.token}},
    "offers:my_sign_up_cancel": {"ok": EVERYONE, "public": True, "kwargs": lambda w: {"token": w.sign_up.token}},
}


def add_to_world(world: Any) -> None:
    """A course in estate A with one resident signed up and one who cancelled, outreach hours
    there with a booked time, and a café whose only time is cancelled."""
    world.offer = make_offer(world.users["social_worker"], estate=world.estate_a, capacity=10, sessions=2)
    world.sign_up = services.sign_up(world.offer, resident(1))
    world.cancelled_sign_up = services.cancel(services.sign_up(world.offer, resident(2)))
    cafe = make_offer(world.users["social_worker"], estate=world.estate_a, title="Fredagscafé")
    world.cancelled_session = change_services.cancel_session(cafe.sessions.get(), actor=world.users["social_worker"])
    world.session = world.offer.sessions.first()
    world.outreach_session = make_outreach(world.users["professional"], estate=world.estate_a).sessions.get()
    # Its first time is booked: the page that removes it names the resident.
    services.sign_up(world.outreach_session.offer, resident(3), slot=world.outreach_session.slots.first())
