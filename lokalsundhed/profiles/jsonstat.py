"""JSON-stat 2.0 out: every imported table, and the platform's own aggregate figures.

Imported tables come back exactly as they went in: the same dimensions in the same order,
the same codes and labels, the same values. The platform's own figures (referrals, practical
help) are built per person asking, from the estates they may see, with every count of one to
four suppressed: its value is null and its status is ".." — Statistics Denmark's own mark.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from itertools import product
from typing import Any

from django.db.models import Count, Q, QuerySet, Sum
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lokalsundhed.core import figures
from lokalsundhed.core.permissions import Perm
from lokalsundhed.organisations.models import Estate
from lokalsundhed.organisations.scopes import estate_q
from lokalsundhed.profiles.models import StatisticsTable

SMALL = figures.SMALL
SUPPRESSED = ".."


def _number(value: float | None) -> float | int | None:
    if value is None:
        return None
    return int(value) if float(value).is_integer() else value


def dataset(table: StatisticsTable) -> dict[str, Any]:
    """An imported table as a JSON-stat 2.0 dataset: two queries (the table, its cells)."""
    cells = {key: (value, status) for key, value, status in table.cells.values_list("key", "value", "status")}
    dims = [(dim_id, table.dimensions[dim_id]) for dim_id in table.dimension_ids]
    values: list[float | int | None] = []
    status: dict[str, str] = {}
    for i, codes in enumerate(product(*([c for c, _l in spec["categories"]] for _id, spec in dims))):
        value, mark = cells.get("|".join(codes), (None, ""))
        values.append(_number(value))
        if mark:
            status[str(i)] = mark
    dimension: dict[str, Any] = {}
    for dim_id, spec in dims:
        category: dict[str, Any] = {"index": [c for c, _l in spec["categories"]],
                                    "label": {c: label for c, label in spec["categories"]}}
        if dim_id in table.units:
            category["unit"] = table.units[dim_id]
        dimension[dim_id] = {"label": spec["label"], "category": category}
    out: dict[str, Any] = {
        "version": "2.0",
        "class": "dataset",
        "label": table.label,
        "source": table.source,
        "id": list(table.dimension_ids),
        "size": [len(spec["categories"]) for _id, spec in dims],
        "dimension": dimension,
        "value": values,
        "extension": {"px": {"tableid": table.table_id}},
    }
    if table.updated:
        out["updated"] = table.updated.isoformat().replace("+00:00", "Z")
    if table.roles:
        out["role"] = table.roles
    if status:
        out["status"] = status
    return out


# --- The platform's own figures -------------------------------------------------------------


@dataclass(frozen=True)
class Cube:
    """Own figures before they become JSON-stat: dimensions with (code, label) categories and
    counts by code tuple. `counts` is what suppression looks at for each cell."""

    table_id: str
    label: str
    dimensions: list[tuple[str, str, list[tuple[str, str]]]]
    values: dict[tuple[str, ...], float]
    counts: dict[tuple[str, ...], int]
    withheld: frozenset[tuple[str, ...]] = frozenset()  # cells that would give a small count away

    def as_json_stat(self) -> dict[str, Any]:
        values: list[float | int | None] = []
        status: dict[str, str] = {}
        for i, codes in enumerate(product(*([c for c, _l in cats] for _id, _label, cats in self.dimensions))):
            n = self.counts.get(codes, 0)
            if figures.too_few(n) or codes in self.withheld:
                values.append(None)
                status[str(i)] = SUPPRESSED
            else:
                values.append(_number(self.values.get(codes, 0)))
        out: dict[str, Any] = {
            "version": "2.0", "class": "dataset", "label": self.label, "source": "lokalsundhed",
            "updated": timezone.now().isoformat(),
            "note": ["Counts of 1-4, figures built on them and totals that would tell one are suppressed "
                     "(value null, status '..')."],
            "id": [d[0] for d in self.dimensions], "size": [len(d[2]) for d in self.dimensions],
            "role": {"time": ["Tid"], "metric": ["ContentsCode"]},
            "dimension": {dim_id: {"label": label, "category": {"index": [c for c, _l in cats],
                                                                  "label": dict(cats)}}
                          for dim_id, label, cats in self.dimensions},
            "value": values,
            "extension": {"px": {"tableid": self.table_id}},
        }
        if status:
            out["status"] = status
        return out


def month_code(month: date) -> str:
    """Statistics Denmark's code for a month: 2025M03."""
    return f"{month.year}M{month.month:02d}"


