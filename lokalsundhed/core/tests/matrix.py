"""The authorization matrix's rows for core's own pages (core/tests/test_authorization.py builds
`Row`s from these)."""

from __future__ import annotations

from typing import Any

from lokalsundhed.core.tests.world import EVERYONE

ROWS: dict[str, dict[str, Any]] = {
    # Logged in: the overview. Not logged in: sent (302) to the residents' entrance, not the login.
    "core:home": {"ok": EVERYONE},
    "core:residents": {"ok": EVERYONE, "public": True},
}
