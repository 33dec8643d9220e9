"""The help guide's rows of the authorization matrix (core/tests/test_authorization.py).

Each spec is the keyword arguments of that module's `Row`. The service is made in Fredericia
(municipality M) when a row first needs it.
"""

from __future__ import annotations

from typing import Any

from lokalsundhed.core.tests.world import PERSONAS
from lokalsundhed.directory.contact_sheet import available
from lokalsundhed.directory.models import NEEDS_TAXONOMY_ID
from lokalsundhed.directory.tests.factories import matrix_place, matrix_service, need

EVERYONE = set(PERSONAS)
OTHER_MUNICIPALITY = {"other_municipality_intake", "other_municipality_admin"}
OUTSIDERS = {"other_housing_caretaker", *OTHER_MUNICIPALITY}
ESTATE_A = {"caretaker", "social_worker", "housing_admin", "housing_analyst", "intake", "unit_worker",
            "professional", "municipal_admin", "municipal_analyst", "auditor"}

ROWS: dict[str, dict[str, Any]] = {
    # Staff: every member of staff may look up whom to call.
    "directory:search": {"ok": EVERYONE},
    "directory:guidance_list": {"ok": EVERYONE},
    "directory:guidance_for_signs": {"ok": EVERYONE},
    "directory:guidance_detail": {"ok": EVERYONE, "kwargs": lambda w: {"code": "mental"}},
    # A service of Fredericia: staff working there (housing organisation B's estate is there too).
    "directory:service_detail": {
        "ok": EVERYONE - OTHER_MUNICIPALITY, "not_found": OTHER_MUNICIPALITY,
        "kwargs": lambda w: {"pk": matrix_service(w).pk},
    },
    # Verifying and editing: the municipality's administrators only; a housing organisation's
    # administrator has no municipality to edit.
    "directory:service_verify": {
        "ok": {"municipal_admin"}, "not_found": {"housing_admin", "other_municipality_admin"},
        "kwargs": lambda w: {"pk": matrix_service(w).pk}, "method": "post", "ok_status": 302,
    },
    "directory:manage_list": {
        "ok": {"municipal_admin", "other_municipality_admin"}, "not_found": {"housing_admin"},
    },
    "directory:service_new": {
        "ok": {"municipal_admin", "other_municipality_admin"}, "not_found": {"housing_admin"},
    },
    "directory:service_edit": {
        "ok": {"municipal_admin"}, "not_found": {"housing_admin", "other_municipality_admin"},
        "kwargs": lambda w: {"pk": matrix_service(w).pk},
    },
    "directory:service_retire": {
        "ok": {"municipal_admin"}, "not_found": {"housing_admin", "other_municipality_admin"},
        "kwargs": lambda w: {"pk": matrix_service(w).pk}, "method": "post", "ok_status": 302,
    },
    "directory:guidance_edit": {
        "ok": {"municipal_admin", "other_municipality_admin"}, "not_found": {"housing_admin"},
        "kwargs": lambda w: {"code": "mental"},
    },
    # Estate A's contact sheet (503 where WeasyPrint's libraries are missing: the page says so).
    "directory:contact_sheet": {
        "ok": ESTATE_A, "not_found": OUTSIDERS, "kwargs": lambda w: {"pk": w.estate_a.pk},
        "ok_status": 200 if available()[0] else 503,
    },
    # Residents: public.
    "directory:guide_index": {"ok": EVERYONE, "public": True},
    "directory:guide": {"ok": EVERYONE, "public": True, "kwargs": lambda w: {"code": "0607"}},
    "directory:guide_estate": {
        "ok": EVERYONE, "public": True, "kwargs": lambda w: {"code": "0607", "estate": w.estate_a.pk},
    },
    # The HSDS 3.0 API: public and read-only, the same answer for everyone.
    **{f"hsds:{name}": {"ok": EVERYONE, "public": True}
       for name in ("meta", "openapi", "services", "organizations", "service_at_locations", "taxonomies",
                    "taxonomy_terms")},
    "hsds:service": {"ok": EVERYONE, "public": True, "kwargs": lambda w: {"id": str(matrix_service(w).pk)}},
    "hsds:organization": {
        "ok": EVERYONE, "public": True, "kwargs": lambda w: {"id": str(matrix_service(w).organization_id)},
    },
    "hsds:service_at_location": {
        "ok": EVERYONE, "public": True, "kwargs": lambda w: {"id": str(matrix_place(w).pk)},
    },
    "hsds:taxonomy": {"ok": EVERYONE, "public": True, "kwargs": lambda w: {"id": str(NEEDS_TAXONOMY_ID)}},
    "hsds:taxonomy_term": {"ok": EVERYONE, "public": True, "kwargs": lambda w: {"id": str(need("dementia").pk)}},
}
