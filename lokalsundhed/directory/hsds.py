"""Validation against the official HSDS 3.0 JSON schemas (copied into hsds_schema/).

The object schemas refer to each other by file name (`"$ref": "phone.json"`); a
`referencing` registry serves those names from the folder, so validating a service checks
its nested organization, phones, schedules … with the same official rules.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from jsonschema import Draft202012Validator, FormatChecker
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

SCHEMA_DIR = Path(__file__).resolve().parent / "hsds_schema"
HSDS_VERSION = "3.0"


@dataclass(frozen=True)
class Problem:
    """One thing wrong with an input file, and where: a file name and a JSON path or CSV row."""

    where: str
    message: str

    def __str__(self) -> str:
        return f"{self.where}: {self.message}"


@cache
def _registry() -> Registry:
    resources = []
    for path in sorted(SCHEMA_DIR.glob("*.json")):
        contents = json.loads(path.read_text(encoding="utf-8"))
        resources.append((path.name, Resource.from_contents(contents, default_specification=DRAFT202012)))
    return Registry().with_resources(resources)


@cache
def validator(name: str) -> Draft202012Validator:
    """The validator of one HSDS object schema, e.g. "service" or "organization"."""
    schema = _registry().contents(f"{name}.json")
    return Draft202012Validator(schema, registry=_registry(), format_checker=FormatChecker())


def _path(error_path: Any) -> str:
    out = ""
    for part in error_path:
        out += f"[{part}]" if isinstance(part, int) else f".{part}"
    return out


def validate(name: str, obj: Any, where: str) -> list[Problem]:
    """Every schema error of `obj` as an HSDS `name` object, located below `where`."""
    problems = []
    for error in sorted(validator(name).iter_errors(obj), key=lambda e: list(map(str, e.absolute_path))):
        problems.append(Problem(f"{where}{_path(error.absolute_path)}", error.message))
    return problems


def schema_properties(name: str) -> dict[str, Any]:
    return dict(_registry().contents(f"{name}.json")["properties"])
