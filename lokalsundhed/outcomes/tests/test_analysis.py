"""The analysis against a worked example, computed here from the definitions."""

from __future__ import annotations

import json
import math
from itertools import product

import pytest
from django.core.management import call_command
from scipy import stats

from lokalsundhed.offers.models import Offer
from lokalsundhed.outcomes import analysis
from lokalsundhed.outcomes.models import Participant
from lokalsundhed.outcomes.tests.factories import answered, staff_and_offer

pytestmark = pytest.mark.django_db

# Six people's WHO-5 at baseline and end: changes +8 +12 +16 +20 +24 −4 (all different in size,
# so the Wilcoxon test is exact).
BASELINE = [40, 32, 48, 36, 28, 56]
END = [48, 44, 64, 56, 52, 52]


def _by_hand(before, after):
    diffs = [a - b for b, a in zip(before, after, strict=True)]
    n = len(diffs)
    mean = sum(diffs) / n
    sd = math.sqrt(sum((d - mean) ** 2 for d in diffs) / (n - 1))
    se = sd / math.sqrt(n)
    t_crit = stats.t.ppf(0.975, n - 1)  # the t distribution's quantile, not the code under test
    t_value = mean / se
    p_t = 2 * stats.t.sf(abs(t_value), n - 1)
    # Exact Wilcoxon signed-rank: every way of giving the ranks signs, equally likely under H0.
    ranks = {abs(d): r for r, d in enumerate(sorted(diffs, key=abs), start=1)}
    w_plus = sum(ranks[abs(d)] for d in diffs if d > 0)
    w_minus = sum(ranks[abs(d)] for d in diffs if d < 0)
    smallest = min(w_plus, w_minus)
    sums = [sum(r for r, sign in zip(range(1, n + 1), signs, strict=True) if sign) for signs in
            product([0, 1], repeat=n)]
    p_w = min(1.0, 2 * sum(s <= smallest for s in sums) / len(sums))
    return {"n": n, "mean": mean, "ci": (mean - t_crit * se, mean + t_crit * se), "p_t": p_t, "p_w": p_w,
            "d_z": mean / sd}


@pytest.fixture
def course():
    worker, offer = staff_and_offer()
    for number, (before, after) in enumerate(zip(BASELINE, END, strict=True), start=1):
        answered(offer, f"P{number}", "baseline", who5=before, srh=3)
        answered(offer, f"P{number}", "end", who5=after, srh=2 if number % 2 else 3)
    # Only complete pairs count: a seventh person answered at baseline only, an eighth at end only.
    answered(offer, "P7", "baseline", who5=20, srh=5)
    answered(offer, "P8", "end", who5=100, srh=1)
    return offer


def test_it_computes_the_change_of_who5_with_ci_t_test_wilcoxon_and_effect_size(course):
    expected = _by_hand(BASELINE, END)
    change = analysis.report(Offer.objects.filter(pk=course.pk)).changes["end"]["who5"]
    assert change.n == 6
    assert change.mean_change == pytest.approx(76 / 6)
    assert change.mean_change == pytest.approx(expected["mean"])
    assert change.ci95 == pytest.approx(expected["ci"])
    assert change.p_t == pytest.approx(expected["p_t"])
    assert change.p_wilcoxon == pytest.approx(expected["p_w"]) == pytest.approx(0.0625)  # 2 × 2/64
    assert change.effect_size == pytest.approx(expected["d_z"])
    assert change.mean_before == pytest.approx(sum(BASELINE) / 6)


def test_it_gives_the_shares_under_50_and_with_a_clinically_relevant_change(course):
    change = analysis.report(Offer.objects.filter(pk=course.pk)).changes["end"]["who5"]
    assert change.share_reduced_before == pytest.approx(5 / 6)  # all but 56
    assert change.share_reduced_after == pytest.approx(2 / 6)  # 48 and 44
    assert change.share_improved == pytest.approx(4 / 6)  # +12 +16 +20 +24
    assert change.share_worsened == 0


