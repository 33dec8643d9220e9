"""Reads of the help directory: the search with its filters, a page of results with what it
shows, the guidance card that applies in a municipality, and the administrators' count of
services to check."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.db.models import Exists, F, OuterRef, Prefetch, Q, QuerySet
from django.utils import timezone
from django.utils.translation import get_language

from lokalsundhed.core.access import scoped
from lokalsundhed.directory import search
from lokalsundhed.directory.housekeeping import stale_services
from lokalsundhed.directory.models import (
    NEEDS_TAXONOMY_ID,
    Address,
    Attribute,
    GuidanceCard,
    Language,
    Phone,
    Schedule,
    Service,
    ServiceAtLocation,
    ServiceTranslation,
    TaxonomyTerm,
)
from lokalsundhed.directory.scopes import editable_municipality_ids
from lokalsundhed.organisations.models import Estate
from lokalsundhed.signs.models import SignCategory

WEEKDAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
SHOWN_STATUSES = (Service.Status.ACTIVE, Service.Status.TEMPORARILY_CLOSED)


def needs() -> QuerySet[TaxonomyTerm]:
    return TaxonomyTerm.objects.filter(taxonomy_detail_id=NEEDS_TAXONOMY_ID).order_by("order", "name")


@dataclass(frozen=True)
class Filters:
    query: str = ""
    need: Any = None  # a TaxonomyTerm id
    municipality_id: int | None = None
    estate: Estate | None = None
    open_at: datetime | None = None
    language: str = ""


def open_at_q(moment: datetime) -> Q:
    """Services with opening hours covering `moment` (weekly schedules of the service or its locations)."""
    local = timezone.localtime(moment)
    today, now = local.date(), local.time()
    hours = (
        Schedule.objects.filter(byday__contains=WEEKDAYS[local.weekday()], opens_at__lte=now, closes_at__gt=now)
        .filter(Q(valid_from__isnull=True) | Q(valid_from__lte=today))
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=today))
    )
    # IN subqueries (not correlated EXISTS): the database finds the open schedules once.
    at_location = ServiceAtLocation.objects.filter(
        pk__in=hours.filter(service_at_location__isnull=False).values("service_at_location_id")
    ).values("service_id")
    return Q(pk__in=hours.filter(service__isnull=False).values("service_id")) | Q(pk__in=at_location)


def estate_q(estate: Estate) -> Q:
    """Services for this estate: named for it, or for its whole municipality (no estates named)."""
    through = Service.estates.through.objects
    return Q(Exists(through.filter(service_id=OuterRef("pk"), estate_id=estate.pk))) | (
        ~Q(Exists(through.filter(service_id=OuterRef("pk")))) & Q(municipality_id=estate.municipality_id)
    )


def find(services: QuerySet[Service], filters: Filters) -> QuerySet[Service]:
    """Ranked when there is free text, else alphabetical."""
    # The search text is large and never shown: not read (it would be sorted with every match).
    services = services.filter(status__in=SHOWN_STATUSES).defer("search_document", "search_vector", "extra")
    if filters.municipality_id:
        services = services.filter(municipality_id=filters.municipality_id)
    if filters.estate is not None:
        services = services.filter(estate_q(filters.estate))
    if filters.need:
        services = services.filter(
            pk__in=Attribute.objects.filter(taxonomy_term_id=filters.need, link_entity="service").values("link_id")
        )
    if filters.language:
        services = services.filter(pk__in=Language.objects.filter(code=filters.language).values("service_id"))
    if filters.open_at is not None:
        services = services.filter(open_at_q(filters.open_at))
    if filters.query.strip():
        return search.search(services, filters.query)
    return services.order_by("name")


def for_result_page(services: list[Service]) -> list[Service]:
    """Attach to a page of services what the result list shows, in a fixed number of queries:
    phones (1), street addresses of its places (1), opening hours (1), needs (1) and translations
    in the current language (1)."""
    ids = [s.pk for s in services]
    phones: dict[Any, list[Phone]] = {}
    for phone in Phone.objects.filter(service_id__in=ids).order_by("number"):
        phones.setdefault(phone.service_id, []).append(phone)
    addresses: dict[Any, list[Address]] = {}
    for address in (Address.objects.filter(address_type=Address.Type.PHYSICAL,
                                           location__service_at_locations__service_id__in=ids)
                    .annotate(service_id=F("location__service_at_locations__service_id"))
                    .order_by("address_1", "pk")):
        addresses.setdefault(address.service_id, []).append(address)
    hours: dict[Any, list[Schedule]] = {}
    for schedule in Schedule.objects.filter(service_id__in=ids).order_by("byday", "opens_at"):
        hours.setdefault(schedule.service_id, []).append(schedule)
    labels: dict[Any, list[TaxonomyTerm]] = {}
    # By link_id alone (its index), the taxonomy checked here: a condition on the term would
    # lead the database through every attribute of every need.
    for attribute in Attribute.objects.filter(link_id__in=ids).select_related("taxonomy_term"):
        if attribute.taxonomy_term.taxonomy_detail_id == NEEDS_TAXONOMY_ID:
            labels.setdefault(attribute.link_id, []).append(attribute.taxonomy_term)
    translations = translations_for(ids)
    for service in services:
        service.phone_list = phones.get(service.pk, [])  # type: ignore[attr-defined]
        service.address_list = addresses.get(service.pk, [])  # type: ignore[attr-defined]
        service.hours = hours.get(service.pk, [])  # type: ignore[attr-defined]
        service.need_list = sorted(labels.get(service.pk, []), key=lambda t: t.order)  # type: ignore[attr-defined]
        service.text = Localized(service, translations.get(service.pk))  # type: ignore[attr-defined]
    return services


def translations_for(ids: list[Any], language: str | None = None) -> dict[Any, ServiceTranslation]:
    language = language or get_language() or "da"
    if language == "da":
        return {}
    return {t.service_id: t for t in ServiceTranslation.objects.filter(service_id__in=ids, language=language)}


class Localized:
    """A service's texts in the current language, falling back to Danish field by field;
    `fallback` says whether any shown text is the Danish one."""

    FIELDS = ("name", "description", "application_process", "eligibility_description")

    def __init__(self, service: Service, translation: ServiceTranslation | None) -> None:
        language = get_language() or "da"
        self.fallback = False
        for name in self.FIELDS:
            original = getattr(service, name)
            translated = getattr(translation, name, "") if translation else ""
            if translated:
                value = translated
            else:
                value = original
                if language != "da" and original:
                    self.fallback = True
            setattr(self, name, value)
        self.is_danish = language == "da"


def detail(services: QuerySet[Service], pk: Any) -> Service:
    """One service with everything its page shows (fixed number of queries)."""
    service = services.select_related("organization", "municipality").prefetch_related(
        "estates",
        Prefetch("phones", queryset=Phone.objects.order_by("number")),
        Prefetch("schedules", queryset=Schedule.objects.order_by("byday", "opens_at")),
        Prefetch("service_at_locations", queryset=ServiceAtLocation.objects.select_related("location")
                 .prefetch_related("location__addresses")),
        "languages",
        "contacts",
    ).get(pk=pk)
    for_result_page([service])
    return service


def card_for(category: SignCategory, municipality_id: int | None) -> GuidanceCard | None:
    """The municipality's own card for the category, else the national default."""
    cards = GuidanceCard.objects.filter(category=category).filter(
        Q(municipality_id=municipality_id) | Q(municipality__isnull=True)
    )
    chosen = None
    for card in cards.select_related("category"):
        if card.municipality_id == municipality_id or chosen is None:
            chosen = card
    return chosen


