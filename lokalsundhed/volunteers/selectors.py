"""Reads about volunteers, through `scoped()` for staff and through `volunteer_of` for the
volunteer themself. Figures per estate are counted by the database in one query."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db.models import Count, Q, QuerySet, Sum
from django.utils import timezone

from lokalsundhed.accounts.models import SERVICE_ACCOUNT_DOMAIN, User
from lokalsundhed.core import figures
from lokalsundhed.core.access import scoped
from lokalsundhed.offers.models import Offer, Session
from lokalsundhed.organisations.models import Estate
from lokalsundhed.volunteers.models import Assignment, Shift, Volunteer

SMALL = figures.SMALL  # counts of volunteers below this (and above zero) are suppressed for analysts


def volunteer_of(user: Any) -> Volunteer | None:
    """The active volunteer record of a logged-in volunteer, or None (staff have none)."""
    if not getattr(user, "is_authenticated", False):
        return None
    return Volunteer.objects.filter(user_id=user.pk, status=Volunteer.Status.ACTIVE).first()


def shifts_of(volunteer: Volunteer, now: datetime) -> QuerySet[Shift]:
    """The volunteer's coming shifts."""
    return (Shift.objects.filter(volunteer=volunteer, session__ends_at__gt=now, session__cancelled_at__isnull=True)
            .select_related("session", "offer").order_by("session__starts_at", "pk"))


def takeable_shifts(volunteer: Volunteer, now: datetime) -> QuerySet[Shift]:
    """Coming shifts of the volunteer's activities that are open or offered for swap by another."""
    return (
        Shift.objects.filter(offer__volunteer_assignments__volunteer=volunteer,
                             offer__volunteer_assignments__ended_at__isnull=True,
                             session__starts_at__gt=now, session__cancelled_at__isnull=True)
        .filter(Q(volunteer__isnull=True) | Q(swap_offered_at__isnull=False))
        .exclude(volunteer=volunteer)
        .select_related("session", "offer").order_by("session__starts_at", "pk")
    )


def volunteer_shift(volunteer: Volunteer, pk: int) -> Shift | None:
    """A shift the volunteer holds or may take (one of their activities'), or None."""
    return (Shift.objects.filter(Q(volunteer=volunteer) | Q(offer__volunteer_assignments__volunteer=volunteer))
            .select_related("session", "offer").distinct().filter(pk=pk).first())


def coming_sessions(user: Any, offer: Offer, now: datetime) -> QuerySet[Session]:
    """The offer's sessions that are neither cancelled nor over, for a coordinator's shift form."""
    return scoped(user, Session).filter(offer=offer, cancelled_at__isnull=True, ends_at__gt=now).order_by("starts_at")


def shifts_of_activity(user: Any, offer: Offer) -> QuerySet[Shift]:
    """The volunteer shifts of an activity, latest session first, for its coordinators."""
    return (scoped(user, Shift).filter(offer=offer).select_related("session", "volunteer")
            .order_by("-session__starts_at"))


def recruiting_estate(pk: int) -> Estate | None:
    """The estate of a public recruitment page (its name only is shown); None when there is none."""
    return Estate.objects.filter(pk=pk).first()


@dataclass(frozen=True)
class EstateFigures:
    estate_id: int
    name: str
    volunteers: int
    minutes: int

    @property
    def hours(self) -> float:
        return float(figures.rounded(self.minutes / 60, 1))

    @property
    def shown_volunteers(self) -> str:
        return figures.count_shown(self.volunteers)


def figures_per_estate(estate_ids: list[int]) -> list[EstateFigures]:
    """Active volunteers living in or serving each estate, and hours logged on its activities'
    shifts. Two grouped queries, whatever the number of volunteers."""
    people = dict(
        (r["estate_id"], (r["estate__name"], r["n"]))
        for r in Volunteer.objects.filter(estate_id__in=estate_ids, status=Volunteer.Status.ACTIVE)
        .values("estate_id", "estate__name").annotate(n=Count("pk")).order_by()
    )
    minutes = {
        r["offer__estate_id"]: (r["offer__estate__name"], r["m"] or 0)
        for r in Shift.objects.filter(offer__estate_id__in=estate_ids, minutes__isnull=False)
        .values("offer__estate_id", "offer__estate__name").annotate(m=Sum("minutes")).order_by()
    }
    rows = []
    for pk in people.keys() | minutes.keys():
        name = (people.get(pk) or minutes[pk])[0]
        rows.append(EstateFigures(pk, name, people.get(pk, ("", 0))[1], minutes.get(pk, ("", 0))[1]))
    return sorted(rows, key=lambda row: row.name)


# What stopping an active volunteer ends: the same rows `services.set_status` changes, counted
# beforehand so that the coordinator is told.


def open_assignments(volunteer: Volunteer) -> QuerySet[Assignment]:
    """The activities the volunteer is on."""
    return Assignment.objects.filter(volunteer=volunteer, ended_at__isnull=True)


def shifts_to_come(volunteer: Volunteer, now: datetime) -> QuerySet[Shift]:
    """Their shifts not yet held: freed for another to take when they stop."""
    return Shift.objects.filter(volunteer=volunteer, minutes__isnull=True, session__starts_at__gt=now)


def volunteers_only_logins() -> QuerySet[User]:
    """Logins that serve nothing but a volunteer's shifts: no staff role, no platform operator, no API
    client's service account. Only such a login becomes a volunteer's, closes when they stop and is
    emptied by retention — anyone may apply with any address, an operator's or a client's too."""
    return (User.objects.filter(memberships__isnull=True, is_staff=False, is_superuser=False)
            .exclude(email__endswith=f"@{SERVICE_ACCOUNT_DOMAIN}"))


def volunteer_login(volunteer: Volunteer) -> QuerySet[User]:
    """Their login by one-time code, which only shows their shifts: closed when they stop, opened when
    they are approved again; none when they are staff too (their login is then also for their work)."""
    if volunteer.user_id is None:
        return User.objects.none()
    return volunteers_only_logins().filter(pk=volunteer.user_id)


@dataclass(frozen=True)
class Stopping:
    """What stopping an active volunteer ends, said before it is done."""

    activities: int
    shifts_to_come: int
    closes_login: bool


def what_stopping_ends(volunteer: Volunteer) -> Stopping:
    """The activities they are on, their shifts to come and whether their login closes: up to three
    small queries (none for a login they do not have)."""
    return Stopping(
        activities=open_assignments(volunteer).count(),
        shifts_to_come=shifts_to_come(volunteer, timezone.now()).count(),
        closes_login=volunteer_login(volunteer).filter(is_active=True).exists(),
    )
