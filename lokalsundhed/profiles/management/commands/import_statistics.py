"""`manage.py import_statistics FILE [FILE …]`: import Statistics Denmark tables (JSON-stat 2.0
or Statbank CSV). A newer version of a table replaces the stored one; a bad file changes
nothing and the command says why."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from lokalsundhed.profiles import dst, services


class Command(BaseCommand):
    help = "Import Statistics Denmark tables in JSON-stat 2.0 or Statbank CSV (semicolon-separated, codes)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("files", nargs="+", type=Path)
        parser.add_argument("--table", default="", help="the table id, where the file does not carry it (CSV)")
        parser.add_argument("--label", default="", help="the table's title (CSV files carry none)")

    def handle(self, *args: Any, **options: Any) -> None:
        for path in options["files"]:
            try:
                parsed = dst.read(path, table_id=options["table"])
                imported = services.import_table(parsed, actor=None, label=options["label"])
            except dst.BadTable as exc:
                raise CommandError(f"{path.name}: {exc}. Nothing was imported from it.") from None
            verb = "replaced" if imported.replaced else "imported"
            self.stdout.write(f"{imported.table.table_id}: {imported.cells} cells {verb} from {path.name}")
