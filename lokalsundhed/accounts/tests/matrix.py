"""The authorization matrix's rows for people and their roles (core/tests/test_authorization.py
builds `Row`s from these)."""

from __future__ import annotations

from typing import Any

ROWS: dict[str, dict[str, Any]] = {
    "accounts:member_list": {"ok": {"housing_admin", "municipal_admin", "other_municipality_admin"}},
    # Releasing the caretaker of A: only A's administrator; other administrators cannot find them.
    "accounts:member_release_lockout": {
        "ok": {"housing_admin"},
        "not_found": {"municipal_admin", "other_municipality_admin"},
        "kwargs": lambda w: {"pk": w.users["caretaker"].pk},
        "method": "post",
        "ok_status": 302,
    },
}
