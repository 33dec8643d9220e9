"""Reads of competence development, always through `scoped()`; figures counted by the database.

`coverage_share` is the indicator other parts (partnership goals) may use: the share of
front-line staff of some organisations or estates trained (and not due a refresher) in a theme.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from django.db.models import Case, Count, Exists, IntegerField, OuterRef, Q, QuerySet, Value, When
from django.utils import timezone

from lokalsundhed.accounts.models import Membership, User
from lokalsundhed.core import figures
from lokalsundhed.core.access import scoped
from lokalsundhed.organisations.models import Estate, Organisation
from lokalsundhed.training.models import (
    CORE_THEMES,
    FRONT_LINE_ROLES,
    Enrolment,
    Module,
    Posting,
    Theme,
    TrainingSession,
)
from lokalsundhed.training.scopes import manager_org_ids

# Figures about fewer people than this (and more than none) are not shown to analysts.
SMALL = figures.SMALL

# What a caretaker reports points to what helps them most: observation sign codes → theme.
THEME_FOR_SIGNS: dict[str, tuple[str, ...]] = {
    Theme.DEMENTIA: ("confusion", "memory"),
    Theme.PSYCHIATRIC: ("anxiety", "psychiatric_crisis", "self_harm"),
    Theme.CONFLICT: ("conflict",),
    Theme.ADDICTION: ("smell", "poor_hygiene"),
    Theme.POLICE: ("abuse_neglect", "unsafe_installations"),
    Theme.MUNICIPAL_HELP: ("hoarding", "eviction_risk", "weight_loss", "falls", "reduced_mobility"),
}
# The core themes in the order a newcomer should take them: early detection and bridging first.
SUGGESTION_ORDER = (Theme.EARLY_DETECTION, Theme.TRUST, Theme.MUNICIPAL_HELP, Theme.SYSTEM_KNOWLEDGE)
# How far back what one reported counts for a suggestion.
SUGGESTION_WINDOW = timedelta(days=180)
# A completion running out within this is "due a refresher": the holder is reminded once.
REMINDER_WINDOW = timedelta(days=60)


def valid_q(on: date, prefix: str = "") -> Q:
    """Completed and not due a refresher on `on`."""
    return Q(**{f"{prefix}state": Enrolment.State.COMPLETED}) & (
        Q(**{f"{prefix}valid_until__isnull": True}) | Q(**{f"{prefix}valid_until__gte": on})
    )


def catalogue(user: Any, theme: str = "") -> QuerySet[Module]:
    modules = scoped(user, Module).filter(is_active=True)
    return modules.filter(theme=theme) if theme else modules


def upcoming_sessions(user: Any, now: datetime) -> QuerySet[TrainingSession]:
    """Sessions the user may see that have not ended, with how many places are taken."""
    return (
        scoped(user, TrainingSession)
        .filter(cancelled_at__isnull=True, ends_at__gt=now)
        .select_related("module", "host")
        .annotate(taken=Count("enrolments", filter=~Q(enrolments__state=Enrolment.State.CANCELLED)))
        .order_by("starts_at", "pk")
    )


def coming_sessions(user: Any, now: datetime) -> QuerySet[TrainingSession]:
    """Sessions the user may see that are neither cancelled nor over, soonest first."""
    return scoped(user, TrainingSession).filter(cancelled_at__isnull=True, ends_at__gt=now).order_by("starts_at")


def sessions_awaiting_attendance(user: Any, now: datetime, limit: int = 20) -> QuerySet[TrainingSession]:
    """Sessions that have started with people of the user's managed organisations still only
    enrolled: the manager's attendance to record (the session has left the module's list once over)."""
    return (
        scoped(user, TrainingSession)
        .filter(cancelled_at__isnull=True, starts_at__lte=now,
                pk__in=Enrolment.objects.filter(organisation_id__in=manager_org_ids(user),
                                                state=Enrolment.State.ENROLLED).values("session_id"))
        .select_related("module", "host").order_by("starts_at", "pk")[:limit]
    )


def own_session_ids(user: Any, module: Module) -> set[int]:
    """The sessions of `module` the user is enrolled on (not cancelled)."""
    return set(
        scoped(user, Enrolment).filter(user_id=user.pk, session__module=module)
        .exclude(state=Enrolment.State.CANCELLED).values_list("session_id", flat=True)
    )


def own_enrolments(user: Any) -> QuerySet[Enrolment]:
    """The user's own enrolments (not cancelled) with their sessions and modules, latest first."""
    return (
        scoped(user, Enrolment).filter(user_id=user.pk)
        .exclude(state=Enrolment.State.CANCELLED)
        .select_related("session__module", "session__host")
        .order_by("-session__starts_at", "-pk")
    )


