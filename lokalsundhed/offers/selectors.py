"""Reads of local offers: the residents' calendar, an offer with its texts in the reader's
language, a sign-up by its private token, and the reach of the offers (anonymous figures, small
counts suppressed). Staff reads go through `scoped()`."""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import EmptyResultSet
from django.db import connections
from django.db.models import Count, Exists, F, OuterRef, Prefetch, Q, QuerySet, Subquery, Window
from django.db.models.functions import Coalesce
from django.http import Http404
from django.utils import timezone

from lokalsundhed.accounts.models import Membership, User
from lokalsundhed.core.access import scoped
from lokalsundhed.core.kept import kept
from lokalsundhed.core.language_names import name_for_reader
from lokalsundhed.core.models import OutboxEntry
from lokalsundhed.core.permissions import ROLE_PERMISSIONS, Perm, Role
from lokalsundhed.offers.models import Attendance, Offer, OfferTranslation, Session, SignUp, Slot
from lokalsundhed.offers.scopes import offer_q
from lokalsundhed.organisations.models import Estate, Organisation
from lokalsundhed.organisations.scopes import estate_q

# How far ahead the residents' calendar looks.
CALENDAR_DAYS = 42


@dataclass(frozen=True)
class Texts:
    """An offer's texts in the reader's language, or in Danish (marked) when not translated."""

    title: str
    description: str
    target_group: str
    language: str
    is_fallback: bool
    # A translation may leave a field out: that field is then shown in Danish, and said so.
    description_in_danish: bool = False
    target_group_in_danish: bool = False


def texts(offer: Offer, language: str) -> Texts:
    """Uses the prefetched `translations` (prefetch with `translations_in(language)`)."""
    if language != settings.LANGUAGE_CODE:
        for translation in offer.translations.all():
            if translation.language == language:
                return Texts(translation.title, translation.description or offer.description,
                             translation.target_group or offer.target_group, language, False,
                             description_in_danish=bool(offer.description and not translation.description),
                             target_group_in_danish=bool(offer.target_group and not translation.target_group))
    fallback = language != settings.LANGUAGE_CODE
    return Texts(offer.title, offer.description, offer.target_group, settings.LANGUAGE_CODE, fallback,
                 description_in_danish=fallback, target_group_in_danish=fallback)


def translations_in(language: str, prefix: str = "") -> Prefetch:
    return Prefetch(f"{prefix}translations", queryset=OfferTranslation.objects.filter(language=language))


def published_offers() -> QuerySet[Offer]:
    """What residents may see: published, neither archived nor cancelled."""
    return Offer.objects.filter(is_published=True, archived_at__isnull=True, cancelled_at__isnull=True)


def calendar_sessions(*, estate_id: int | None = None, municipality_id: int | None = None, offer_id: int | None = None,
                      language: str, now: datetime | None = None, days: int = CALENDAR_DAYS) -> QuerySet[Session]:
    """The coming sessions of published offers: of an estate (its own offers and those of its
    partnerships), of a municipality, or of one offer. A cancelled session is among them (shown
    as cancelled); a cancelled offer's are not. Two queries when evaluated: sessions with their
    offer, facility and estate, and the offers' texts in `language`."""
    now = now or timezone.now()
    # Joined, not IN (subquery): the planner walks the offers of the place, then their sessions by time.
    sessions = Session.objects.filter(
        offer__is_published=True, offer__archived_at__isnull=True, offer__cancelled_at__isnull=True, ends_at__gte=now,
        starts_at__lt=now + timedelta(days=days),
    )
    if estate_id is not None:
        sessions = sessions.filter(Q(offer__estate_id=estate_id) | Q(offer__partnership__estates=estate_id))
    if municipality_id is not None:
        sessions = sessions.filter(offer__municipality_id=municipality_id)
    if offer_id is not None:
        sessions = sessions.filter(offer_id=offer_id)
    return (
        sessions.select_related("offer__facility", "offer__estate", "facility")
        .prefetch_related(translations_in(language, "offer__"))
        .order_by("starts_at", "pk")
    )