def test_it_counts_answers_response_rate_and_means_per_round(course):
    report = analysis.report(Offer.objects.filter(pk=course.pk))
    rounds = {r.round: r for r in report.rounds}
    assert rounds["baseline"].participants == 8
    assert rounds["baseline"].answered == 7
    assert rounds["baseline"].response_rate == pytest.approx(7 / 8)
    assert rounds["baseline"].means["who5"] == pytest.approx((sum(BASELINE) + 20) / 7)
    assert rounds["end"].means["who5"] == pytest.approx((sum(END) + 100) / 7)
    # Self-rated health at end: P1,3,5 → 2; P2,4,6 → 3; P8 → 1.
    assert rounds["end"].means["srh"] == pytest.approx((2 * 3 + 3 * 3 + 1) / 7)
    # Nobody answered the follow-up: zero is a small count too.
    assert rounds["followup"].answered is None and rounds["followup"].response_rate is None


def test_it_suppresses_every_figure_built_on_fewer_than_five_people():
    _worker, offer = staff_and_offer()
    for number in range(1, 5):
        answered(offer, f"P{number}", "baseline", who5=40)
        answered(offer, f"P{number}", "end", who5=60)
    report = analysis.report(Offer.objects.filter(pk=offer.pk))
    change = report.changes["end"]["who5"]
    assert change.suppressed and change.mean_change is None and change.p_t is None and change.ci95 is None
    assert change.summary() == {"n": None, "mean_change": None, "ci95": None, "p_t": None, "p_wilcoxon": None,
                                "effect_size": None}
    baseline = report.rounds[0]
    assert baseline.participants is None and baseline.answered is None and baseline.means["who5"] is None


def test_an_incomplete_who5_makes_no_pair_but_the_other_measures_still_count(course):
    participant = Participant.objects.get(offer=course, code="P1")
    from lokalsundhed.outcomes import services

    services.enter_answers(participant, "end", {"who5": [5, 5, None, 5, 5], "srh": [2]}, actor=course.created_by)
    changes = analysis.report(Offer.objects.filter(pk=course.pk)).changes["end"]
    assert changes["who5"].n == 5
    assert changes["srh"].n == 6


def test_outcome_report_prints_the_agreed_json(course, capsys):
    call_command("outcome_report", course.pk, "--json")
    printed = json.loads(capsys.readouterr().out)
    assert set(printed) == {"who5", "ucla3", "srh"}
    assert set(printed["who5"]) == {"n", "mean_change", "ci95", "p_t", "p_wilcoxon", "effect_size"}
    expected = _by_hand(BASELINE, END)
    assert printed["who5"]["n"] == 6
    assert printed["who5"]["ci95"] == pytest.approx(list(expected["ci"]))
    assert printed["who5"]["p_wilcoxon"] == pytest.approx(0.0625)
    # Nobody answered UCLA-3: suppressed, not zero.
    assert printed["ucla3"]["n"] is None
    srh = _by_hand([3] * 6, [2, 3, 2, 3, 2, 3])
    assert printed["srh"]["mean_change"] == pytest.approx(srh["mean"]) == pytest.approx(-0.5)


def test_nobody_changing_gives_no_test_and_no_warning():
    # Five people with the same WHO-5 before and after: every difference is zero, so there is no
    # spread for the t-test or d_z and nothing for the Wilcoxon test to rank. scipy warns and
    # answers NaN for the latter; the figure must be empty without either reaching a reader.
    _worker, offer = staff_and_offer()
    for number in range(1, 6):
        answered(offer, f"P{number}", "baseline", who5=40 + 4 * number)
        answered(offer, f"P{number}", "end", who5=40 + 4 * number)

    change = analysis.report(Offer.objects.filter(pk=offer.pk)).changes["end"]["who5"]  # warnings are errors here

    assert change.n == 5 and change.mean_change == 0 and change.ci95 == (0, 0)
    assert change.p_t is None and change.p_wilcoxon is None and change.effect_size is None