def managed_colleagues(user: Any) -> QuerySet[User]:
    """The active people of the organisations whose training the user manages."""
    return User.objects.filter(memberships__organisation_id__in=manager_org_ids(user), is_active=True).distinct()


def host_organisations(user: Any) -> QuerySet[Organisation]:
    """The organisations the user may plan sessions for: those whose training they manage."""
    return scoped(user, Organisation).filter(pk__in=manager_org_ids(user)).order_by("name")


def participant_organisation(user: Any, participant: User) -> Organisation | None:
    """The organisation, among those whose training the user manages, a colleague takes part for."""
    return host_organisations(user).filter(memberships__user=participant).first()


def valid_themes(user: Any, on: date) -> set[str]:
    """The themes in which the user holds a valid completion."""
    return set(
        Enrolment.objects.filter(valid_q(on), user_id=user.pk)
        .values_list("session__module__theme", flat=True).distinct()
    )


def suggested_module(user: Any, now: datetime) -> Module | None:
    """The module that helps most with what the user has reported, in a theme they have not
    completed nor are enrolled on a coming session of: a theme matching signs they reported lately
    first, then the core themes in order. Two plain queries (the signs reported, then the module),
    cheaper to build than one with a subquery per theme on a page every front-line worker opens first."""
    from lokalsundhed.referrals.models import Observation

    on = timezone.localdate(now)
    reported = set(
        Observation.signs.through.objects.filter(
            observation__reported_by_id=user.pk, observation__created_at__gte=now - SUGGESTION_WINDOW,
        ).values_list("sign__code", flat=True).distinct()
    )
    relevant = [theme for theme, codes in THEME_FOR_SIGNS.items() if reported.intersection(codes)]
    wanted = [*relevant, *SUGGESTION_ORDER]
    relevance = Case(When(theme__in=relevant, then=Value(100)), default=Value(0), output_field=IntegerField())
    core_rank = Case(*[When(theme=theme, then=Value(len(SUGGESTION_ORDER) - i))
                       for i, theme in enumerate(SUGGESTION_ORDER)],
                     default=Value(0), output_field=IntegerField())
    trained = Enrolment.objects.filter(valid_q(on), user_id=user.pk, session__module__theme=OuterRef("theme"))
    # Already enrolled on a session to come: "enrol" would be the wrong thing to suggest.
    enrolled = Enrolment.objects.filter(user_id=user.pk, state=Enrolment.State.ENROLLED, session__ends_at__gt=now,
                                        session__cancelled_at__isnull=True, session__module__theme=OuterRef("theme"))
    return (
        catalogue(user).filter(theme__in=wanted)
        .annotate(score=relevance + core_rank)
        .exclude(Exists(trained))
        .exclude(Exists(enrolled))
        .order_by("-score", "title", "pk")
        .first()
    )


def refreshers_due(on: date, within: timedelta) -> QuerySet[Enrolment]:
    """Completions that run out within `within` of `on` (or have run out), not yet reminded of,
    whose holder has no later enrolment on the same module."""
    later = Enrolment.objects.filter(
        user_id=OuterRef("user_id"), session__module_id=OuterRef("session__module_id"),
        session__starts_at__gt=OuterRef("session__starts_at"),
    ).exclude(state__in=(Enrolment.State.CANCELLED, Enrolment.State.ABSENT))
    return (
        Enrolment.objects.filter(state=Enrolment.State.COMPLETED, valid_until__isnull=False,
                                 valid_until__lte=on + within, refresher_reminded_at__isnull=True)
        .exclude(Exists(later))
        .select_related("session__module", "user")
    )


# --- Coverage --------------------------------------------------------------------------------


