"""Every route of /api/v1/ × every kind of client has an expected answer (api_matrix.py); a route
without one fails `test_every_api_route_has_a_row`."""

from __future__ import annotations

import importlib
import json
import re
from typing import Any

import pytest
from django.apps import apps

from lokalsundhed.api.grants import SCOPES
from lokalsundhed.api.tests.api_matrix import API_ROWS as OWN_ROWS
from lokalsundhed.api.tests.api_matrix import ApiRow
from lokalsundhed.api.tests.factories import bearer, make_client
from lokalsundhed.api.v1 import api, operations

KINDS = ["own", "no_scope", "other_org", "revoked", "expired", "none"]


def _capability_matrices() -> list[Any]:
    found = []
    for config in apps.get_app_configs():
        if config.name.startswith("lokalsundhed.") and config.name != "lokalsundhed.api":
            try:
                found.append(importlib.import_module(f"{config.name}.tests.api_matrix"))
            except ModuleNotFoundError as error:
                if error.name != f"{config.name}.tests.api_matrix":
                    raise
    return found


MATRICES = _capability_matrices()
API_ROWS: dict[tuple[str, str], ApiRow] = {**OWN_ROWS, **{k: v for m in MATRICES for k, v in m.API_ROWS.items()}}


def _normalise(path: str) -> str:
    return re.sub(r"\{(?:\w+:)?(\w+)\}", r"{\1}", path)


ROUTES = {(method, _normalise(path)): operation for path, method, operation in operations(api)}


def test_every_api_route_has_a_row():
    missing = sorted(set(ROUTES) - set(API_ROWS))
    assert not missing, f"API routes without a row in api_matrix.py: {missing}"
    stale = sorted(set(API_ROWS) - set(ROUTES))
    assert not stale, f"Rows for API routes that no longer exist: {stale}"


def _expected(row: ApiRow, kind: str, public: bool) -> int:
    if public:
        return row.own
    return {"own": row.own, "no_scope": 403, "other_org": row.other_status}.get(kind, 401)


@pytest.mark.parametrize("route", sorted(API_ROWS), ids=lambda r: f"{r[0]} {r[1]}")
@pytest.mark.parametrize("kind", KINDS)
def test_the_api_matrix(client, world, route, kind):
    for matrix in MATRICES:
        if hasattr(matrix, "add_to_world"):
            matrix.add_to_world(world)
    method, path = route
    row, operation = API_ROWS[route], ROUTES[route]
    scope = getattr(operation.view_func, "api_scope", None)
    public = not operation.auth_callbacks
    headers: dict[str, str] = {}
    if kind != "none" and scope:
        other_scope = next(s for s in SCOPES if s != scope and not s.startswith(scope.split(":")[0]))
        organisation = getattr(world, row.other_org if kind == "other_org" else row.org)
        _, token = make_client(organisation, other_scope if kind == "no_scope" else scope,
                               revoked=kind == "revoked", expired=kind == "expired")
        headers = bearer(token)
    url = "/api/v1/" + path.format(**row.kwargs(world))
    kwargs: dict[str, Any] = dict(headers)
    if row.body is not None:
        body = {k: world.estate_a.pk if v == "ESTATE_A" else v for k, v in row.body.items()}
        kwargs.update(data=json.dumps(body), content_type="application/json")
    response = getattr(client, method.lower())(url, **kwargs)
    expected = _expected(row, kind, public)
    assert response.status_code == expected, f"{method} {url} as {kind}: {response.status_code} {response.content[:300]!r}"
    if response.status_code >= 400:
        assert response["Content-Type"].startswith("application/problem+json")
