"""What the public HSDS API shows, and its filters. Every read of the API goes through here.

The API is public, like the residents' help guide: it holds no personal data and shows the
services a resident could find (active or temporarily closed), their organizations, and the
taxonomies. Retired (inactive, defunct) services are left out.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db.models import Count, Exists, Max, OuterRef, Q, QuerySet

from lokalsundhed.directory import search as fulltext
from lokalsundhed.directory import selectors
from lokalsundhed.directory.models import (
    Attribute,
    Organization,
    Service,
    ServiceAtLocation,
    Taxonomy,
    TaxonomyTerm,
)


def as_uuid(value: str | None) -> uuid.UUID | None:
    """A UUID from a query or path parameter, None when it is not one (the filter then finds nothing)."""
    try:
        return uuid.UUID(str(value))
    except (TypeError, ValueError, AttributeError):
        return None


def clean_text(value: str | None) -> str:
    """Free text from a query parameter: NUL and other control characters dropped (PostgreSQL
    refuses NUL in text), at most 100 characters as in the help guide's search form."""
    return "".join(c for c in (value or "") if c.isprintable())[:100]


@dataclass(frozen=True)
class ServiceFilters:
    search: str = ""
    taxonomy_term_id: str | None = None
    taxonomy_id: str | None = None
    organization_id: str | None = None
    modified_after: datetime | None = None


def public_services() -> QuerySet[Service]:
    """The services anyone may see through the API."""
    return Service.objects.filter(status__in=selectors.SHOWN_STATUSES)


def _nothing_if_bad(qs: QuerySet[Any], raw: str | None) -> tuple[QuerySet[Any], uuid.UUID | None]:
    if raw in (None, ""):
        return qs, None
    pk = as_uuid(raw)
    return (qs if pk is not None else qs.none()), pk


def services(filters: ServiceFilters) -> QuerySet[Service]:
    """Public services matching the HSDS filters; ranked by the help guide's Danish search when
    there is free text, else by name and id (a stable order for paging)."""
    qs = public_services()
    qs, term = _nothing_if_bad(qs, filters.taxonomy_term_id)
    if term is not None:
        qs = qs.filter(pk__in=Attribute.objects.filter(taxonomy_term_id=term, link_entity="service").values("link_id"))
    qs, taxonomy = _nothing_if_bad(qs, filters.taxonomy_id)
    if taxonomy is not None:
        qs = qs.filter(pk__in=Attribute.objects.filter(
            taxonomy_term__taxonomy_detail_id=taxonomy, link_entity="service").values("link_id"))
    qs, organization = _nothing_if_bad(qs, filters.organization_id)
    if organization is not None:
        qs = qs.filter(organization_id=organization)
    if filters.modified_after is not None:
        qs = qs.filter(last_modified__gte=filters.modified_after)
    qs = qs.select_related("organization").defer("search_document", "search_vector")
    if clean_text(filters.search).strip():
        return selectors.find(qs, selectors.Filters(query=clean_text(filters.search))).order_by("-rank", "name", "pk")
    return qs.order_by("name", "pk")


def service(pk: str) -> Service | None:
    key = as_uuid(pk)
    if key is None:
        return None
    return public_services().select_related("municipality").filter(pk=key).first()


def service_at_locations(filters: ServiceFilters) -> QuerySet[ServiceAtLocation]:
    """The places of the public services that match the filters."""
    chosen: Any = services(filters).order_by().values("pk")
    if filters.search and fulltext.is_sqlite():
        # SQLite's FTS5 MATCH cannot stand in a subquery (its table is renamed there): ids first.
        chosen = list(chosen.values_list("pk", flat=True))
    return (ServiceAtLocation.objects.filter(service_id__in=chosen)
            .select_related("service", "location").order_by("service__name", "pk"))


def service_at_location(pk: str) -> ServiceAtLocation | None:
    key = as_uuid(pk)
    if key is None:
        return None
    return (ServiceAtLocation.objects.filter(pk=key, service__in=public_services())
            .select_related("service__municipality").first())


def organizations(search: str = "") -> QuerySet[Organization]:
    """Organizations running at least one public service; `search` in their names."""
    qs = Organization.objects.filter(Exists(public_services().filter(organization_id=OuterRef("pk"))))
    text = clean_text(search).strip()
    if text:
        qs = qs.filter(Q(name__icontains=text) | Q(alternate_name__icontains=text))
    return qs.order_by("name", "pk")


def organization(pk: str) -> Organization | None:
    key = as_uuid(pk)
    if key is None:
        return None
    return organizations().filter(pk=key).first()


def services_of(org: Organization) -> QuerySet[Service]:
    return public_services().filter(organization=org).select_related("municipality").order_by("name", "pk")


def taxonomies(search: str = "") -> QuerySet[Taxonomy]:
    qs = Taxonomy.objects.all()
    text = clean_text(search).strip()
    if text:
        qs = qs.filter(Q(name__icontains=text) | Q(description__icontains=text))
    return qs.order_by("name", "pk")


def taxonomy(pk: str) -> Taxonomy | None:
    key = as_uuid(pk)
    return None if key is None else Taxonomy.objects.filter(pk=key).first()


def taxonomy_terms(search: str = "", taxonomy_id: str | None = None, parent_id: str | None = None,
                   top_only: bool = False) -> QuerySet[TaxonomyTerm]:
    qs = TaxonomyTerm.objects.select_related("taxonomy_detail")
    text = clean_text(search).strip()
    if text:
        qs = qs.filter(Q(name__icontains=text) | Q(name_en__icontains=text) | Q(code__icontains=text))
    qs, taxonomy_key = _nothing_if_bad(qs, taxonomy_id)
    if taxonomy_key is not None:
        qs = qs.filter(taxonomy_detail_id=taxonomy_key)
    qs, parent = _nothing_if_bad(qs, parent_id)
    if parent is not None:
        qs = qs.filter(parent_id=parent)
    if top_only:
        qs = qs.filter(parent_id__isnull=True)
    return qs.order_by("taxonomy_detail__name", "order", "name", "pk")


def taxonomy_term(pk: str) -> TaxonomyTerm | None:
    key = as_uuid(pk)
    return None if key is None else TaxonomyTerm.objects.select_related("taxonomy_detail").filter(pk=key).first()


def count_and_newest(qs: QuerySet[Any], modified: str | None = None) -> tuple[int, datetime | None]:
    """The number of records and (for services) the newest change, in one aggregate query."""
    plain = qs.order_by()
    if modified is None:
        return plain.aggregate(n=Count("pk"))["n"], None
    found = plain.aggregate(n=Count("pk"), newest=Max(modified))
    return found["n"], found["newest"]
