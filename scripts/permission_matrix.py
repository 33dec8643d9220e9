"""Rewrite the role × permission table under "## Matrix" in docs/permissions.md from the catalogue
(`lokalsundhed/core/permissions.py`); accounts/tests/test_permissions_doc.py keeps them in step.

    .venv/bin/python scripts/permission_matrix.py
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def table() -> str:
    from lokalsundhed.core.permissions import ROLE_PERMISSIONS, Perm, Role

    perms = list(Perm)
    lines = ["| role | " + " | ".join(f"`{p.value}`" for p in perms) + " |",
             "|---|" + "---|" * len(perms)]
    for role in Role:
        granted = ROLE_PERMISSIONS[role]
        lines.append(f"| `{role.value}` | " + " | ".join("✔" if p in granted else "" for p in perms) + " |")
    return "\n".join(lines) + "\n"


def main() -> None:
    path = ROOT / "docs" / "permissions.md"
    text = path.read_text(encoding="utf-8")
    head, rest = text.split("## Matrix", 1)
    # Everything from the first table row to the next heading, conflict markers included.
    rest = re.sub(r"\n(?:[|<=>+ -][^\n]*\n)+", "\n" + table(), rest, count=1)
    path.write_text(head + "## Matrix" + rest, encoding="utf-8")


if __name__ == "__main__":
    main()
