"""The authorization matrix's rows for the API app's URLs (core/tests/test_authorization.py).

The pages for administrators are rows like any other. Every /api/v1/ URL is a row too, made
from the NinjaAPI's routes: a logged-in session is no API credential, so every persona gets 401
from a token-protected route and 200 from a public one. What each *client* gets per route is
the API's own matrix: api/tests/test_api_matrix.py.
"""

from __future__ import annotations

from typing import Any

from lokalsundhed.api.services import create_client, register_webhook
from lokalsundhed.api.v1 import api, operations

EVERYONE = {
    "caretaker", "social_worker", "housing_admin", "housing_analyst", "intake", "unit_worker", "professional",
    "municipal_admin", "municipal_analyst", "auditor", "other_housing_caretaker", "other_municipality_intake",
    "other_municipality_admin",
}
ADMINS = {"housing_admin", "municipal_admin", "other_municipality_admin"}


def path_kwargs(world: Any, names: list[str]) -> dict[str, Any]:
    """Values for a route's path parameters: records of the world where a public route needs them."""
    known = {
        "referral_id": lambda: world.referral.pk,
        "offer_id": lambda: world.offer.pk,
        "session_id": lambda: world.session.pk,
        "errand_id": lambda: getattr(world, "errand_pk", 1),
        "sign_up_id": lambda: world.sign_up.pk,
        "table_id": lambda: getattr(world, "statistics_table_id", 1),
    }
    return {name: known[name]() if name in known else 1 for name in names}


def _api_rows() -> dict[str, dict[str, Any]]:
    rows: dict[str, dict[str, Any]] = {}
    for path, method, operation in operations(api):
        name = f"api:api-v1:{operation.url_name}"
        if name in rows:
            continue
        params = [part.split(":")[-1].strip("{}") for part in path.split("/") if part.startswith("{")]
        public = not operation.auth_callbacks
        rows[name] = {
            "ok": EVERYONE, "public": True, "method": method.lower(), "ok_status": 200 if public else 401,
            "kwargs": lambda w, params=params: path_kwargs(w, params),
        }
    return rows


ROWS: dict[str, dict[str, Any]] = {
    "api:client_list": {"ok": ADMINS},
    # A client of housing organisation A: only A's administrator finds it.
    "api:client_revoke": {"ok": {"housing_admin"}, "not_found": ADMINS - {"housing_admin"},
                          "kwargs": lambda w: {"pk": w.api_client.pk}, "method": "post", "ok_status": 302},
    # Every member may open the page of clients awaiting their approval (for most, none).
    "api:client_approvals": {"ok": EVERYONE},
    # A's client with errands:read waits: it acts as a caretaker, so A's caretaker may decide
    # (without a decision: 400); its creator and everyone else find nothing.
    "api:client_decide": {"ok": {"caretaker"}, "not_found": EVERYONE - {"caretaker"},
                          "kwargs": lambda w: {"pk": w.api_client.pk}, "method": "post", "ok_status": 400},
    # An empty form is refused (400) for those who may add one.
    "api:webhook_new": {"ok": ADMINS, "method": "post", "ok_status": 400},
    "api:webhook_remove": {"ok": {"housing_admin"}, "not_found": ADMINS - {"housing_admin"},
                           "kwargs": lambda w: {"pk": w.webhook.pk}, "method": "post", "ok_status": 302},
    "api:api-v1:openapi-json": {"ok": EVERYONE, "public": True},
    "api:api-v1:openapi-view": {"ok": EVERYONE, "public": True},
    "api:api-v1:api-root": {"ok": EVERYONE, "public": True},
    "api:api-v1:not_found": {"ok": EVERYONE, "public": True, "ok_status": 404, "kwargs": lambda w: {"rest": "x"}},
    **_api_rows(),
}


def add_to_world(world: Any) -> None:
    admin = world.users["housing_admin"]
    world.api_client = create_client(organisation=world.housing_a, name="Sagssystem", purpose="Test",
                                     scopes=["errands:read"], actor=admin).client
    world.webhook = register_webhook(organisation=world.housing_a, url="https://example.org/hook",
                                     events=["sign_up.created"], actor=admin).webhook
