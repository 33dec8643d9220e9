"""A view never queries a model that has a registered scope by its `.objects` manager: it reads
through `scoped(user, Model)`, `get_for_user(user, Model, queryset, …)` (which scopes the
queryset it is given) or the app's selectors. An AST walk of every `views.py` and `*_views.py`."""

from __future__ import annotations

import ast
from pathlib import Path

from lokalsundhed.core.access import registered_models

PACKAGE = Path(__file__).resolve().parents[2]


def _view_modules() -> list[Path]:
    return sorted(p for p in PACKAGE.glob("*/*.py") if p.name == "views.py" or p.name.endswith("_views.py"))


def _unscoped_reads(path: Path, scoped_names: set[str]) -> set[str]:
    """Names of scoped models whose `.objects` is used outside a `get_for_user(...)` call."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    allowed: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and getattr(node.func, "id", getattr(node.func, "attr", "")) == "get_for_user":
            allowed.update(id(inner) for arg in node.args[2:] for inner in ast.walk(arg))
    found = set()
    for node in ast.walk(tree):
        if (isinstance(node, ast.Attribute) and node.attr == "objects" and id(node) not in allowed):
            target = node.value
            name = target.id if isinstance(target, ast.Name) else getattr(target, "attr", "")
            if name in scoped_names:
                found.add(name)
    return found


def test_views_read_scoped_models_only_through_the_scoping_helpers():
    scoped_names = {model.__name__ for model in registered_models()}
    assert {"Referral", "Observation", "Estate"} <= scoped_names
    seen = {(str(path.relative_to(PACKAGE)), name)
            for path in _view_modules() for name in _unscoped_reads(path, scoped_names)}
    assert not seen, f"views querying a scoped model's .objects directly (use scoped/get_for_user/selectors): {sorted(seen)}"


def test_the_walk_finds_a_direct_read(tmp_path):
    sample = tmp_path / "views.py"
    sample.write_text("def v(request):\n    get_for_user(request.user, Referral, Referral.objects.all(), pk=1)\n"
                      "    return Referral.objects.filter(pk=1)\n", encoding="utf-8")
    assert _unscoped_reads(sample, {"Referral"}) == {"Referral"}
    sample.write_text("def v(request):\n    return get_for_user(request.user, Referral, Referral.objects.all(), pk=1)\n",
                      encoding="utf-8")
    assert _unscoped_reads(sample, {"Referral"}) == set()