def can_sign_up(offer: Offer) -> bool:
    """A published offer that is neither archived nor cancelled takes sign-ups (or bookings)."""
    return offer.is_published and offer.archived_at is None and offer.cancelled_at is None


def confirmed_count(offer: Offer) -> int:
    return SignUp.objects.filter(offer=offer, status=SignUp.Status.CONFIRMED).count()


def has_room(offer: Offer) -> bool:
    return offer.capacity is None or confirmed_count(offer) < offer.capacity


def free_slots(offer: Offer, now: datetime | None = None) -> list[Slot]:
    """The slots of the offer's future, not cancelled sessions that nobody holds."""
    now = now or timezone.now()
    return list(
        Slot.objects.filter(session__offer=offer, session__cancelled_at__isnull=True, starts_at__gt=now,
                            removed_at__isnull=True)
        .exclude(bookings__status__in=SignUp.ACTIVE)
        .select_related("session")
        .order_by("starts_at", "pk")
    )


def with_places(offers: QuerySet[Offer]) -> QuerySet[Offer]:
    """Each offer with its number of places taken and people waiting: counted per offer in
    subqueries, not by joining the sign-ups and grouping, so that PostgreSQL counts them only for
    the rows a page shows (after its sort and limit), not for every offer the list could hold."""
    return offers.annotate(n_confirmed=_sign_ups(SignUp.Status.CONFIRMED), n_waiting=_sign_ups(SignUp.Status.WAITING))


def _sign_ups(status: str) -> Coalesce:
    counted = (SignUp.objects.filter(offer=OuterRef("pk"), status=status).order_by().values("offer")
               .annotate(n=Count("pk")).values("n"))
    return Coalesce(Subquery(counted), 0)


def next_start(now: datetime) -> Subquery:
    """An offer's next time that is not cancelled, as an annotation (a subquery: joined beside the
    sign-ups that `with_places` counts, each place would be counted once per time)."""
    return Subquery(Session.objects.filter(offer=OuterRef("pk"), starts_at__gte=now, cancelled_at__isnull=True)
                    .order_by("starts_at").values("starts_at")[:1])


def offer_staff(offer: Offer) -> QuerySet[User]:
    """Active staff who run offers in an organisation the offer belongs to: the estate's housing
    organisation and its municipality, or the partnership's municipality and housing
    organisations. The people who may organise it — and who can already see it."""
    if offer.estate is not None:
        reach_q = Q(organisation_id=offer.estate.housing_organisation_id) | Q(
            organisation__kind=Organisation.Kind.MUNICIPALITY, organisation__municipality_id=offer.estate.municipality_id
        )
    else:
        partnership = offer.partnership
        reach_q = Q(organisation_id=partnership.municipality_id) | Q(  # type: ignore[union-attr]
            organisation_id__in=partnership.housing_organisations.values("pk")  # type: ignore[union-attr]
        )
    runners = [role for role in Role if Perm.RUN_OFFERS in ROLE_PERMISSIONS[role]]
    memberships = Membership.objects.filter(reach_q, role__in=runners, organisation__is_active=True)
    return User.objects.filter(is_active=True, pk__in=memberships.values("user_id")).order_by("full_name", "email")


def sign_up_by_token(token: str) -> SignUp:
    """The resident's own sign-up: the private token is the key. 404 for anything else."""
    if not token or len(token) > 64:
        raise Http404
    entry = (
        SignUp.objects.select_related("offer__facility", "offer__estate", "slot__session")
        .filter(token=token, anonymised_at__isnull=True)
        .first()
    )
    if entry is None:
        raise Http404
    return entry


# How far ahead a runner of offers sees their sessions.
UPCOMING_DAYS = 7


@dataclass(frozen=True)
class UpcomingSessions:
    count: int
    next: Session | None  # with its offer
    days: int = UPCOMING_DAYS