@dataclass(frozen=True)
class CoverageRow:
    """Front-line staff of one organisation or estate, and how many are trained per theme."""

    pk: int
    name: str
    staff: int
    trained: dict[str, int]

    def share(self, theme: str) -> float | None:
        return None if not self.staff else self.trained.get(theme, 0) / self.staff

    @property
    def cells(self) -> list[tuple[str, str]]:
        return [(theme, self.shown(theme)) for theme in self.trained]

    def shown(self, theme: str) -> str:
        """The share as a percentage; not shown where fewer than SMALL people are counted."""
        if self.staff < SMALL:
            return "–"
        return figures.share(self.trained.get(theme, 0) / self.staff)


def _theme_counts(on: date, prefix: str, themes: tuple[str, ...]) -> dict[str, Count]:
    enrolment = f"{prefix}training_enrolments__"
    return {
        f"t_{theme}": Count(f"{prefix}pk", distinct=True,
                            filter=valid_q(on, enrolment) & Q(**{f"{enrolment}session__module__theme": theme}))
        for theme in themes
    }


def coverage_by_organisation(organisation_ids: set[int] | list[int], on: date,
                             themes: tuple[str, ...] = CORE_THEMES) -> list[CoverageRow]:
    """Per housing organisation: its caretakers and social workers, and how many are trained in
    each theme on `on`. One grouped query."""
    rows = (
        Membership.objects.filter(organisation_id__in=organisation_ids, role__in=FRONT_LINE_ROLES,
                                  organisation__kind=Organisation.Kind.HOUSING, user__is_active=True)
        .values("organisation_id", "organisation__name")
        .annotate(staff=Count("user", distinct=True), **_theme_counts(on, "user__", themes))
        .order_by("organisation__name")
    )
    return [CoverageRow(r["organisation_id"], r["organisation__name"], r["staff"],
                        {t: r[f"t_{t}"] for t in themes}) for r in rows]


def coverage_by_estate(estate_ids: set[int] | list[int], on: date,
                       themes: tuple[str, ...] = CORE_THEMES) -> list[CoverageRow]:
    """Per estate: the front-line staff posted there, and how many are trained in each theme.
    One grouped query."""
    rows = Posting.objects.filter(estate_id__in=estate_ids, user__is_active=True)
    grouped = (
        rows.values("estate_id", "estate__name")
        .annotate(staff=Count("user", distinct=True), **_theme_counts(on, "user__", themes))
        .order_by("estate__name")
    )
    return [CoverageRow(r["estate_id"], r["estate__name"], r["staff"], {t: r[f"t_{t}"] for t in themes})
            for r in grouped]


def coverage_counts(*, theme: str, on: date, organisation_ids: Any = None,
                    estate_ids: Any = None) -> tuple[int, int]:
    """(trained, staff): front-line staff trained in `theme` on `on` and all front-line staff,
    over the given organisations (by membership) or estates (by posting; a list or a queryset of
    primary keys). One query."""
    base: QuerySet[Any]
    if estate_ids is not None:
        base = Posting.objects.filter(estate_id__in=estate_ids, user__is_active=True)
    else:
        base = Membership.objects.filter(organisation_id__in=organisation_ids or [], role__in=FRONT_LINE_ROLES,
                                         user__is_active=True)
    figures = base.aggregate(staff=Count("user", distinct=True), **_theme_counts(on, "user__", (theme,)))
    return figures[f"t_{theme}"], figures["staff"]


def coverage_share(*, theme: str, on: date, organisation_ids: list[int] | None = None,
                   estate_ids: list[int] | None = None) -> float | None:
    """The indicator: trained front-line staff ÷ all front-line staff, over the given
    organisations (by membership) or estates (by posting), in `theme` on `on`. None when there
    are no such staff. Counted by the database in one query."""
    trained, staff = coverage_counts(theme=theme, on=on, organisation_ids=organisation_ids, estate_ids=estate_ids)
    return trained / staff if staff else None


def coverage_scope(user: Any) -> tuple[list[int], list[int]]:
    """The housing organisations and estates whose coverage the user may see: those of the
    estates in their scope. One query."""
    pairs = list(scoped(user, Estate).values_list("pk", "housing_organisation_id"))
    return sorted({org for _, org in pairs}), [pk for pk, _ in pairs]
