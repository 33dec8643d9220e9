"""The REST API at /api/v1/: one NinjaAPI, and the registry its routers come from.

Each capability may add its resources by defining, in its own `<app>/api.py`, a ninja
`router = Router(...)` and `PREFIX = "name"`; the routers are found when the URL configuration
loads, so a new capability plugs in without editing this app. The referral, offer, errand and
access-log resources live in `api/resources/` in the same shape.
"""

from __future__ import annotations

import importlib
from types import ModuleType
from typing import Any

from django.apps import apps
from ninja import NinjaAPI, Swagger

from lokalsundhed.api import problems
from lokalsundhed.api.auth import ClientToken

BUILT_IN = (
    "lokalsundhed.api.resources.referrals",
    "lokalsundhed.api.resources.offers",
    "lokalsundhed.api.resources.errands",
    "lokalsundhed.api.resources.audit",
)

DESCRIPTION = """The platform's open interface for municipal and housing organisations' systems.

Authenticate with an API client's token: `Authorization: Bearer lsk_…`. A client sees exactly
what a member of its organisation with the client's scopes sees. Errors are
`application/problem+json` (RFC 9457). See docs/api.md."""


PROBLEM_SCHEMA = {
    "type": "object",
    "description": "RFC 9457 problem details",
    "required": ["type", "title", "status", "detail"],
    "properties": {
        "type": {"type": "string", "format": "uri"},
        "title": {"type": "string"},
        "status": {"type": "integer"},
        "detail": {"type": "string"},
        "instance": {"type": "string"},
        "errors": {
            "type": "array",
            "items": {"type": "object", "required": ["field", "detail"],
                      "properties": {"field": {"type": "string"}, "detail": {"type": "string"}}},
        },
    },
}
PROBLEM_RESPONSE = {
    "description": "An error (401, 403, 404, 409, 422, 429 …) as application/problem+json",
    "content": {"application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}},
}


class LokalsundhedAPI(NinjaAPI):
    def get_openapi_schema(self, *args: Any, **kwargs: Any) -> Any:
        """The schema, with each operation's required scope as `x-scope`."""
        schema = super().get_openapi_schema(*args, **kwargs)
        scopes = {
            self.get_openapi_operation_id(operation): getattr(operation.view_func, "api_scope", None)
            for _path, _method, operation in operations(self)
        }
        for methods in schema.get("paths", {}).values():
            for spec in methods.values():
                scope = scopes.get(spec.get("operationId"))
                if scope:
                    spec["x-scope"] = scope
                spec.setdefault("responses", {})["default"] = PROBLEM_RESPONSE
        schema.setdefault("components", {}).setdefault("schemas", {})["Problem"] = PROBLEM_SCHEMA
        return schema


def discovered_modules() -> list[ModuleType]:
    """The built-in resource modules, then every capability's `<app>/api.py` with a router."""
    modules = [importlib.import_module(name) for name in BUILT_IN]
    for config in apps.get_app_configs():
        if not config.name.startswith("lokalsundhed.") or config.name == "lokalsundhed.api":
            continue
        try:
            module = importlib.import_module(f"{config.name}.api")
        except ModuleNotFoundError as error:
            if error.name != f"{config.name}.api":
                raise
            continue
        if hasattr(module, "router") and hasattr(module, "PREFIX"):
            modules.append(module)
    return modules


def operations(api: NinjaAPI) -> list[tuple[str, str, Any]]:
    """Every (path, method, operation) of the API, the path as Django sees it under /api/v1/."""
    found = []
    for bound in api._get_bound_routers():
        for path, path_view in bound.path_operations.items():
            full = "/".join(part.strip("/") for part in (bound.prefix, path) if part.strip("/"))
            for operation in path_view.operations:
                for method in operation.methods:
                    found.append((full, method, operation))
    return found


def build() -> NinjaAPI:
    api = LokalsundhedAPI(
        title="lokalsundhed API",
        version="1",
        description=DESCRIPTION,
        urls_namespace="api:api-v1",
        auth=ClientToken(),
        docs=Swagger(settings={"persistAuthorization": False}),
        docs_url="/docs",
        openapi_url="/openapi.json",
    )
    problems.install(api)
    for module in discovered_modules():
        api.add_router(module.PREFIX, module.router)
    return api


api = build()
