"""docs/permissions.md must say what core/permissions.py does."""

from __future__ import annotations

from pathlib import Path

from lokalsundhed.core.permissions import ROLE_PERMISSIONS

DOC = Path(__file__).resolve().parents[3] / "docs" / "permissions.md"


def _cells(line: str) -> list[str]:
    return [cell.strip().strip("`") for cell in line.strip().strip("|").split("|")]


def _documented_matrix() -> dict[str, set[str]]:
    text = DOC.read_text(encoding="utf-8").split("## Matrix", 1)[1].split("\n## ", 1)[0]
    rows = [line for line in text.splitlines() if line.startswith("|") and not line.startswith("|---")]
    perms = _cells(rows[0])[1:]
    return {
        cells[0]: {perm for perm, mark in zip(perms, cells[1:], strict=True) if mark == "✔"}
        for cells in map(_cells, rows[1:])
    }


def test_the_permissions_document_matches_the_catalogue():
    expected = {str(role.value): {str(p) for p in perms} for role, perms in ROLE_PERMISSIONS.items()}
    assert _documented_matrix() == expected
