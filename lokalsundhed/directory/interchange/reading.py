"""Reading HSDS 3.0 JSON (a service list page, a single service, a list of services) and the
tabular CSV form into flat tables, checked against the official schemas as they are read."""

from __future__ import annotations

import csv
import json
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

from lokalsundhed.directory import hsds
from lokalsundhed.directory.hsds import Problem
from lokalsundhed.directory.interchange.tables import (
    BY_NAME,
    NESTED,
    PARENT_COLUMN,
    TABLES,
    Report,
    Table,
    Tables,
    model_has_extra,
)


def read(path: Path, report: Report, progress: Callable[[int, int], None] | None = None) -> Tables:
    """Flat tables from a JSON file or a CSV datapackage folder. Problems go in `report`."""
    if path.is_dir():
        return _read_csv_folder(path, report)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
        report.problems.append(Problem(path.name, f"not readable as JSON: {error}"))
        return Tables()
    except RecursionError:
        report.problems.append(Problem(path.name, "not readable as JSON: nested too deeply"))
        return Tables()
    try:
        return read_json(data, path.name, report, progress)
    except RecursionError:
        # Parsed, but deeper than any HSDS record: checking it would exhaust the stack.
        report.problems.append(Problem(path.name, "not readable as HSDS: nested too deeply"))
        return Tables()


def read_json(data: Any, name: str, report: Report,
              progress: Callable[[int, int], None] | None = None) -> Tables:
    if isinstance(data, dict) and isinstance(data.get("contents"), list):
        services, prefix = data["contents"], f"{name} contents"
    elif isinstance(data, list):
        services, prefix = data, name
    elif isinstance(data, dict) and "id" in data and "name" in data:
        services, prefix = [data], ""
    else:
        report.problems.append(Problem(name, "neither an HSDS service, a list of services nor a service list page"))
        return Tables()
    tables = Tables()
    for i, service in enumerate(services):
        where = f"{prefix}[{i}]" if prefix else name
        problems = hsds.validate("service", service, where)
        report.problems.extend(problems)
        if not problems:
            _flatten("services", service, {}, where, tables, report)
        if progress:
            progress(i + 1, len(services))
    return tables


def _flatten(table: str, obj: dict[str, Any], parent: dict[str, Any], where: str, tables: Tables,
             report: Report) -> None:
    """One nested HSDS object into flat rows: its scalars, then its children."""
    spec = BY_NAME[table]
    row: dict[str, Any] = dict(parent)
    extra: dict[str, Any] = {}
    for key, value in obj.items():
        child_where = f"{where}.{key}"
        if key == "organization" and table == "services" and isinstance(value, dict):
            _flatten("organizations", value, {}, child_where, tables, report)
            row.setdefault("organization_id", value.get("id"))
        elif key == "location" and table == "service_at_location" and isinstance(value, dict):
            _flatten("locations", value, {}, child_where, tables, report)
            row.setdefault("location_id", value.get("id"))
        elif key == "taxonomy_term" and table == "attributes" and isinstance(value, dict):
            _flatten("taxonomy_terms", value, {}, child_where, tables, report)
            row.setdefault("taxonomy_term_id", value.get("id"))
        elif key == "taxonomy_detail" and table == "taxonomy_terms" and isinstance(value, dict):
            _flatten("taxonomies", value, {}, child_where, tables, report)
            row.setdefault("taxonomy_id", value.get("id"))
        elif key == "attributes" and isinstance(value, list):
            for i, attribute in enumerate(value):
                link = {"link_id": obj.get("id"), "link_entity": spec.schema}
                _flatten("attributes", attribute, link, f"{child_where}[{i}]", tables, report)
        elif key in NESTED and isinstance(value, list) and _has_column(BY_NAME[NESTED[key]], table):
            for i, child in enumerate(value):
                _flatten(NESTED[key], child, {PARENT_COLUMN[table]: obj.get("id")}, f"{child_where}[{i}]",
                         tables, report)
        elif isinstance(value, (dict, list)):
            if model_has_extra(spec.model):
                extra[key] = value
            else:
                report.warnings.append(Problem(child_where, f"{key} is not kept by lokalsundhed"))
        else:
            row[key] = value
    if extra:
        row["extra"] = extra
    tables.add(table, row, where, report)


def _has_column(child: Table, parent_table: str) -> bool:
    return PARENT_COLUMN.get(parent_table) in child.parents


def _read_csv_folder(folder: Path, report: Report) -> Tables:
    tables = Tables()
    read_rows: Counter[str] = Counter()
    known = {f"{t.name}.csv" for t in TABLES}
    for path in sorted(folder.glob("*.csv")):
        if path.name not in known:
            report.warnings.append(Problem(path.name, "not imported: lokalsundhed does not keep this table"))
    for spec in TABLES:
        path = folder / f"{spec.name}.csv"
        if not path.exists():
            continue
        properties = hsds.schema_properties(spec.schema)
        try:
            with path.open(encoding="utf-8-sig", newline="") as handle:
                reader = csv.DictReader(handle)
                for line, raw in enumerate(reader, start=2):
                    where = f"{path.name} line {line}"
                    read_rows[spec.name] += 1
                    row = _typed_csv_row(raw, properties, where, report)
                    if row is None:
                        continue
                    problems = _validate_flat(spec, row, where)
                    report.problems.extend(problems)
                    if not problems:
                        tables.add(spec.name, row, where, report)
        except (OSError, UnicodeDecodeError, csv.Error) as error:
            report.problems.append(Problem(path.name, f"not readable as CSV: {error}"))
    if not read_rows["services"]:
        report.problems.append(Problem(folder.name, "no services.csv with services in it"))
    return tables


def _typed_csv_row(raw: dict[str, Any], properties: dict[str, Any], where: str, report: Report) -> dict[str, Any] | None:
    row: dict[str, Any] = {}
    ok = True
    for column, value in raw.items():
        if column is None:
            report.problems.append(Problem(where, "more cells than columns"))
            ok = False
            continue
        if value is None or value == "":
            continue
        kind = properties.get(column, {}).get("type")
        if kind == "number":
            try:
                number = float(value)
            except ValueError:
                report.problems.append(Problem(f"{where}, column {column}", f"{value!r} is not a number"))
                ok = False
                continue
            row[column] = int(number) if number.is_integer() else number
        else:
            row[column] = value
    return row if ok else None


def _validate_flat(spec: Table, row: dict[str, Any], where: str) -> list[Problem]:
    problems = [Problem(f"{p.where.replace(where + '.', where + ', column ', 1)}", p.message)
                for p in hsds.validate(spec.schema, row, where)]
    schema = hsds._registry().contents(f"{spec.schema}.json")
    for column in schema.get("tabular_required", []):
        if column not in row:
            problems.append(Problem(where, f"{column!r} is a required column"))
    return problems
