"""Reads of local offers: the residents' calendar, an offer with its texts in the reader's
language, a sign-up by its private token. Staff reads go through `scoped()`."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db.models import Count, Prefetch, Q, QuerySet, Window
from django.http import Http404
from django.utils import timezone

from lokalsundhed.accounts.models import Membership, User
from lokalsundhed.core.access import scoped
from lokalsundhed.core.permissions import ROLE_PERMISSIONS, Perm, Role
from lokalsundhed.offers.models import Offer, OfferTranslation, Session, SignUp, Slot
from lokalsundhed.offers.scopes import offer_q
from lokalsundhed.organisations.models import Organisation

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
    """Each offer with its number of places taken and people waiting."""
    return offers.annotate(
        n_confirmed=Count("sign_ups", filter=Q(sign_ups__status=SignUp.Status.CONFIRMED)),
        n_waiting=Count("sign_ups", filter=Q(sign_ups__status=SignUp.Status.WAITING)),
    )


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
    organised = Offer.organisers.through.objects.filter(user_id=user.pk).values("offer_id")
    first = (
        scoped(user, Session)
        .filter(offer_q(user, Perm.RUN_OFFERS, prefix="offer__"))
        .filter(Q(offer__facilitator=user) | Q(offer_id__in=organised))
        .filter(cancelled_at__isnull=True, offer__archived_at__isnull=True, ends_at__gt=now,
                starts_at__lt=now + timedelta(days=days))
        .select_related("offer")
        .only("starts_at", "ends_at", "offer__title")
        .annotate(total=Window(Count("pk")))
        .order_by("starts_at", "pk")
        .first()
    )
    return UpcomingSessions(count=first.total if first else 0, next=first, days=days)
