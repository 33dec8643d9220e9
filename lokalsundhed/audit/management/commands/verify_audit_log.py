"""Check the access log's hash chain; exit 1 naming every edited, deleted or inserted entry."""

from __future__ import annotations

import argparse
import re
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from lokalsundhed.audit.services import head, seal_pending, unsealed_count, verify

_ANCHOR = re.compile(r"^(\d+):([0-9a-f]{64})$")


def anchor(value: str) -> tuple[int, str]:
    match = _ANCHOR.match(value.strip().lower())
    if not match:
        raise argparse.ArgumentTypeError("an anchor is ENTRY_ID:HASH, as printed by a previous run")
    return int(match[1]), match[2]


class Command(BaseCommand):
    help = "Verify the access log's hash chain. Exits non-zero and names each entry that was tampered with."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--seal", action="store_true", help="seal pending entries first (as the worker would)")
        parser.add_argument(
            "--anchor", type=anchor, action="append", default=[], metavar="ENTRY_ID:HASH",
            help="a head printed by an earlier run and kept outside the database; repeatable",
        )
        parser.add_argument(
            "--since", type=anchor, metavar="ENTRY_ID:HASH",
            help="start from this head of an earlier run (kept outside the database) instead of the beginning",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["seal"]:
            seal_pending()
        problems = 0
        for problem in verify(anchors=options["anchor"], since=options["since"]):  # streamed: the log may hold millions
            problems += 1
            self.stderr.write(f"TAMPERED {problem}")
        if problems:
            raise CommandError(f"{problems} problem(s) found in the access log")
        entry_id, link = head()
        self.stdout.write(
            self.style.SUCCESS(
                f"access log intact; head {entry_id}:{link}; {unsealed_count()} recent entries not yet sealed"
            )
        )
