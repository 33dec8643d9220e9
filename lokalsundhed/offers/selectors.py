"""Reads of local offers: the residents' calendar, an offer with its texts in the reader's
language, a sign-up by its private token, a runner's sessions and participants. Staff reads go
through `scoped()`. The reach of the offers is in `reach_selectors.py`."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet, Subquery, Window
from django.db.models.functions import Coalesce
from django.http import Http404
from django.utils import timezone

from lokalsundhed.accounts.models import Membership, User
from lokalsundhed.core.access import scoped
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


def with_unreached(sign_ups: QuerySet[SignUp]) -> QuerySet[SignUp]:
    """Each sign-up with `unreached`: a message to the resident was given up (the gateway refused it
    or stayed down), so staff should contact them another way. In the page's own query."""
    given_up = OutboxEntry.objects.filter(topic="offers.message", failed_at__isnull=False, about_id=OuterRef("pk"))
    return sign_ups.annotate(unreached=Exists(given_up))