def aggregate_estates(user: Any) -> QuerySet[Estate]:
    """The estates whose anonymous figures the user may see."""
    from lokalsundhed.core.access import scoped

    return scoped(user, Estate).filter(estate_q(user, Perm.VIEW_AGGREGATES)).order_by("name", "pk")


def referrals_cube(user: Any, since: date) -> Cube:
    """Observations and referrals per estate and month, from the anonymous statistics: two queries."""
    from lokalsundhed.referrals.models import Statistic

    estates = list(aggregate_estates(user).values_list("pk", "name"))
    rows = (Statistic.objects.filter(estate_id__in=[pk for pk, _n in estates], month__gte=since)
            .values("estate_id", "month").annotate(observations=Count("pk"), referrals=Count("pk", filter=Q(referred=True)))
            .order_by())
    values: dict[tuple[str, ...], float] = {}
    months: set[date] = set()
    for row in rows:
        months.add(row["month"])
        for content in ("observations", "referrals"):
            values[(str(row["estate_id"]), content, month_code(row["month"]))] = row[content]
    return Cube(
        table_id="LS-REFERRALS", label=str(_("Observations and referrals by estate and month")),
        dimensions=[("ESTATE", str(_("estate")), [(str(pk), name) for pk, name in estates]),
                    ("ContentsCode", str(_("contents")), [("observations", str(_("Observations"))),
                                                          ("referrals", str(_("Referrals")))]),
                    ("Tid", str(_("time")), [(month_code(m), month_code(m)) for m in sorted(months)])],
        values=values, counts={k: int(v) for k, v in values.items()},
    )


def errands_cube(user: Any, since: date) -> Cube:
    """Errands done and hours spent per estate and month: two queries. Hours hide with the count,
    and a month is withheld where the monthly report withholds its totals: counted by task, the
    month less the tasks the report shows would tell a task done one to four times."""
    from django.db.models.functions import TruncMonth

    from lokalsundhed.errands.models import Errand
    from lokalsundhed.errands.selectors import month_totals_shown

    estates = list(aggregate_estates(user).values_list("pk", "name"))
    rows = (Errand.objects.filter(estate_id__in=[pk for pk, _n in estates], state=Errand.State.DONE,
                                  done_at__date__gte=since)
            .annotate(month=TruncMonth("done_at")).values("estate_id", "month", "errand_type_id")
            .annotate(errands=Count("pk"), minutes=Sum("minutes")).order_by())
    per_task: dict[tuple[str, str], list[tuple[int, int]]] = {}
    for row in rows:
        per_task.setdefault((str(row["estate_id"]), month_code(row["month"])), []).append(
            (row["errands"], row["minutes"] or 0))
    values: dict[tuple[str, ...], float] = {}
    counts: dict[tuple[str, ...], int] = {}
    withheld: set[tuple[str, ...]] = set()
    for (estate, code), tasks in per_task.items():
        errands = sum(n for n, _m in tasks)
        values[(estate, "errands", code)] = errands
        values[(estate, "hours", code)] = float(figures.rounded(sum(m for _n, m in tasks) / 60, 1))  # half-up, as the report
        counts[(estate, "errands", code)] = counts[(estate, "hours", code)] = errands
        if not month_totals_shown(n for n, _m in tasks):
            withheld |= {(estate, "errands", code), (estate, "hours", code)}
    months = {code for _estate, code in per_task}
    return Cube(
        table_id="LS-ERRANDS", label=str(_("Practical help by estate and month")),
        dimensions=[("ESTATE", str(_("estate")), [(str(pk), name) for pk, name in estates]),
                    ("ContentsCode", str(_("contents")), [("errands", str(_("Errands done"))),
                                                          ("hours", str(_("Hours spent")))]),
                    ("Tid", str(_("time")), [(m, m) for m in sorted(months)])],
        values=values, counts=counts, withheld=frozenset(withheld),
    )


OwnBuilder = Callable[[Any, date], Cube]
OWN_DATASETS: dict[str, tuple[Any, OwnBuilder]] = {
    "LS-REFERRALS": (_("Observations and referrals by estate and month"), referrals_cube),
    "LS-ERRANDS": (_("Practical help by estate and month"), errands_cube),
}


def collection(items: list[tuple[str, str, str]], label: str) -> dict[str, Any]:
    """A JSON-stat 2.0 collection of datasets: (table id, label, href)."""
    return {
        "version": "2.0",
        "class": "collection",
        "label": label,
        "updated": timezone.now().isoformat(),
        "link": {"item": [{"class": "dataset", "href": href, "label": item_label,
                           "extension": {"px": {"tableid": table_id}}}
                          for table_id, item_label, href in items]},
    }
