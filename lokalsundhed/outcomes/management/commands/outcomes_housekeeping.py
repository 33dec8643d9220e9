"""`manage.py outcomes_housekeeping [--now ISO]`: send due questionnaire links and apply retention."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from lokalsundhed.core.commands import parse_moment
from lokalsundhed.outcomes import housekeeping


class Command(BaseCommand):
    help = "Send the questionnaire links that are due (with one reminder) and remove old participant keys."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--now", help="act as if it were this date or time (ISO)")

    def handle(self, *args: Any, **options: Any) -> None:
        now = parse_moment(options["now"]) if options["now"] else None
        sent = housekeeping.send_links(now=now)
        removed = housekeeping.apply_retention(now=now)
        self.stdout.write(f"Sent {sent} questionnaire links; removed {removed} participant keys.")
