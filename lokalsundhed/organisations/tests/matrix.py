"""The authorization matrix's rows for estates and partnerships (core/tests/test_authorization.py
builds `Row`s from these)."""

from __future__ import annotations

from typing import Any

from lokalsundhed.core.tests.world import EVERYONE, HOUSING_A, MUNICIPAL_M, OUTSIDERS

ROWS: dict[str, dict[str, Any]] = {
    "organisations:estate_list": {"ok": EVERYONE},
    # Estate A: its housing organisation and its municipality; everyone else is told it does not exist.
    "organisations:estate_detail": {
        "ok": HOUSING_A | MUNICIPAL_M, "not_found": OUTSIDERS, "kwargs": lambda w: {"pk": w.estate_a.pk},
    },
    "organisations:partnership_list": {"ok": EVERYONE},
    "organisations:partnership_detail": {
        "ok": HOUSING_A | MUNICIPAL_M, "not_found": OUTSIDERS, "kwargs": lambda w: {"pk": w.partnership.pk},
    },
}
