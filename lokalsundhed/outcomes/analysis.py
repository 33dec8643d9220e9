"""The analysis of outcome measurements: anonymous figures for a set of offers.

For the offers given (per offer, course type, estate, partnership, municipality and period — the
caller narrows the queryset, `selectors.report_offers`):

- per round: participants, answers and response rate; the mean of each measure;
- for baseline → end and baseline → follow-up, over complete pairs only (the same person
  answered both rounds, with a score on the measure): the mean change with its 95 % confidence
  interval (t distribution, n − 1 degrees of freedom), the paired t-test and the Wilcoxon
  signed-rank test (scipy; zero differences dropped, exact for small samples without ties), the
  effect size Cohen's d_z (mean change / standard deviation of the changes); for WHO-5 also the
  share at or under 50 at the start and at the end and the shares with a clinically relevant
  change (at least 10 points up or down).

Every figure built on fewer than `MIN_PEOPLE` people is suppressed (None), whatever reads it:
page, CSV, PDF, API, the `outcome_report` command. Four queries, whatever the size of the data;
no person's answers leave this module.
"""

from __future__ import annotations

import hashlib
import math
import secrets
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db.models import Avg, Count, Q, QuerySet
from scipy import stats

from lokalsundhed.core import figures
from lokalsundhed.core.kept import kept
from lokalsundhed.offers.models import Offer
from lokalsundhed.outcomes import scoring
from lokalsundhed.outcomes.models import Participant, Response, Round
from lokalsundhed.outcomes.selectors import ReportChoices, report_choices

MIN_PEOPLE = figures.SMALL
MEASURES = ("who5", "ucla3", "srh")
COMPARISONS = (Round.END.value, Round.FOLLOWUP.value)


def _suppress(value: Any, people: int) -> Any:
    return value if people >= MIN_PEOPLE else None


@dataclass(frozen=True)
class RoundFigures:
    round: str
    participants: int | None
    answered: int | None
    response_rate: float | None
    means: dict[str, float | None]
    counts: dict[str, int | None]


@dataclass(frozen=True)
class Change:
    """Baseline → a later round, over complete pairs. All None when fewer than five pairs."""

    measure: str
    n: int | None
    mean_before: float | None = None
    mean_after: float | None = None
    mean_change: float | None = None
    ci95: tuple[float, float] | None = None
    p_t: float | None = None
    p_wilcoxon: float | None = None
    effect_size: float | None = None
    # WHO-5 only.
    share_reduced_before: float | None = None
    share_reduced_after: float | None = None
    share_improved: float | None = None
    share_worsened: float | None = None

    @property
    def suppressed(self) -> bool:
        return self.n is None

    def summary(self) -> dict[str, Any]:
        """The figures of `manage.py outcome_report --json`."""
        return {"n": self.n, "mean_change": self.mean_change, "ci95": list(self.ci95) if self.ci95 else None,
                "p_t": self.p_t, "p_wilcoxon": self.p_wilcoxon, "effect_size": self.effect_size}


@dataclass(frozen=True)
class Report:
    offers: int
    rounds: list[RoundFigures]
    changes: dict[str, dict[str, Change]] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def _finite(value: float) -> float | None:
    return None if value is None or math.isnan(value) or math.isinf(value) else float(value)


def paired_change(measure: str, pairs: list[tuple[int, int]]) -> Change:
    """The change from the first to the second value of each pair (one pair per person)."""
    n = len(pairs)
    if n < MIN_PEOPLE:
        return Change(measure=measure, n=None)
    before = [b for b, _ in pairs]
    after = [a for _, a in pairs]
    diffs = [a - b for b, a in pairs]
    mean_change = sum(diffs) / n
    sd = math.sqrt(sum((d - mean_change) ** 2 for d in diffs) / (n - 1))
    half_width = stats.t.ppf(0.975, n - 1) * sd / math.sqrt(n)
    if sd > 0:
        p_t = _finite(stats.ttest_rel(after, before).pvalue)
        effect = mean_change / sd
    else:  # every person changed by the same amount: no variance to test against
        p_t = effect = None
    # Nobody changed: nothing to rank (scipy would warn and answer NaN, older versions raise).
    p_wilcoxon = _finite(stats.wilcoxon(diffs).pvalue) if any(diffs) else None
    figures: dict[str, Any] = {}
    if measure == "who5":
        figures = {
            "share_reduced_before": sum(b <= scoring.WHO5_REDUCED for b in before) / n,
            "share_reduced_after": sum(a <= scoring.WHO5_REDUCED for a in after) / n,
            "share_improved": sum(scoring.relevant_change(b, a) == 1 for b, a in pairs) / n,
            "share_worsened": sum(scoring.relevant_change(b, a) == -1 for b, a in pairs) / n,
        }
    return Change(
        measure=measure, n=n, mean_before=sum(before) / n, mean_after=sum(after) / n, mean_change=mean_change,
        ci95=(mean_change - half_width, mean_change + half_width), p_t=p_t, p_wilcoxon=p_wilcoxon,
        effect_size=effect, **figures,
    )


