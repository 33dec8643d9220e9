"""Reach: whom the offers reach, per offer, estate and partnership — anonymous figures counted by
the database, small counts suppressed (the reach page and the dashboards). Split from
`selectors.py`, which keeps the other reads of local offers."""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.conf import settings
from django.core.exceptions import EmptyResultSet
from django.db import connections
from django.db.models import Count, F, Q, QuerySet
from django.utils import timezone

from lokalsundhed.core import figures
from lokalsundhed.core.kept import kept
from lokalsundhed.core.language_names import name_for_reader
from lokalsundhed.offers.models import Offer, Session, SignUp

# Reach: whom the offers reach, per offer, estate and partnership — counted by the database.
# - sign-ups: everyone who signed up (with a place, waiting or since cancelled);
# - participants: those holding a place;
# - attendance rate: participants' attendances ÷ the attendances possible (each participant ×
#   each session whose attendance was recorded; a booked outreach slot counts once);
# - completion (courses): participants who attended at least the offer's `completion_sessions` —
#   or every session, when fewer are left after cancellations — ÷ course participants;
# - cancelled sessions count nowhere: not in attendances, not in the possible ones, not in the
#   sessions a course has;
# - first-time share: sign-ups who said it is their first municipal offer ÷ sign-ups;
# - languages: sign-ups by the language they chose.
# Small numbers are suppressed: a count of 1–4 is shown as "<5", and a share is hidden when its
# denominator is under 5 or when it would reveal a count of 1–4 (of those in or out).

SMALL = figures.SMALL
CONFIRMED = Q(status=SignUp.Status.CONFIRMED)


@dataclass(frozen=True)
class Figure:
    """A count, or a share in per cent, with its suppression applied."""

    value: float | None
    suppressed: bool = False
    percent: bool = False

    def __str__(self) -> str:
        if self.suppressed:
            return figures.SUPPRESSED if not self.percent else figures.MISSING
        if self.value is None:
            return figures.MISSING
        return figures.per_cent(self.value) if self.percent else figures.decimal(self.value)


def count_figure(n: int) -> Figure:
    return Figure(n, suppressed=figures.too_few(n))


def share_figure(part: int, whole: int) -> Figure:
    if whole == 0:
        return Figure(None, percent=True)
    hidden = whole < SMALL or figures.too_few(part) or figures.too_few(whole - part)
    return Figure(None if hidden else 100 * part / whole, suppressed=hidden, percent=True)


@dataclass(frozen=True)
class Reach:
    key: Any
    label: str
    sign_ups: int
    participants: int
    first_time: int
    attended: int
    possible: int
    course_participants: int
    completed: int
    languages: dict[str, int]
    running: int = 0  # courses among these offers whose sessions are not all held yet
    sessions_held: int = 0  # of a running course (an offer's own row)
    sessions_total: int = 0

    @property
    def figures(self) -> dict[str, Figure]:
        return {
            "sign_ups": count_figure(self.sign_ups),
            "participants": count_figure(self.participants),
            "attendance_rate": share_figure(self.attended, self.possible),
            "completion_rate": share_figure(self.completed, self.course_participants),
            "first_time_share": share_figure(self.first_time, self.sign_ups),
        }

    @property
    def language_figures(self) -> list[tuple[str, str, Figure]]:
        """(code, name in the reader's language, count), the most used first."""
        return [(code, name_for_reader(code), count_figure(n))
                for code, n in sorted(self.languages.items(), key=lambda kv: (-kv[1], kv[0]))]


REACH_COUNTS = ("sign_ups", "participants", "first_time", "attended", "possible", "course_participants", "completed",
                "running", "sessions_held", "sessions_total")


