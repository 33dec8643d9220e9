"""Reading Statistics Denmark tables as its Statbank API delivers them: JSON-stat 2.0
(`…/data/FOLK1A/JSONSTAT2?…`) and CSV (semicolon-separated, one column per dimension and the
value last, with `valuePresentation=Code`).

Reading only: a file is parsed and checked completely before anything is stored, so a bad
file changes nothing and `BadTable` says why.
"""

from __future__ import annotations

import csv
import io
import json
import math
from dataclasses import dataclass, field
from datetime import datetime
from itertools import product
from pathlib import Path
from typing import Any

from django.utils.dateparse import parse_datetime

AREA = "OMRÅDE"
AGE = "ALDER"
TIME = "Tid"
CONTENTS = "ContentsCode"
MISSING = ".."  # Statistics Denmark's mark for a value that is not available or is confidential
MAX_CELLS = 2_000_000


class BadTable(ValueError):
    """The file is not a table we can store; the message says why (shown to whoever imported it)."""


@dataclass
class Dimension:
    id: str
    label: str
    categories: list[tuple[str, str]]  # (code, label) in the table's order

    @property
    def codes(self) -> list[str]:
        return [code for code, _label in self.categories]


@dataclass
class ParsedTable:
    table_id: str
    label: str
    source: str
    updated: datetime | None
    dimensions: list[Dimension]
    # one per cell: (codes in dimension order, value or None, status)
    cells: list[tuple[tuple[str, ...], float | None, str]]
    roles: dict[str, list[str]] = field(default_factory=dict)
    units: dict[str, Any] = field(default_factory=dict)
    source_format: str = "json-stat"


def read(path: Path, *, table_id: str = "") -> ParsedTable:
    """Read a file by its content: JSON-stat if it is JSON, else Statbank CSV."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise BadTable(f"cannot read {path.name}: {exc.strerror}") from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        # Statbank's CSV comes in Windows-1252 unless asked for UTF-8.
        text = raw.decode("cp1252")
    name = table_id or path.stem.split(".")[0].upper()
    if text.lstrip().startswith("{"):
        return parse_json_stat(text, fallback_id=name)
    return parse_csv(text, table_id=name)


def _number(value: Any, where: str) -> float | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise BadTable(f"{where}: the value {value!r} is not a number")
    if isinstance(value, float) and not math.isfinite(value):
        raise BadTable(f"{where}: the value {value!r} is not a finite number")
    return float(value)


def _categories(dim_id: str, spec: Any, size: int) -> list[tuple[str, str]]:
    if not isinstance(spec, dict) or not isinstance(spec.get("category"), dict):
        raise BadTable(f"dimension {dim_id} has no categories")
    category = spec["category"]
    labels = category.get("label") or {}
    index = category.get("index")
    if index is None:
        if len(labels) != 1 and size != 1:
            raise BadTable(f"dimension {dim_id} has no category index")
        codes = list(labels)
    elif isinstance(index, list):
        codes = [str(code) for code in index]
    elif isinstance(index, dict):
        positions = sorted(index.items(), key=lambda item: item[1])
        if [pos for _code, pos in positions] != list(range(len(positions))):
            raise BadTable(f"dimension {dim_id}: the category index is not 0, 1, 2 …")
        codes = [str(code) for code, _pos in positions]
    else:
        raise BadTable(f"dimension {dim_id}: the category index is neither a list nor an object")
    if len(codes) != size:
        raise BadTable(f"dimension {dim_id} has {len(codes)} categories but its size says {size}")
    if len(set(codes)) != len(codes):
        raise BadTable(f"dimension {dim_id} repeats a category code")
    return [(code, str(labels.get(code, code))) for code in codes]


def parse_json_stat(text: str, *, fallback_id: str) -> ParsedTable:
    """A JSON-stat 2.0 dataset (or the older Statbank wrapper `{"dataset": {…}}`)."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise BadTable(f"not valid JSON (line {exc.lineno}, column {exc.colno}: {exc.msg})") from None
    if isinstance(data, dict) and "dataset" in data and "class" not in data:
        data = data["dataset"]
    if not isinstance(data, dict):
        raise BadTable("not a JSON-stat dataset: the file is not an object")
    if data.get("class", "dataset") != "dataset":
        raise BadTable(f"not a JSON-stat dataset: its class is {data.get('class')!r}")
    ids, sizes, dims = data.get("id"), data.get("size"), data.get("dimension")
    if not isinstance(ids, list) or not isinstance(sizes, list) or not isinstance(dims, dict):
        raise BadTable("not a JSON-stat 2.0 dataset: 'id', 'size' and 'dimension' are required")
    if len(ids) != len(sizes) or not ids:
        raise BadTable("'id' and 'size' must be lists of the same length")
    if not all(isinstance(s, int) and s > 0 for s in sizes):
        raise BadTable("every size must be a whole number above zero")
    dimensions = []
    for dim_id, size in zip(ids, sizes, strict=True):
        if dim_id not in dims:
            raise BadTable(f"dimension {dim_id} is listed in 'id' but not described")
        spec = dims[dim_id]
        dimensions.append(Dimension(str(dim_id), str(spec.get("label", dim_id)), _categories(dim_id, spec, size)))
    total = math.prod(sizes)
    if total > MAX_CELLS:
        raise BadTable(f"the table has {total} cells; at most {MAX_CELLS} are taken in one file")
    values = data.get("value")
    if isinstance(values, list):
        if len(values) != total:
            raise BadTable(f"the dimensions give {total} cells but there are {len(values)} values")
        numbers = [_number(v, f"value {i}") for i, v in enumerate(values)]
    elif isinstance(values, dict):
        numbers = [None] * total
        for key, v in values.items():
            if not str(key).isdigit() or int(key) >= total:
                raise BadTable(f"value key {key!r} is outside the table")
            numbers[int(key)] = _number(v, f"value {key}")
    else:
        raise BadTable("the dataset has no values")
    status = data.get("status") or {}
    if isinstance(status, str):
        statuses = [status] * total
    elif isinstance(status, list):
        statuses = [str(s or "") for s in status] + [""] * (total - len(status))
    elif isinstance(status, dict):
        statuses = [""] * total
        for key, s in status.items():
            if str(key).isdigit() and int(key) < total:
                statuses[int(key)] = str(s or "")
    else:
        raise BadTable("'status' is neither text, a list nor an object")
    extension = data.get("extension") or {}
    px = extension.get("px") or {} if isinstance(extension, dict) else {}
    table_id = str(px.get("tableid") or fallback_id).strip().upper()
    if not table_id:
        raise BadTable("the table has no id (extension.px.tableid) and the file has no name to take it from")
    updated = None
    if data.get("updated"):
        updated = parse_datetime(str(data["updated"]))
        if updated is None:
            raise BadTable(f"'updated' is not a date and time: {data['updated']!r}")
    units: dict[str, Any] = {}
    for dim_id, spec in dims.items():
        unit = (spec.get("category") or {}).get("unit") if isinstance(spec, dict) else None
        if unit:
            units[str(dim_id)] = unit
    cells = [
        (codes, numbers[i], statuses[i])
        for i, codes in enumerate(product(*(d.codes for d in dimensions)))
    ]
    roles = data.get("role") if isinstance(data.get("role"), dict) else {}
    return ParsedTable(table_id=table_id, label=str(data.get("label") or table_id), source=str(data.get("source") or ""),
                       updated=updated, dimensions=dimensions, cells=cells, roles=roles or {}, units=units)


