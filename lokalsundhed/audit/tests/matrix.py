"""The authorization matrix's rows for the access log (core/tests/test_authorization.py builds
`Row`s from these)."""

from __future__ import annotations

from typing import Any

ROWS: dict[str, dict[str, Any]] = {
    "audit:entry_list": {"ok": {"auditor"}},
    "audit:entry_csv": {"ok": {"auditor"}},
}
