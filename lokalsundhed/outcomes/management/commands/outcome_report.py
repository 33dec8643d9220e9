"""`manage.py outcome_report OFFER_ID [--json]`: the change from baseline to end for one offer.

Prints, per measure (WHO-5 on 0–100, UCLA-3, self-rated health): n, mean change, its 95 %
confidence interval, the p-values of the paired t-test and the Wilcoxon signed-rank test and
Cohen's d_z. A figure built on fewer than five people is null.
"""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from lokalsundhed.offers.models import Offer
from lokalsundhed.outcomes import analysis
from lokalsundhed.outcomes.models import Round


class Command(BaseCommand):
    help = "The outcome figures of one offer, baseline to end (small counts suppressed)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("offer_id", type=int)
        parser.add_argument("--json", action="store_true", help="print JSON")
        parser.add_argument("--round", default=Round.END, choices=[Round.END, Round.FOLLOWUP],
                            help="compare baseline with this round (default: end)")

    def handle(self, *args: Any, **options: Any) -> None:
        offers = Offer.objects.filter(pk=options["offer_id"])
        if not offers.exists():
            raise CommandError(f"There is no offer {options['offer_id']}.")
        changes = analysis.report(offers).changes[options["round"]]
        figures = {measure: change.summary() for measure, change in changes.items()}
        if options["json"]:
            self.stdout.write(json.dumps(figures, indent=2))
            return
        for measure, summary in figures.items():
            if summary["n"] is None:
                self.stdout.write(f"{measure}: fewer than {analysis.MIN_PEOPLE} complete pairs (suppressed)")
                continue
            low, high = summary["ci95"]
            self.stdout.write(
                f"{measure}: n={summary['n']} change={summary['mean_change']:.2f} "
                f"(95% CI {low:.2f} to {high:.2f}) p_t={summary['p_t']} p_wilcoxon={summary['p_wilcoxon']} "
                f"d_z={summary['effect_size']}"
            )
