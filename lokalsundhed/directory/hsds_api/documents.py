"""HSDS documents of the API, built by the export's mapping (`directory.interchange`) so that
the file export and the API answer with the same fields — one mapping, not two.

The HSDS schemas require some texts (an organization's `description`, an address's
`state_province`, which Danish addresses do not have) that the export leaves out when empty;
the API gives them as empty strings so that every answer is valid against the schemas.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache
from typing import Any

from lokalsundhed.directory import hsds
from lokalsundhed.directory.interchange.exporting import Snapshot, nested, row_of, service_json
from lokalsundhed.directory.models import (
    Organization,
    Service,
    ServiceAtLocation,
    Taxonomy,
    TaxonomyTerm,
)

# The HSDS object schema of each nested property, for the texts it requires.
SCHEMA_OF = {"organization": "organization", "organizations": "organization", "taxonomy_detail": "taxonomy",
             "taxonomy_term": "taxonomy_term", "addresses": "address", "location": "location",
             "locations": "location", "phones": "phone", "contacts": "contact", "schedules": "schedule",
             "languages": "language", "service_areas": "service_area", "attributes": "attribute",
             "service_at_locations": "service_at_location", "service": "service", "services": "service"}


@cache
def _required_texts(schema: str) -> tuple[str, ...]:
    """The string fields an HSDS object must have (an address's `state_province`, an
    organization's `description` …), which the export leaves out when we hold nothing."""
    contents = hsds._registry().contents(f"{schema}.json")
    properties = contents.get("properties", {})
    return tuple(name for name in contents.get("required", ())
                 if name != "id" and properties.get(name, {}).get("type") == "string")


def _required(row: dict[str, Any], schema: str) -> dict[str, Any]:
    for name in _required_texts(schema):
        row.setdefault(name, "")
    return row


def _fix_nested(document: Any, schema: str | None = None) -> Any:
    """A nested document with the required texts HSDS wants given as "" where we hold none."""
    if isinstance(document, list):
        return [_fix_nested(item, schema) for item in document]
    if not isinstance(document, dict):
        return document
    out = {key: _fix_nested(value, SCHEMA_OF.get(key)) for key, value in document.items()}
    return _required(out, schema) if schema else out


def service_row(service: Service) -> dict[str, Any]:
    """A service with its one-to-one fields and its organization (HSDS `service_list`)."""
    row = row_of(service)
    row["organization"] = organization_row(service.organization)
    return row


def organization_row(organization: Organization) -> dict[str, Any]:
    return _required(row_of(organization), "organization")


def full_services(services: Iterable[Service]) -> list[dict[str, Any]]:
    """Fully nested services, in the order given (a fixed number of queries)."""
    chosen = list(services)
    snapshot = Snapshot(chosen)
    return [_fix_nested(service_json(snapshot, s), "service") for s in chosen]


def full_organization(organization: Organization, services: Iterable[Service], *,
                      full_service: bool) -> dict[str, Any]:
    """An organization with its contacts, phones, locations … and its services (one-to-one
    fields, or fully nested with `full_service`)."""
    chosen = list(services)
    snapshot = Snapshot(chosen)
    out = _fix_nested(nested(snapshot, organization, "organizations"), "organization")
    if full_service:
        out["services"] = [_fix_nested(service_json(snapshot, s), "service") for s in chosen]
    else:
        out["services"] = [row_of(s) for s in chosen]
    return out


def service_at_location_row(sal: ServiceAtLocation) -> dict[str, Any]:
    """One-to-one fields with the service and the location (HSDS `service_at_location_list`)."""
    row = row_of(sal)
    row["service"] = _required(row_of(sal.service), "service")
    row["location"] = _required(row_of(sal.location), "location")
    return row


def full_service_at_location(sal: ServiceAtLocation) -> dict[str, Any]:
    """The service at one location, fully nested (HSDS compiled `service_at_location`)."""
    snapshot = Snapshot([sal.service])
    out = _fix_nested(nested(snapshot, sal, "service_at_location"), "service_at_location")
    out["service"] = _fix_nested(service_json(snapshot, sal.service), "service")
    return out


def full_services_at_locations(sals: Iterable[ServiceAtLocation]) -> list[dict[str, Any]]:
    chosen = list(sals)
    snapshot = Snapshot({s.service_id: s.service for s in chosen}.values())
    out = []
    for sal in chosen:
        document = _fix_nested(nested(snapshot, sal, "service_at_location"), "service_at_location")
        document["service"] = _fix_nested(service_json(snapshot, sal.service), "service")
        out.append(document)
    return out


def taxonomy(obj: Taxonomy) -> dict[str, Any]:
    return _required(row_of(obj), "taxonomy")


def taxonomy_term(term: TaxonomyTerm) -> dict[str, Any]:
    row = _required(row_of(term), "taxonomy_term")
    if term.taxonomy_detail is not None:
        row["taxonomy_detail"] = taxonomy(term.taxonomy_detail)
    return row