def reach_per_offer(sign_ups: QuerySet[SignUp], offer_ids: list[int] | None = None,
                    ) -> tuple[dict[int, dict[str, int]], dict[int, dict[str, int]]]:
    """The counts behind the figures for each offer, and its sign-ups by language: four grouped
    queries whatever the number of sign-ups, none with a subquery per row (the completers are
    counted over two grouped tables: attendances per participant, sessions left per offer).
    `offer_ids`, when the caller knows them, let the sessions be read by offer on their index."""
    base = sign_ups.order_by()
    confirmed = base.filter(CONFIRMED)
    course = Q(offer__kind=Offer.Kind.COURSE)
    totals: dict[int, dict[str, int]] = defaultdict(lambda: dict.fromkeys(REACH_COUNTS, 0))
    for row in base.values("offer_id").annotate(
        n_sign_ups=Count("pk"),
        n_participants=Count("pk", filter=CONFIRMED),
        n_first_time=Count("pk", filter=Q(first_time=True)),
        n_course=Count("pk", filter=CONFIRMED & course),
        n_placed=Count("pk", filter=CONFIRMED & Q(slot__isnull=True)),
        n_booked_recorded=Count("pk", filter=CONFIRMED & Q(slot__session__attendance_taken_at__isnull=False,
                                                           slot__session__cancelled_at__isnull=True)),
    ):
        t = totals[row["offer_id"]]
        t.update(sign_ups=row["n_sign_ups"], participants=row["n_participants"], first_time=row["n_first_time"],
                 course_participants=row["n_course"], possible=row["n_booked_recorded"], placed=row["n_placed"])
    # Sessions whose attendance was recorded: each place holder could have come to each. Counted
    # with the sessions held so far, which tell a course still running from one that has ended.
    offers: Any = base.values("offer_id") if offer_ids is None else offer_ids
    now = timezone.now()
    sessions = Session.objects.filter(offer_id__in=offers, cancelled_at__isnull=True)
    held: dict[int, tuple[int, int]] = {}
    for row in sessions.order_by().values("offer_id", "offer__kind").annotate(
        n_recorded=Count("pk", filter=Q(attendance_taken_at__isnull=False)),
        n_held=Count("pk", filter=Q(ends_at__lte=now)),
        n_total=Count("pk"),
    ):
        if row["offer_id"] in totals:
            t = totals[row["offer_id"]]
            t["possible"] += t.get("placed", 0) * row["n_recorded"]
        if row["offer__kind"] == Offer.Kind.COURSE and row["n_held"] < row["n_total"]:
            held[row["offer_id"]] = (row["n_held"], row["n_total"])
    for offer_id, attended, completed in _attended_and_completed(confirmed, offers):
        totals[offer_id].update(attended=attended, completed=completed)
    for offer_id, (n_held, n_total) in held.items():
        # Nobody has failed to complete a course still running: it counts in no completion rate.
        totals[offer_id].update(course_participants=0, completed=0, running=1, sessions_held=n_held,
                                sessions_total=n_total)
    languages: dict[int, dict[str, int]] = defaultdict(dict)
    for row in base.values("offer_id", "language").annotate(n=Count("pk")):
        languages[row["offer_id"]][row["language"]] = row["n"]
    for t in totals.values():
        t.pop("placed", None)
    return totals, languages


def _attended_and_completed(confirmed: QuerySet[SignUp], offer_ids: Any) -> list[tuple[int, int, int]]:
    """(offer id, attendances, course participants who came to enough sessions) per offer, in one
    grouped query. Enough is the offer's threshold, or all its sessions when cancellations left
    fewer; cancelled sessions count nowhere."""
    # From the sign-ups' side, so that their own filters (offers, dates) lead the plan.
    # The sessions a semi-join of the offers' own, not a join to every session in the country.
    held = Session.objects.filter(offer_id__in=offer_ids, cancelled_at__isnull=True)
    per_person = (
        confirmed.filter(attendances__session__in=held.values("pk"))
        .order_by().values(person=F("pk"), of_offer=F("offer_id")).annotate(n=Count("attendances"))
    )
    sessions_left = held.order_by().values(left_offer=F("offer_id")).annotate(n_left=Count("pk"))
    try:
        per_sql, per_params = per_person.query.sql_with_params()
        left_sql, left_params = sessions_left.query.sql_with_params()
    except EmptyResultSet:  # no offers in scope: nothing to count
        return []
    connection = connections[confirmed.db]
    offer_table = connection.ops.quote_name(Offer._meta.db_table)
    needed = ("CASE WHEN o.completion_sessions < COALESCE(l.n_left, 0) THEN o.completion_sessions "
              "ELSE COALESCE(l.n_left, 0) END")
    sql = (
        f"SELECT per.of_offer, SUM(per.n), "  # noqa: S608 (the parts are Django's compiled SQL and constants)
        f"SUM(CASE WHEN o.kind = %s AND per.n >= {needed} THEN 1 ELSE 0 END) "
        f"FROM ({per_sql}) per INNER JOIN {offer_table} o ON o.id = per.of_offer "
        f"LEFT OUTER JOIN ({left_sql}) l ON l.left_offer = per.of_offer GROUP BY per.of_offer"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [Offer.Kind.COURSE.value, *per_params, *left_params])
        return [(int(o), int(a or 0), int(c or 0)) for o, a, c in cursor.fetchall()]


