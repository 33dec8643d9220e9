"""The OFFICIAL HSDS 3.0 OpenAPI as schemathesis reads it, and a conformance run of `/api/hsds/`
against it — shared by the directory's conformance test and the demo's contract test.

The official document refers to its response schemas by their address on the specification's
site; they are read here from the unchanged copies in `directory/hsds_schema/` (no network).
One correction of the official document is applied: `GET /service_at_locations/{id}` answers
a service at a location (compiled `service_at_location.json`), not a service — the specification
fixed that reference in its own 3.0 patch release (openreferral/specification pull request 574).

Checks: no server error, every answer valid against its schema, content types and headers as
declared. Not `status_code_conformance`: the official document declares only 200, and an
unknown id (404) or a parameter we cannot use (400) must not answer 200.
"""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import schemathesis
from django.core.handlers.wsgi import WSGIHandler
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
)

from lokalsundhed.directory.models import (
    Organization,
    Service,
    ServiceAtLocation,
    Taxonomy,
    TaxonomyTerm,
)

SCHEMAS = Path(__file__).resolve().parents[1] / "hsds_schema"
OFFICIAL = "https://raw.githubusercontent.com/openreferral/specification/3.0/schema/"
CHECKS = [not_a_server_error, response_schema_conformance, content_type_conformance, response_headers_conformance]
PATHS = {"/", "/services", "/services/{id}", "/organizations", "/organizations/{id}", "/service_at_locations",
         "/service_at_locations/{id}", "/taxonomies", "/taxonomies/{id}", "/taxonomy_terms", "/taxonomy_terms/{id}"}


def _local(ref: str, base: Path) -> dict[str, Any]:
    """A referenced schema file with its own file references inlined."""
    path = (base / ref).resolve()
    return _inline(json.loads(path.read_text(encoding="utf-8")), path.parent)


def _inline(node: Any, base: Path) -> Any:
    if isinstance(node, list):
        return [_inline(item, base) for item in node]
    if not isinstance(node, dict):
        return node
    ref = node.get("$ref")
    if isinstance(ref, str) and ref.endswith(".json"):
        if ref.startswith(OFFICIAL):
            relative = ref.removeprefix(OFFICIAL)
            folder = SCHEMAS / "openapi" if relative.startswith("compiled/") else SCHEMAS
            inlined = _local(relative, folder)
        else:
            inlined = _local(ref, base)
        return {**inlined, **{k: _inline(v, base) for k, v in node.items() if k != "$ref"}}
    return {key: _inline(value, base) for key, value in node.items()}


def official_description() -> dict[str, Any]:
    """The official document with every schema inlined and the one correction applied."""
    raw = json.loads((SCHEMAS / "openapi" / "openapi.json").read_text(encoding="utf-8"))
    raw = copy.deepcopy(raw)
    fix = raw["paths"]["/service_at_locations/{id}"]["get"]["responses"]["200"]["content"]["application/json"]
    fix["schema"] = {"$ref": f"{OFFICIAL}compiled/service_at_location.json"}
    return _inline(raw, SCHEMAS)


def _real_ids() -> dict[str, list[str]]:
    return {
        "/services/{id}": [str(pk) for pk in Service.objects.values_list("pk", flat=True)[:10]],
        "/organizations/{id}": [str(pk) for pk in Organization.objects.values_list("pk", flat=True)[:10]],
        "/service_at_locations/{id}": [str(pk) for pk in ServiceAtLocation.objects.values_list("pk", flat=True)[:10]],
        "/taxonomies/{id}": [str(pk) for pk in Taxonomy.objects.values_list("pk", flat=True)],
        "/taxonomy_terms/{id}": [str(pk) for pk in TaxonomyTerm.objects.values_list("pk", flat=True)[:10]],
    }


def check_conformance(examples_per_operation: int) -> dict[str, set[int]]:
    """Run every operation of the official document against `/api/hsds/` on the records in the
    database (an `{id}` is a real one half of the time); the statuses answered, by path. Raises
    at the first failed check. Requests go through the WSGI handler: the caller keeps the test's
    connection open across them (core.tests.support.keeping_the_test_connection)."""
    schema = schemathesis.openapi.from_dict(official_description())
    schema.app = WSGIHandler()
    real_ids = _real_ids()
    answered: dict[str, set[int]] = {}
    for result in schema.get_all_operations():
        operation = result.ok()
        path, ids = operation.path, real_ids.get(operation.path)

        @settings(max_examples=examples_per_operation, deadline=None, database=None, derandomize=True,
                  suppress_health_check=list(HealthCheck))
        @given(case=operation.as_strategy(), real=st.sampled_from(ids) if ids else st.none(), use_real=st.booleans())
        def run(case: Any, real: str | None, use_real: bool) -> None:
            if real is not None and use_real:
                case.path_parameters = {**(case.path_parameters or {}), "id": real}
            response = case.call_and_validate(base_url="http://localhost/api/hsds", checks=CHECKS)
            answered.setdefault(path, set()).add(response.status_code)  # noqa: B023 (run at once)

        run()
    return answered
