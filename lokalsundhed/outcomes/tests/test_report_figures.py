"""The report's figures are rounded half-up, on the page and in the PDF (both draw
`_report_tables.html`): 11 of 12 is 92 %, never 91 %; a p-value too small to show reads "< 0,001"."""

from __future__ import annotations

from django.template.loader import render_to_string
from django.utils import translation

from lokalsundhed.outcomes.analysis import Change, Report, RoundFigures


def _report() -> Report:
    rounds = [
        RoundFigures("baseline", 12, 11, 11 / 12, {"who5": 55.0, "ucla3": 3.1818, "srh": 2.25}, {}),
        RoundFigures("end", 9, 6, 6 / 9, {"who5": None, "ucla3": None, "srh": None}, {}),
        RoundFigures("followup", 7, 3, 3 / 7, {"who5": None, "ucla3": None, "srh": None}, {}),
    ]
    change = Change("who5", 11, mean_before=48.25, mean_after=60.35, mean_change=12.05, ci95=(4.45, 19.65),
                    p_t=0.0000042, p_wilcoxon=0.0345, effect_size=0.845, share_reduced_before=1 / 8,
                    share_reduced_after=0.145, share_improved=5 / 11, share_worsened=0.0)
    return Report(offers=1, rounds=rounds, changes={"end": {"who5": change}})


def _text(language: str = "da") -> str:
    with translation.override(language):
        return " ".join(render_to_string("outcomes/_report_tables.html", {"report": _report(), "min_people": 5}).split())


def test_response_rates_and_shares_are_rounded_half_up():
    text = _text()
    for shown in ("<td>92 %</td>", "<td>67 %</td>", "<td>43 %</td>", "13 %", "15 %", "45 %"):
        assert shown in text
    assert "91 %" not in text and "66 %" not in text and "42 %" not in text


def test_means_are_rounded_half_up_in_the_readers_language():
    assert "<td>3,2</td>" in _text("da")
    assert "<td>2,3</td>" in _text("da")
    assert "<td>12,1 (4,5 til 19,7)</td>" in _text("da")
    assert "<td>3.2</td>" in _text("en")


def test_a_p_value_below_a_thousandth_reads_less_than_not_zero():
    text = _text()
    assert "<td>&lt; 0,001</td>" in text
    assert "0,000" not in text
    assert "<td>0,035</td>" in text
    assert "<td>0,85</td>" in text


def test_the_csv_keeps_four_decimals_rounded_half_up():
    import csv
    import io

    from lokalsundhed.outcomes.exports import as_csv

    # 161 of 32 people's UCLA-3 is 5.03125 and a share of 1 in 32 is 0.03125, both exact in binary:
    # half-up they are 5.0313 and 0.0313 (Python's format rounds a half to even: 5.0312, 0.0312).
    report = Report(offers=1, rounds=[
        RoundFigures("baseline", 32, 32, 1.0, {"who5": 55.0, "ucla3": 161 / 32, "srh": None},
                     {"who5": 32, "ucla3": 32, "srh": None}),
    ], changes={"end": {"who5": Change("who5", 32, share_worsened=1 / 32, p_t=0.00005)}})
    rows = {(r[0], r[2], r[3]): r[4] for r in csv.reader(io.StringIO(as_csv(report)))}

    assert rows[("round", "ucla3", "mean")] == "5.0313"
    assert rows[("change_baseline_end", "who5", "share_worsened")] == "0.0313"
    assert rows[("change_baseline_end", "who5", "p_t")] == "0.0001"