def _sum(rows: list[dict[str, int]]) -> dict[str, int]:
    return {name: sum(row.get(name, 0) for row in rows) for name in REACH_COUNTS}


def _merge(rows: list[dict[str, int]]) -> dict[str, int]:
    merged: dict[str, int] = defaultdict(int)
    for row in rows:
        for code, n in row.items():
            merged[code] += n
    return dict(merged)


@dataclass(frozen=True)
class ReachReport:
    offers: list[Reach]
    estates: list[Reach]
    partnerships: list[Reach]


def reach_report(sign_ups: QuerySet[SignUp], offers: Sequence[tuple[int, str, int | None, int | None]],
                 estates: list[tuple[int, str]], partnerships: list[tuple[int, str]],
                 estate_partnerships: list[tuple[int, int]], cache_key: str | None = None) -> ReachReport:
    """Reach per offer, and rolled up per estate and per partnership (its own offers and its
    estates' offers; an estate in two partnerships counts in both). `offers` are (pk, title,
    estate id, partnership id); `estate_partnerships` (estate id, partnership id) links.
    With `cache_key` (which must name the offers and the sign-ups' filters) the counts are kept
    in the shared cache for `REACH_FIGURES_SECONDS`: a big municipality's reach reads tens of
    thousands of attendances, and the same reader looks again and again."""
    offer_ids = [pk for pk, _t, _e, _p in offers]

    def count() -> tuple[dict[int, dict[str, int]], dict[int, dict[str, int]]]:
        counted, by_language = reach_per_offer(sign_ups, offer_ids)
        return dict(counted), dict(by_language)

    seconds = settings.REACH_FIGURES_SECONDS if cache_key else 0
    totals, languages = kept(cache_key or "", seconds, count, tuple)
    empty = dict.fromkeys(REACH_COUNTS, 0)

    def reach(key: Any, label: str, offer_ids: list[int]) -> Reach:
        return Reach(key, label, **_sum([totals.get(o, empty) for o in offer_ids]),
                     languages=_merge([languages.get(o, {}) for o in offer_ids]))

    # An offer's title alone does not say where it runs: two estates may both hold "Gåtur".
    estate_names, partnership_names = dict(estates), dict(partnerships)
    by_estate: dict[int, list[int]] = defaultdict(list)
    by_partnership: dict[int, list[int]] = defaultdict(list)
    partnerships_of: dict[int, list[int]] = defaultdict(list)
    for linked_estate, linked_partnership in estate_partnerships:
        partnerships_of[linked_estate].append(linked_partnership)
    for pk, _title, home_estate, home_partnership in offers:
        if home_estate is not None:
            by_estate[home_estate].append(pk)
            for p in partnerships_of[home_estate]:
                by_partnership[p].append(pk)
        if home_partnership is not None:
            by_partnership[home_partnership].append(pk)
    return ReachReport(
        offers=[reach(pk, _with_place(title, estate_names.get(e) if e else partnership_names.get(p or 0)), [pk])
                for pk, title, e, p in offers],
        estates=[reach(pk, name, by_estate[pk]) for pk, name in estates],
        partnerships=[reach(pk, name, by_partnership[pk]) for pk, name in partnerships],
    )


def reach_cache_key(offer_ids: list[int], period: tuple[date | None, date]) -> str:
    """The reach counts' cache key: the offers in the reader's scope and the period's dates."""
    named = ",".join(map(str, sorted(offer_ids))) + f"|{period[0]}|{period[1]}"
    return "reach:" + hashlib.sha256(named.encode()).hexdigest()


def _with_place(title: str, place: str | None) -> str:
    return f"{title} · {place}" if place else title


def reach_sign_ups(offer_ids: list[int]) -> QuerySet[SignUp]:
    """The sign-ups of the offers (scoped by the caller, given by id so that the planner reads
    sign-ups by offer) that reach is counted from: the report shows only counts, suppressed when
    small, so the reader needs no access to the people."""
    return SignUp.objects.filter(offer_id__in=offer_ids)
