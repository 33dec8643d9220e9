"""A report of anonymous outcome figures as CSV and as PDF (WeasyPrint). The figures come from
`analysis.report`, so a suppressed figure is empty here too."""

from __future__ import annotations

import csv
import io
from typing import Any

from django.template.loader import render_to_string

from lokalsundhed.core.figures import rounded
from lokalsundhed.core.pdf import fetcher
from lokalsundhed.outcomes.analysis import Report

CSV_HEADER = ["table", "round", "measure", "figure", "value"]


def _cell(value: Any) -> str:
    if value is None:
        return ""  # suppressed: fewer than five people
    if isinstance(value, float):
        return str(rounded(value, 4))  # half-up, as the page (a format rounds a half to even)
    return str(value)


def as_csv(report: Report) -> str:
    """Long format: one figure a line. An empty value is a suppressed figure."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_HEADER)
    for r in report.rounds:
        writer.writerow(["round", r.round, "", "participants", _cell(r.participants)])
        writer.writerow(["round", r.round, "", "answered", _cell(r.answered)])
        writer.writerow(["round", r.round, "", "response_rate", _cell(r.response_rate)])
        for measure, mean in r.means.items():
            writer.writerow(["round", r.round, measure, "n", _cell(r.counts[measure])])
            writer.writerow(["round", r.round, measure, "mean", _cell(mean)])
    for comparison, changes in report.changes.items():
        for measure, change in changes.items():
            figures: dict[str, Any] = {
                "n": change.n, "mean_before": change.mean_before, "mean_after": change.mean_after,
                "mean_change": change.mean_change, "ci95_low": change.ci95[0] if change.ci95 else None,
                "ci95_high": change.ci95[1] if change.ci95 else None, "p_t": change.p_t,
                "p_wilcoxon": change.p_wilcoxon, "effect_size": change.effect_size,
            }
            if measure == "who5":
                figures |= {"share_reduced_before": change.share_reduced_before,
                            "share_reduced_after": change.share_reduced_after,
                            "share_improved": change.share_improved, "share_worsened": change.share_worsened}
            for figure, value in figures.items():
                writer.writerow([f"change_baseline_{comparison}", comparison, measure, figure, _cell(value)])
    return out.getvalue()


def as_pdf(context: dict[str, Any]) -> bytes:
    from weasyprint import HTML

    html = render_to_string("outcomes/report_pdf.html", context)
    return HTML(string=html, url_fetcher=fetcher()).write_pdf()
