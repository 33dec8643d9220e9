"""What each kind of API client gets at each route of /api/v1/ (test_api_matrix.py).

Kinds: `own` (a client of the record's organisation with the route's scope), `no_scope` (the
same organisation, other scopes), `other_org` (another organisation's client with the scope),
`revoked`, `expired` and `none` (no token). Revoked, expired and no token always get 401 on a
protected route; a public route answers everyone.

A capability that adds a router in its own `<app>/api.py` adds its rows in
`<app>/tests/api_matrix.py` (`API_ROWS`, and `add_to_world(world)` when it needs records).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class ApiRow:
    own: int  # what a client of the record's organisation with the scope gets
    org: str = "municipality_m"  # the World attribute of the `own` organisation
    other_org: str = "municipality_v"
    other_status: int = 404  # another organisation's client: 404 for a record, 200 (empty) for a list
    body: dict[str, Any] | None = None
    kwargs: Any = field(default=lambda w: {})
    public: bool = False


ref = {"kwargs": lambda w: {"referral_id": w.referral.pk}}
offer = {"kwargs": lambda w: {"offer_id": w.offer.pk}}
session = {"kwargs": lambda w: {"offer_id": w.offer.pk, "session_id": w.session.pk}}

API_ROWS: dict[tuple[str, str], ApiRow] = {
    ("GET", "referrals"): ApiRow(own=200, other_status=200),
    ("GET", "referrals/{referral_id}"): ApiRow(own=200, **ref),
    ("GET", "referrals/{referral_id}/fhir"): ApiRow(own=200, **ref),
    ("POST", "referrals/{referral_id}/receive"): ApiRow(own=200, **ref),
    ("POST", "referrals/{referral_id}/claim"): ApiRow(own=200, **ref),
    # Not claimed by this client: the queue's guard refuses (409), as it refuses a person.
    ("POST", "referrals/{referral_id}/take-over"): ApiRow(own=409, body={}, **ref),
    ("POST", "referrals/{referral_id}/close"): ApiRow(own=409, body={"outcome": "no_need"}, **ref),
    ("POST", "referrals/{referral_id}/return"): ApiRow(own=200, body={"reason": "Ikke vores område"}, **ref),
    ("PATCH", "referrals/{referral_id}/fhir/task"): ApiRow(own=200, body={"status": "received"}, **ref),
    # Offers: public reads answer everyone; writes by those who run offers in estate A.
    ("GET", "offers"): ApiRow(own=200, public=True),
    ("GET", "offers/{offer_id}"): ApiRow(own=200, public=True, **offer),
    ("POST", "offers"): ApiRow(own=201, org="housing_a", other_status=422,
                               body={"kind": "activity", "title": "Fredagscafé", "estate_id": "ESTATE_A"}),
    ("POST", "offers/{offer_id}/sessions"): ApiRow(
        own=201, org="housing_a", body={"starts_at": "2030-05-03T10:00:00+02:00", "ends_at": "2030-05-03T12:00:00+02:00"},
        **offer),
    ("PATCH", "offers/{offer_id}"): ApiRow(own=200, org="housing_a", body={"title": "Stærk ryg", "capacity": 12},
                                          **offer),
    ("POST", "offers/{offer_id}/cancel"): ApiRow(own=200, org="housing_a", body={"reason": "Ingen lokaler"}, **offer),
    ("PATCH", "offers/{offer_id}/sessions/{session_id}"): ApiRow(
        own=200, org="housing_a", body={"starts_at": "2030-05-03T10:00:00+02:00", "ends_at": "2030-05-03T12:00:00+02:00"},
        **session),
    ("POST", "offers/{offer_id}/sessions/{session_id}/cancel"): ApiRow(
        own=200, org="housing_a", body={"reason": "Instruktøren er syg"}, **session),
    # Not cancelled: the guard refuses (409), as the restore page does.
    ("POST", "offers/{offer_id}/sessions/{session_id}/restore"): ApiRow(own=409, org="housing_a", **session),
    ("GET", "offers/{offer_id}/sign-ups"): ApiRow(own=200, org="housing_a", **offer),
    ("PUT", "offers/{offer_id}/sessions/{session_id}/attendance/{sign_up_id}"): ApiRow(
        own=200, org="housing_a", body={"present": True},
        kwargs=lambda w: {"offer_id": w.offer.pk, "session_id": w.session.pk, "sign_up_id": w.sign_up.pk}),
    # Errands: the housing organisation's caretakers' view.
    ("GET", "errands"): ApiRow(own=200, org="housing_a", other_status=200),
    ("GET", "errands/{errand_id}"): ApiRow(own=200, org="housing_a", kwargs=lambda w: {"errand_id": w.errand.pk}),
    # The access log of the client's own organisation: a list, empty for another organisation.
    ("GET", "audit/entries"): ApiRow(own=200, other_status=200),
}
