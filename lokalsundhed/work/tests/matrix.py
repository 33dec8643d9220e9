"""The authorization matrix's rows for small steps into work, and the records they need."""

from __future__ import annotations

from typing import Any

from lokalsundhed.core.tests.world import EVERYONE
from lokalsundhed.work.tests.factories import company, interest, opportunity

# Who follows residents into work: the housing social worker of A; nobody else holds the permission.
FOLLOWERS = {"social_worker"}

ROWS: dict[str, dict[str, Any]] = {
    "work:interest_list": {"ok": FOLLOWERS},
    "work:interest_detail": {"ok": FOLLOWERS, "kwargs": lambda w: {"pk": w.interest.pk}},
    "work:interest_step": {"ok": FOLLOWERS, "kwargs": lambda w: {"pk": w.interest.pk, "step": "contacted"},
                           "method": "post", "ok_status": 302},
    "work:interest_jobcenter": {"ok": FOLLOWERS, "kwargs": lambda w: {"pk": w.interest.pk}, "method": "post",
                                "ok_status": 302},
    "work:opportunity_list": {"ok": FOLLOWERS},
    "work:opportunity_new": {"ok": FOLLOWERS},
    "work:opportunity_edit": {"ok": FOLLOWERS, "kwargs": lambda w: {"pk": w.opportunity.pk}},
    "work:company_list": {"ok": FOLLOWERS},
    "work:company_new": {"ok": FOLLOWERS},
    "work:company_edit": {"ok": FOLLOWERS, "kwargs": lambda w: {"pk": w.company.pk}},
    # Residents: public pages, no account.
    "work:public_list": {"ok": EVERYONE, "public": True, "kwargs": lambda w: {"pk": w.estate_a.pk}},
    "work:public_interest": {"ok": EVERYONE, "public": True, "kwargs": lambda w: {"pk": w.opportunity.pk}},
    "work:public_thanks": {"ok": EVERYONE, "public": True, "kwargs": lambda w: {"pk": w.estate_a.pk}},
}


def add_to_world(world: Any) -> None:
    """A company of A's registry offering a trial placement in estate A, and one resident's interest."""
    worker = world.users["social_worker"]
    world.company = company(world.housing_a, worker)
    world.opportunity = opportunity(world.estate_a, worker, company=world.company)
    world.interest = interest(world.opportunity)