def _csv_number(text: str, where: str) -> float | None:
    text = text.strip()
    if text in ("", MISSING, "-"):
        return None
    try:
        number = float(text.replace(" ", "").replace(",", "."))
    except ValueError:
        raise BadTable(f"{where}: the value {text!r} is not a number") from None
    if not math.isfinite(number):
        raise BadTable(f"{where}: the value {text!r} is not a finite number")
    return number


def parse_csv(text: str, *, table_id: str) -> ParsedTable:
    """Statbank CSV: a header of dimension names and the value column last (`INDHOLD`)."""
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    rows = [row for row in rows if any(cell.strip() for cell in row)]
    if not rows:
        raise BadTable("the file is empty")
    header = [cell.strip() for cell in rows[0]]
    if len(header) < 2:
        raise BadTable("not a Statbank CSV file: expected columns separated by ';' with the value last")
    # Statbank writes its time dimension as TID in CSV and as Tid in JSON-stat: one name for both.
    dim_ids = [TIME if name.upper() == "TID" else name for name in header[:-1]]
    if len(set(dim_ids)) != len(dim_ids):
        raise BadTable("a column name is repeated in the header")
    seen: dict[tuple[str, ...], int] = {}
    categories: list[dict[str, None]] = [{} for _ in dim_ids]
    cells = []
    for number, row in enumerate(rows[1:], start=2):
        if len(row) != len(header):
            raise BadTable(f"line {number}: {len(row)} columns, the header has {len(header)}")
        codes = tuple(cell.strip() for cell in row[:-1])
        if not all(codes):
            raise BadTable(f"line {number}: an empty code")
        if codes in seen:
            raise BadTable(f"line {number}: the same codes as line {seen[codes]}")
        seen[codes] = number
        for i, code in enumerate(codes):
            categories[i].setdefault(code, None)
        value = _csv_number(row[-1], f"line {number}")
        cells.append((codes, value, MISSING if row[-1].strip() == MISSING else ""))
    if not cells:
        raise BadTable("the file has a header but no values")
    if len(cells) > MAX_CELLS:
        raise BadTable(f"the table has {len(cells)} cells; at most {MAX_CELLS} are taken in one file")
    dimensions = [Dimension(dim_id, dim_id, [(code, code) for code in cats]) for dim_id, cats in zip(dim_ids, categories, strict=True)]
    return ParsedTable(table_id=table_id.strip().upper(), label=table_id, source="Danmarks Statistik", updated=None,
                       dimensions=dimensions, cells=cells, source_format="csv",
                       roles={"time": [TIME]} if TIME in dim_ids else {})
