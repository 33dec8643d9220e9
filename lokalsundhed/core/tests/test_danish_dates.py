"""A day is a Danish day: the date of a moment is taken in the current time zone
(`timezone.localdate(moment)`), never with `.date()` on an aware datetime, which gives UTC's date —
one or two hours a night on the day before (a training completion counted a day too long, an
observation of the first hour of a month counted in the month before). An AST walk of the code
(tests and migrations aside) for `.date()` on `timezone.now()`, on a name `now` and on a timestamp
attribute (`…_at`)."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[2]


def _sources() -> list[Path]:
    return sorted(p for p in PACKAGE.rglob("*.py") if "tests" not in p.parts and "migrations" not in p.parts)


def _utc_dates(tree: ast.AST) -> list[int]:
    """Line numbers of `.date()` called on what is surely an aware datetime in UTC."""
    found = []
    for node in ast.walk(tree):
        if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "date"
                and not node.args):
            continue
        target = node.func.value
        if (
            (isinstance(target, ast.Name) and target.id == "now")
            or (isinstance(target, ast.Attribute) and target.attr.endswith("_at"))
            or (isinstance(target, ast.Call) and isinstance(target.func, ast.Attribute) and target.func.attr == "now")
        ):
            found.append(node.lineno)
    return found


def test_the_walk_finds_a_utc_date():
    code = "a = timezone.now().date()\nb = now.date()\nc = referral.sent_at.date()\nd = timezone.localdate(now)\n"
    assert _utc_dates(ast.parse(code)) == [1, 2, 3]


def test_no_date_is_taken_in_utc():
    found = [f"{path.relative_to(PACKAGE)}:{line}"
             for path in _sources() for line in _utc_dates(ast.parse(path.read_text(encoding="utf-8")))]
    assert found == [], "take the Danish date with timezone.localdate(moment): " + ", ".join(found)
