"""The authorization matrix's rows for a resident's access request (core/tests/test_authorization.py
builds `Row`s from these)."""

from __future__ import annotations

from typing import Any

from lokalsundhed.subject_access.export import pdf_unavailable_reason

# Administrators of the estate's housing organisation and of its municipality; another
# municipality's administrator holds the permission but cannot find the dwelling.
EXPORTERS = {"housing_admin", "municipal_admin", "other_municipality_admin"}
PDF_STATUS = 200 if pdf_unavailable_reason() is None else 503

ROWS: dict[str, dict[str, Any]] = {
    "subject_access:find": {"ok": EXPORTERS},
    **{
        name: {"ok": EXPORTERS - {"other_municipality_admin"}, "not_found": {"other_municipality_admin"},
               "kwargs": lambda w: {"pk": w.observation.dwelling_id}, "method": method, "ok_status": status}
        for name, method, status in [
            ("subject_access:dwelling", "get", 200),
            ("subject_access:dwelling_json", "post", 200),
            ("subject_access:dwelling_pdf", "post", PDF_STATUS),
        ]
    },
    # Without a dwelling: every exporter reaches the form; an empty POST is shown the form again.
    "subject_access:resident": {"ok": EXPORTERS},
    "subject_access:resident_json": {"ok": EXPORTERS, "method": "post"},
    "subject_access:resident_pdf": {"ok": EXPORTERS, "method": "post"},
}
