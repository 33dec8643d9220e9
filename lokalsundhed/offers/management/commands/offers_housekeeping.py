"""Remind tomorrow's participants, ask those who missed a session whether to go on, and remove
residents' details from offers long over — what the worker does on its schedule, run once by
hand. `--now` moves the clock, for rehearsing what a date will bring."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone

from lokalsundhed.core.commands import parse_moment
from lokalsundhed.offers import housekeeping


class Command(BaseCommand):
    help = "Send tomorrow's reminders and the no-show questions, and apply the sign-ups' retention."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--now", help="act as if it were this moment (ISO date or date and time, local time)")
        parser.add_argument("--skip-retention", action="store_true", help="only send messages")

    def handle(self, *args: Any, now: str | None, skip_retention: bool, **options: Any) -> None:
        moment = parse_moment(now) if now else timezone.now()
        self.stdout.write(f"sent {housekeeping.send_reminders(now=moment)} reminders")
        self.stdout.write(f"asked {housekeeping.follow_up_no_shows(now=moment)} residents who missed a session")
        if not skip_retention:
            self.stdout.write(f"anonymised {housekeeping.apply_retention(now=moment)} sign-ups")