def pairs_from(rows: Iterable[tuple[int, str, int | None, int | None, int | None]]) -> dict[str, dict[str, list]]:
    """Complete pairs per comparison and measure from (participant, round, who5, ucla3, srh) rows."""
    by_person: dict[int, dict[str, tuple[int | None, ...]]] = {}
    for participant, round_, *scores in rows:
        by_person.setdefault(participant, {})[round_] = tuple(scores)
    pairs: dict[str, dict[str, list]] = {c: {m: [] for m in MEASURES} for c in COMPARISONS}
    for rounds in by_person.values():
        baseline = rounds.get(Round.BASELINE.value)
        if baseline is None:
            continue
        for comparison in COMPARISONS:
            later = rounds.get(comparison)
            if later is None:
                continue
            for index, measure in enumerate(MEASURES):
                if baseline[index] is not None and later[index] is not None:
                    pairs[comparison][measure].append((baseline[index], later[index]))
    return pairs


def report(offers: QuerySet[Offer]) -> Report:
    """The anonymous figures for these offers (the caller has scoped and filtered them)."""
    offer_ids = offers.values("pk")
    participants = Participant.objects.filter(offer_id__in=offer_ids).count()
    completed = Response.objects.filter(participant__offer_id__in=offer_ids, completed_at__isnull=False)
    aggregates = {
        row["round"]: row
        for row in completed.values("round").order_by("round").annotate(
            answered=Count("pk"),
            **{f"mean_{m}": Avg(m) for m in MEASURES},
            **{f"n_{m}": Count("pk", filter=Q(**{f"{m}__isnull": False})) for m in MEASURES},
        )
    }
    rounds = []
    for round_ in Round:
        row = aggregates.get(round_.value, {})
        answered = row.get("answered", 0)
        rate = answered / participants if participants else None
        rounds.append(RoundFigures(
            round=round_.value,
            participants=_suppress(participants, participants),
            answered=_suppress(answered, answered),
            response_rate=_suppress(_suppress(rate, answered), participants),
            means={m: _suppress(_finite(row[f"mean_{m}"]) if row.get(f"mean_{m}") is not None else None,
                                row.get(f"n_{m}", 0)) for m in MEASURES},
            counts={m: _suppress(row.get(f"n_{m}", 0), row.get(f"n_{m}", 0)) for m in MEASURES},
        ))
    rows = completed.values_list("participant_id", "round", "who5", "ucla3", "srh")
    pairs = pairs_from(rows)
    changes = {c: {m: paired_change(m, pairs[c][m]) for m in MEASURES} for c in COMPARISONS}
    return Report(offers=offers.count() if hasattr(offers, "count") else 0, rounds=rounds, changes=changes)


GENERATION_KEY = "outcomes:generation"


def new_generation() -> None:
    """Answers, participants or plans changed: the kept reports are counted again on next view."""
    cache.set(GENERATION_KEY, secrets.token_hex(8), None)


def generation() -> str:
    """The measurements' generation: what is kept under another one is counted again."""
    return cache.get(GENERATION_KEY) or ""


def kept_report(offers: QuerySet[Offer], generation_now: str | None = None) -> Report:
    """`report(offers)`, kept in the shared cache for OUTCOME_FIGURES_SECONDS under the offers'
    query (the reader's scope and filter) and the measurements' generation: a municipality's
    report pairs thousands of answers, the same for every reader of the same scope; a new answer
    or participant starts a new generation (outcomes/signals.py)."""
    current = generation() if generation_now is None else generation_now
    key = "outcomes:report:" + hashlib.sha256(f"{current}|{offers.query}".encode()).hexdigest()
    return kept(key, settings.OUTCOME_FIGURES_SECONDS, lambda: report(offers), Report)


def kept_choices(user: Any, generation_now: str) -> ReportChoices:
    """The report filter's choices for this reader (`selectors.report_choices`: three queries
    through the reader's scope), kept as the figures are: a new plan starts a new generation."""
    key = f"outcomes:choices:{user.pk}:{generation_now}"
    return kept(key, settings.OUTCOME_FIGURES_SECONDS, lambda: report_choices(user), ReportChoices)
