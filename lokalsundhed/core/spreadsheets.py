"""CSV files people open in a spreadsheet: a cell that begins like a formula is written as text.

A spreadsheet runs a cell that starts with =, +, -, @ (or a tab or carriage return before one) as a
formula, so text typed by anyone — a login name tried on the login form lands in the access log
as typed — could run in the reader's spreadsheet. Such a cell gets a leading apostrophe, which
the spreadsheet shows as text (OWASP's advice for CSV injection); numbers are left alone."""

from __future__ import annotations

import csv
from collections.abc import Iterable
from typing import Any

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: Any) -> Any:
    """The value, with text that a spreadsheet would read as a formula made plain text."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def safe_row(row: Iterable[Any]) -> list[Any]:
    return [safe_cell(cell) for cell in row]


class _Echo:
    def write(self, value: str) -> str:
        return value


def csv_lines(rows: Iterable[Iterable[Any]]) -> Iterable[str]:
    """Each row as one line of CSV, every cell made safe: for a streamed response."""
    writer = csv.writer(_Echo())
    for row in rows:
        yield writer.writerow(safe_row(row))
