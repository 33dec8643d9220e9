"""The import contracts (pyproject's `[tool.importlinter]`, checked by `lint-imports`) stay
complete as the code grows: every page, form and test module of a capability is forbidden to
every other capability."""

from __future__ import annotations

import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
PACKAGE = ROOT / "lokalsundhed"


def _config() -> dict:
    return tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["importlinter"]


def _capabilities() -> list[str]:
    """The capabilities floor of the layers contract."""
    layers = next(c for c in _config()["contracts"] if c["type"] == "layers")["layers"]
    floor = next(layer for layer in layers if "lokalsundhed.referrals" in layer)
    return [name.strip().removeprefix("lokalsundhed.") for name in floor.replace("|", ":").split(":")]


def _private_rooms(app: str) -> set[str]:
    """Modules of `app` no other capability may import: its views, forms and tests."""
    rooms = {f"lokalsundhed.{app}.tests"}
    for path in (PACKAGE / app).glob("*.py"):
        if path.stem in ("views", "forms") or path.stem.endswith(("_views", "_forms")):
            rooms.add(f"lokalsundhed.{app}.{path.stem}")
    return rooms


def test_every_capability_is_kept_out_of_the_others_pages_forms_and_tests():
    forbidden = {
        contract["source_modules"][0].removeprefix("lokalsundhed."): set(contract["forbidden_modules"])
        for contract in _config()["contracts"] if contract["type"] == "forbidden"
    }
    capabilities = _capabilities()
    assert {"referrals", "offers", "errands", "directory"} <= set(capabilities)
    for app in capabilities:
        assert app in forbidden, f"no forbidden contract for {app}"
        for other in capabilities:
            if other != app:
                missing = _private_rooms(other) - forbidden[app]
                assert not missing, f"{app} may still import {sorted(missing)}"


def test_the_generated_contracts_are_up_to_date():
    """scripts/import_contracts.py writes the forbidden contracts from the code; run it after
    adding a capability or a views/forms module."""
    import subprocess
    import sys

    check = subprocess.run([sys.executable, str(ROOT / "scripts" / "import_contracts.py"), "--check"],  # noqa: S603
                           capture_output=True, text=True)
    assert check.returncode == 0, check.stdout


def test_the_sign_catalogue_sits_below_the_capabilities():
    layers = next(c for c in _config()["contracts"] if c["type"] == "layers")["layers"]
    floor_of = {name.strip(): i for i, layer in enumerate(layers) for name in layer.replace("|", ":").split(":")}
    assert floor_of["lokalsundhed.signs"] == floor_of["lokalsundhed.organisations"]
    assert floor_of["lokalsundhed.signs"] > floor_of["lokalsundhed.referrals"]  # listed top floor first