def services_for_card(card: GuidanceCard, municipality_id: int | None, limit: int = 6) -> list[Service]:
    """Whom to call: the card's own services, else active services of the municipality whose
    needs answer the card's sign category."""
    if municipality_id is None:
        return []
    linked = list(card.services.filter(status__in=SHOWN_STATUSES, municipality_id=municipality_id)[:limit])
    if linked:
        return for_result_page(linked)
    need_ids = TaxonomyTerm.objects.filter(
        Q(sign_categories=card.category_id) | Q(signs__category=card.category_id)
    ).values("pk")
    answering = Attribute.objects.filter(link_id=OuterRef("pk"), taxonomy_term_id__in=need_ids)
    chosen = list(
        Service.objects.filter(municipality_id=municipality_id, status=Service.Status.ACTIVE)
        .filter(Exists(answering))
        .order_by("name")[:limit]
    )
    return for_result_page(chosen)


def stale_service_count(user: Any, today: date) -> int:
    """Services of the directories the user administers not verified for 12 months (the
    housekeeping's definition; a defunct service needs no checking). One COUNT query."""
    editable = editable_municipality_ids(user)
    if not editable:
        return 0
    return (
        scoped(user, Service)
        .filter(stale_services(today), municipality_id__in=editable)
        .exclude(status=Service.Status.DEFUNCT)
        .count()
    )


def card_service_choices(user: Any, municipality_id: int) -> QuerySet[Service]:
    """The services an administrator may link to a guidance card: the municipality's own."""
    return scoped(user, Service).filter(municipality_id=municipality_id).order_by("name")


# The residents' guide is public: it reads active services and a municipality's estates without
# a user, so it needs no scope (and a scope would show an anonymous reader nothing).

def public_services() -> QuerySet[Service]:
    """The services the residents' guide shows: active ones, with their organisation."""
    return Service.objects.filter(status=Service.Status.ACTIVE).select_related("organization")


def public_estate(municipality_id: int, pk: int) -> Estate | None:
    """An estate of the municipality, for a guide narrowed to it; None when it is not there."""
    return Estate.objects.filter(pk=pk, municipality_id=municipality_id).first()
