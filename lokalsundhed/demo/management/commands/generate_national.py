"""`manage.py generate_national [--scale F] [--seed N]`: synthetic data the size of the country.

At scale 1: 98 municipalities, ~500 housing organisations, ~7,000 estates, ~600,000 dwellings,
~6,000 staff (who cannot log in), and a year of their work: 50,000 observations with referrals,
8,000 offers with 200,000 sign-ups, 100,000 errands and 1,000,000 sealed access-log entries
(`--structure-only` leaves the year out). Everything is multiplied by the scale. One batch per
database: a second run is refused. Progress goes to stderr, the totals to stdout.
"""

from __future__ import annotations

import sys
import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from lokalsundhed.demo.national import AlreadyGenerated, generate


class Command(BaseCommand):
    help = "Generate synthetic national data (municipalities, housing organisations, estates, dwellings, staff)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--scale", type=float, default=1.0, help="1 is the whole country (default 1)")
        parser.add_argument("--seed", type=int, default=1, help="random seed: same seed, same data (default 1)")
        parser.add_argument("--structure-only", action="store_true",
                            help="only organisations, estates, dwellings and staff, without a year of work")

    def handle(self, *args: Any, scale: float, seed: int, structure_only: bool = False, **options: Any) -> None:
        if scale <= 0:
            raise CommandError("--scale must be above zero")
        started = time.perf_counter()
        try:
            counts = generate(scale=scale, seed=seed, stream=options.get("stderr") or sys.stderr,
                              activity=not structure_only)
        except AlreadyGenerated as exc:
            raise CommandError(str(exc)) from exc
        elapsed = time.perf_counter() - started
        for what, n in counts.items():
            self.stdout.write(f"{n:>10,}  {what}")
        self.stdout.write(f"Generated at scale {scale:g} with seed {seed} in {elapsed:.1f} s.")
