"""Export of the help directory as HSDS 3.0 JSON and CSV; the API's documents use the same
mapping (`row_of`, `service_json`)."""

from __future__ import annotations

import csv
import json
import uuid
from collections.abc import Iterable
from datetime import UTC, date, datetime, time
from functools import cache
from pathlib import Path
from typing import Any

from django.db import models

from lokalsundhed.directory import hsds
from lokalsundhed.directory.interchange.tables import (
    BY_MODEL,
    BY_NAME,
    ESTATE_URN,
    MUNICIPALITY_URN,
    field_map,
)
from lokalsundhed.directory.models import (
    Address,
    Attribute,
    Contact,
    Language,
    Location,
    Organization,
    Phone,
    Schedule,
    Service,
    ServiceArea,
    ServiceAtLocation,
    Taxonomy,
    TaxonomyTerm,
)


def _value(field_: models.Field, value: Any) -> Any:
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value.astimezone(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")
    if isinstance(value, (date, time)):
        return value.isoformat()
    if isinstance(value, uuid.UUID):
        return str(value)
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


@cache
def _required(model: type[models.Model]) -> frozenset[str]:
    """The columns HSDS requires of a record of `model`."""
    schema = hsds._registry().contents(f"{BY_MODEL[model].schema}.json")
    return frozenset(schema.get("required", []))


def row_of(obj: models.Model) -> dict[str, Any]:
    """The flat HSDS row of one record (our own columns left out, `extra` merged back). A text
    column HSDS requires is written even when empty (an address's `state_province`), so that the
    export passes the schema and imports back."""
    row = {}
    required = _required(type(obj))
    for column, field_ in field_map(type(obj)).items():
        value = _value(field_, getattr(obj, field_.attname))
        if value is not None:
            row[column] = value
        elif column in required and isinstance(field_, (models.CharField, models.TextField)):
            row[column] = ""
    return row


def _urn_areas(service: Service) -> list[dict[str, Any]]:
    areas = [{"id": str(uuid.uuid5(service.id, "municipality")), "service_id": str(service.id),
              "name": service.municipality.name, "uri": f"{MUNICIPALITY_URN}{service.municipality.code}"}]
    for estate in sorted(service.estates.all(), key=lambda e: e.pk):
        areas.append({"id": str(uuid.uuid5(service.id, f"estate-{estate.pk}")), "service_id": str(service.id),
                      "name": estate.name, "uri": f"{ESTATE_URN}{estate.pk}"})
    return areas


class Snapshot:
    """Every record the export of some services needs, read in a fixed number of queries."""

    def __init__(self, services: Iterable[Service]) -> None:
        self.services = list(services)
        ids = [s.id for s in self.services]
        self.sals = list(ServiceAtLocation.objects.filter(service_id__in=ids))
        org_ids = {s.organization_id for s in self.services}
        self.organizations = {o.id: o for o in Organization.objects.filter(pk__in=org_ids)}
        location_ids = {s.location_id for s in self.sals} | set(
            Location.objects.filter(organization_id__in=org_ids).values_list("pk", flat=True)
        )
        self.locations = {loc.id: loc for loc in Location.objects.filter(pk__in=location_ids)}
        sal_ids = [s.id for s in self.sals]
        self.contacts = list(Contact.objects.filter(
            models.Q(service_id__in=ids) | models.Q(organization_id__in=org_ids)
            | models.Q(location_id__in=location_ids) | models.Q(service_at_location_id__in=sal_ids)
        ))
        contact_ids = [c.id for c in self.contacts]
        self.phones = list(Phone.objects.filter(
            models.Q(service_id__in=ids) | models.Q(organization_id__in=org_ids)
            | models.Q(location_id__in=location_ids) | models.Q(service_at_location_id__in=sal_ids)
            | models.Q(contact_id__in=contact_ids)
        ))
        phone_ids = [p.id for p in self.phones]
        self.schedules = list(Schedule.objects.filter(
            models.Q(service_id__in=ids) | models.Q(location_id__in=location_ids)
            | models.Q(service_at_location_id__in=sal_ids)
        ))
        self.areas = list(ServiceArea.objects.filter(service_id__in=ids))
        self.languages = list(Language.objects.filter(
            models.Q(service_id__in=ids) | models.Q(location_id__in=location_ids) | models.Q(phone_id__in=phone_ids)
        ))
        self.addresses = list(Address.objects.filter(location_id__in=location_ids))
        link_ids = set(ids) | set(org_ids) | set(location_ids) | set(sal_ids) | set(contact_ids) | set(phone_ids)
        self.attributes = list(Attribute.objects.filter(link_id__in=link_ids))
        term_ids = {a.taxonomy_term_id for a in self.attributes}
        self.terms = {t.id: t for t in TaxonomyTerm.objects.filter(pk__in=term_ids)}
        taxonomy_ids = {t.taxonomy_detail_id for t in self.terms.values() if t.taxonomy_detail_id}
        self.taxonomies = {t.id: t for t in Taxonomy.objects.filter(pk__in=taxonomy_ids)}

    def children(self, rows: list[Any], column: str, parent_id: Any) -> list[Any]:
        return sorted((r for r in rows if getattr(r, column) == parent_id), key=lambda r: str(r.pk))


def _with_extra(obj: models.Model, row: dict[str, Any]) -> dict[str, Any]:
    extra = getattr(obj, "extra", None) or {}
    return {**row, **extra}


def nested(snap: Snapshot, obj: models.Model, table: str) -> dict[str, Any]:
    """One record as nested HSDS JSON, with the children HSDS puts under it."""
    out = row_of(obj)
    pk = obj.pk
    if table == "phones":
        out["languages"] = [row_of(x) for x in snap.children(snap.languages, "phone_id", pk)]
    if table == "contacts":
        out["phones"] = [nested(snap, x, "phones") for x in snap.children(snap.phones, "contact_id", pk)]
    if table == "locations":
        out["languages"] = [row_of(x) for x in snap.children(snap.languages, "location_id", pk)]
        out["addresses"] = [row_of(x) for x in snap.children(snap.addresses, "location_id", pk)]
        out["contacts"] = [nested(snap, x, "contacts") for x in snap.children(snap.contacts, "location_id", pk)]
        out["phones"] = [nested(snap, x, "phones") for x in snap.children(snap.phones, "location_id", pk)]
        out["schedules"] = [row_of(x) for x in snap.children(snap.schedules, "location_id", pk)]
    if table == "service_at_location":
        out["contacts"] = [nested(snap, x, "contacts")
                           for x in snap.children(snap.contacts, "service_at_location_id", pk)]
        out["phones"] = [nested(snap, x, "phones") for x in snap.children(snap.phones, "service_at_location_id", pk)]
        out["schedules"] = [row_of(x) for x in snap.children(snap.schedules, "service_at_location_id", pk)]
        location = snap.locations.get(obj.location_id)  # type: ignore[attr-defined]
        if location is not None:
            out["location"] = nested(snap, location, "locations")
    if table == "organizations":
        out["contacts"] = [nested(snap, x, "contacts") for x in snap.children(snap.contacts, "organization_id", pk)]
        out["phones"] = [nested(snap, x, "phones") for x in snap.children(snap.phones, "organization_id", pk)]
        out["locations"] = [nested(snap, x, "locations")
                            for x in sorted(snap.locations.values(), key=lambda loc: str(loc.pk))
                            if x.organization_id == pk]
    attributes = [a for a in snap.attributes if a.link_id == pk]
    if attributes:
        out["attributes"] = [_attribute(snap, a) for a in sorted(attributes, key=lambda a: str(a.pk))]
    out = {k: v for k, v in out.items() if v != []}
    return _with_extra(obj, out)


def _attribute(snap: Snapshot, attribute: Attribute) -> dict[str, Any]:
    out = row_of(attribute)
    term = snap.terms[attribute.taxonomy_term_id]
    term_row = row_of(term)
    if term.taxonomy_detail_id in snap.taxonomies:
        term_row["taxonomy_detail"] = row_of(snap.taxonomies[term.taxonomy_detail_id])
    out["taxonomy_term"] = term_row
    return out


def service_json(snap: Snapshot, service: Service) -> dict[str, Any]:
    out = row_of(service)
    pk = service.pk
    out["phones"] = [nested(snap, x, "phones") for x in snap.children(snap.phones, "service_id", pk)]
    out["schedules"] = [row_of(x) for x in snap.children(snap.schedules, "service_id", pk)]
    out["service_areas"] = [row_of(x) for x in snap.children(snap.areas, "service_id", pk)] + _urn_areas(service)
    out["service_at_locations"] = [nested(snap, x, "service_at_location")
                                   for x in snap.children(snap.sals, "service_id", pk)]
    out["languages"] = [row_of(x) for x in snap.children(snap.languages, "service_id", pk)]
    out["organization"] = nested(snap, snap.organizations[service.organization_id], "organizations")
    out["contacts"] = [nested(snap, x, "contacts") for x in snap.children(snap.contacts, "service_id", pk)]
    attributes = sorted((a for a in snap.attributes if a.link_id == pk), key=lambda a: str(a.pk))
    out["attributes"] = [_attribute(snap, a) for a in attributes]
    return _with_extra(service, {k: v for k, v in out.items() if v != []})


def _services(services: Iterable[Service] | None) -> list[Service]:
    qs = Service.objects.all() if services is None else services
    if isinstance(qs, models.QuerySet):
        qs = qs.select_related("municipality").prefetch_related("estates").order_by("pk")
    return sorted(qs, key=lambda s: str(s.pk))


def export_json(services: Iterable[Service] | None = None) -> dict[str, Any]:
    """A service list page (HSDS API form) with every service in full."""
    chosen = _services(services)
    snap = Snapshot(chosen)
    contents = [service_json(snap, s) for s in chosen]
    return {"total_items": len(contents), "total_pages": 1, "page_number": 1, "size": len(contents),
            "first_page": True, "last_page": True, "empty": not contents, "contents": contents}


def export_service(service: Service) -> dict[str, Any]:
    return export_json([service])["contents"][0]


def export_tables(services: Iterable[Service] | None = None) -> dict[str, list[dict[str, Any]]]:
    """The tabular form: one list of flat rows per CSV file, in a stable order."""
    chosen = _services(services)
    snap = Snapshot(chosen)
    rows: dict[str, list[dict[str, Any]]] = {
        "services": [row_of(s) for s in chosen],
        "organizations": [row_of(o) for o in snap.organizations.values()],
        "locations": [row_of(x) for x in snap.locations.values()],
        "addresses": [row_of(x) for x in snap.addresses],
        "service_at_location": [row_of(x) for x in snap.sals],
        "contacts": [row_of(x) for x in snap.contacts],
        "phones": [row_of(x) for x in snap.phones],
        "schedules": [row_of(x) for x in snap.schedules],
        "service_areas": [row_of(x) for x in snap.areas] + [a for s in chosen for a in _urn_areas(s)],
        "languages": [row_of(x) for x in snap.languages],
        "attributes": [row_of(x) for x in snap.attributes],
        "taxonomy_terms": [row_of(x) for x in snap.terms.values()],
        "taxonomies": [row_of(x) for x in snap.taxonomies.values()],
    }
    return {name: sorted(table, key=lambda r: r["id"]) for name, table in rows.items()}


def _columns(table: str) -> list[str]:
    spec = BY_NAME[table]
    properties = hsds.schema_properties(spec.schema)
    return [name for name, prop in properties.items() if prop.get("type") not in ("array", "object") and "$ref" not in prop]


def write_csv_folder(folder: Path, services: Iterable[Service] | None = None) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    resources = []
    for name, rows in export_tables(services).items():
        path = folder / f"{name}.csv"
        columns = _columns(name)
        with path.open("w", encoding="utf-8", newline="") as handle:
            writer = csv.DictWriter(handle, fieldnames=columns, extrasaction="ignore", lineterminator="\n")
            writer.writeheader()
            writer.writerows(rows)
        written.append(path)
        resources.append({"name": name, "path": path.name, "profile": "tabular-data-resource",
                          "format": "csv", "mediatype": "text/csv", "encoding": "utf-8"})
    package = {"name": "lokalsundhed-hjaelpeguide", "profile": "tabular-data-package",
               "title": "lokalsundhed: help guide (Open Referral HSDS 3.0)", "version": hsds.HSDS_VERSION,
               "resources": sorted(resources, key=lambda r: r["name"])}
    (folder / "datapackage.json").write_text(json.dumps(package, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return written


def dumps(data: Any) -> str:
    return json.dumps(data, indent=2, ensure_ascii=False, sort_keys=False) + "\n"