def upcoming_sessions(user: User, now: datetime, days: int = UPCOMING_DAYS) -> UpcomingSessions:
    """Sessions of the offers the user organises or facilitates (among those they run) that are
    under way or start within `days`, not cancelled. One query: the first session, with its offer
    and the number of them all (a window count)."""
    # The user's own offers as one list of ids, so that the database starts from those few offers
    # and their sessions (by offer); a condition on the joined offer would make it read every
    # session that ever started, to keep those still ahead.
    own = (Offer.organisers.through.objects.filter(user_id=user.pk).values("offer_id")
           .union(Offer.objects.filter(facilitator=user).order_by().values("pk"), all=True))
    first = (
        scoped(user, Session)
        .filter(offer_q(user, Perm.RUN_OFFERS, prefix="offer__"))
        .filter(offer_id__in=own)
        .filter(cancelled_at__isnull=True, offer__archived_at__isnull=True, ends_at__gt=now,
                starts_at__lt=now + timedelta(days=days))
        .select_related("offer")
        .only("starts_at", "ends_at", "offer__title")
        .annotate(total=Window(Count("pk")))
        .order_by("starts_at", "pk")
        .first()
    )
    return UpcomingSessions(count=first.total if first else 0, next=first, days=days)

def run_estate_ids(user: User) -> QuerySet[Estate, Any]:
    """The estates (their pks, as a subquery) in which the user runs offers."""
    return Estate.objects.filter(estate_q(user, Perm.RUN_OFFERS)).values("pk")


def attendance_list(user: User, session: Session) -> QuerySet[Any]:
    """Everyone with a place at the session (of an offer the user runs: `session` comes scoped),
    each with `here` (their attendance at it, prefetched): two queries."""
    participants = (
        scoped(user, SignUp)
        .filter(offer_id=session.offer_id, status=SignUp.Status.CONFIRMED)
        .prefetch_related(Prefetch("attendances", queryset=Attendance.objects.filter(session=session),
                                   to_attr="here"))
        .order_by("first_name", "pk")
    )
    if session.offer.kind == Offer.Kind.OUTREACH:
        participants = participants.filter(slot__session=session)
    return participants


# The residents' calendar is public: it reads published offers and the estates that hold them
# without a user, so it needs no scope.

def public_estates(municipality_id: int) -> QuerySet[Estate]:
    """The municipality's estates with an offer on the residents' calendar."""
    return Estate.objects.filter(municipality_id=municipality_id, offers__in=published_offers()) \
        .distinct().order_by("name")


def public_estate(pk: int) -> Estate | None:
    """An estate, with its municipality, for its calendar and feed; None when there is none."""
    return Estate.objects.select_related("municipality").filter(pk=pk).first()


def offer_of_sign_up(sign_up: SignUp, language: str) -> Offer:
    """The offer of a resident's sign-up (reached by its private token), with its texts."""
    return (
        Offer.objects.select_related("facility", "estate")
        .prefetch_related(translations_in(language))
        .get(pk=sign_up.offer_id)
    )


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

SMALL = 5
CONFIRMED = Q(status=SignUp.Status.CONFIRMED)


@dataclass(frozen=True)
class Figure:
    """A count, or a share in per cent, with its suppression applied."""

    value: float | None
    suppressed: bool = False
    percent: bool = False

    def __str__(self) -> str:
        if self.suppressed:
            return "<5" if not self.percent else "–"
        if self.value is None:
            return "–"
        return f"{self.value:.0f} %" if self.percent else f"{self.value:.0f}"


def count_figure(n: int) -> Figure:
    return Figure(n, suppressed=0 < n < SMALL)


def share_figure(part: int, whole: int) -> Figure:
    if whole == 0:
        return Figure(None, percent=True)
    hidden = whole < SMALL or 0 < part < SMALL or 0 < whole - part < SMALL
    return Figure(None if hidden else round(100 * part / whole, 1), suppressed=hidden, percent=True)


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


def with_unreached(sign_ups: QuerySet[SignUp]) -> QuerySet[SignUp]:
    """Each sign-up with `unreached`: a message to the resident was given up (the gateway refused it
    or stayed down), so staff should contact them another way. In the page's own query."""
    given_up = OutboxEntry.objects.filter(topic="offers.message", failed_at__isnull=False, about_id=OuterRef("pk"))
    return sign_ups.annotate(unreached=Exists(given_up))
