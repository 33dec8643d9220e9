"""Escalate overdue referrals and apply the retention policies — what the worker does on its
schedule, run once by hand. `--now` moves the clock, for rehearsing what a date will bring."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone

from lokalsundhed.core.commands import parse_moment
from lokalsundhed.referrals import housekeeping


class Command(BaseCommand):
    help = "Escalate unclaimed referrals past their deadline and anonymise personal data past its retention."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--now", help="act as if it were this moment (ISO date or date and time, local time)")
        parser.add_argument("--skip-retention", action="store_true", help="only escalate")
        parser.add_argument("--skip-escalation", action="store_true", help="only apply retention")

    def handle(self, *args: Any, now: str | None, skip_retention: bool, skip_escalation: bool,
               **options: Any) -> None:
        moment = parse_moment(now) if now else timezone.now()
        if not skip_escalation:
            escalated = housekeeping.escalate_overdue(now=moment)
            self.stdout.write(f"escalated {escalated} overdue referrals")
        if not skip_retention:
            anonymised = housekeeping.apply_retention(now=moment)
            self.stdout.write(f"anonymised {anonymised} observations")
