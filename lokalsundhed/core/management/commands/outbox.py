"""`manage.py outbox`: what the outbox holds (notices waiting and given up, per topic, and how
long the oldest has waited); `--retry-given-up` makes the given-up notices due again once their
gateway works, `--check` exits 1 when any is given up or one has waited longer than
`--max-wait-minutes` (for a monitor)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from lokalsundhed.core import outbox
from lokalsundhed.core.commands import parse_moment


class Command(BaseCommand):
    help = "Show the notices waiting or given up in the outbox; send given-up ones again."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--retry-given-up", action="store_true", help="make the given-up notices due again")
        parser.add_argument("--topic", help="only this topic (with --retry-given-up), e.g. offers.message")
        parser.add_argument("--since", help="only notices written since this date or time (with --retry-given-up)")
        parser.add_argument("--check", action="store_true",
                            help="exit 1 when a notice is given up or has waited longer than --max-wait-minutes")
        parser.add_argument("--max-wait-minutes", type=int, default=30)

    def handle(self, *args: Any, **options: Any) -> None:
        if options["retry_given_up"]:
            since = parse_moment(options["since"]) if options["since"] else None
            count = outbox.retry_given_up(topic=options["topic"], since=since)
            self.stdout.write(f"{count} given-up notices are due again; the worker sends them within a minute.")
            return
        state = outbox.status()
        for label, counts in (("waiting", state.waiting), ("given up", state.given_up)):
            total = sum(counts.values())
            detail = ", ".join(f"{topic}: {n}" for topic, n in counts.items())
            self.stdout.write(f"{label}: {total}" + (f" ({detail})" if detail else ""))
        waited = (timezone.now() - state.oldest_waiting).total_seconds() / 60 if state.oldest_waiting else 0.0
        if state.oldest_waiting:
            self.stdout.write(f"oldest waiting: {waited:.0f} minutes")
        if options["check"] and (state.given_up or waited > options["max_wait_minutes"]):
            raise CommandError("the outbox needs attention", returncode=1)
