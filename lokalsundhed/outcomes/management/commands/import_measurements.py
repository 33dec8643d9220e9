"""`manage.py import_measurements OFFER_ID FILE.csv`: answers from a file, all or nothing."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from lokalsundhed.offers.models import Offer
from lokalsundhed.outcomes import services


class Command(BaseCommand):
    help = ("Import questionnaire answers for an offer from a CSV file with the columns "
            + ",".join(services.CSV_COLUMNS) + ". A bad file imports nothing and reports every problem.")

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("offer_id", type=int)
        parser.add_argument("file", type=Path)

    def handle(self, *args: Any, **options: Any) -> None:
        offer = Offer.objects.filter(pk=options["offer_id"]).first()
        if offer is None:
            raise CommandError(f"There is no offer {options['offer_id']}.")
        try:
            text = options["file"].read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError) as error:
            raise CommandError(f"Cannot read {options['file']}: {error}") from error
        result = services.import_measurements(offer, text, actor=None)
        if not result.ok:
            for problem in result.problems:
                self.stderr.write(problem)
            raise CommandError(f"{len(result.problems)} problems: nothing was imported.")
        self.stdout.write(f"Imported {result.imported} rounds of answers "
                          f"({result.new_participants} new participants).")
