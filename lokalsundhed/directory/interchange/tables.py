"""The flat HSDS tables both forms of the import pass through, the mapping of our models to
them, and the report of an import."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db import models

from lokalsundhed.directory.hsds import Problem
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

MUNICIPALITY_URN = "urn:lokalsundhed:municipality:"
ESTATE_URN = "urn:lokalsundhed:estate:"


@dataclass(frozen=True)
class Table:
    """One HSDS table: its CSV file, its schema, our model, and its parent columns."""

    name: str  # the CSV file's stem, e.g. "phones"
    schema: str  # the HSDS object schema, e.g. "phone"
    model: type[models.Model]
    parents: dict[str, str]  # column → the table it names


# In the order they are written: parents before children.
TABLES = [
    Table("taxonomies", "taxonomy", Taxonomy, {}),
    Table("taxonomy_terms", "taxonomy_term", TaxonomyTerm, {"taxonomy_id": "taxonomies"}),
    Table("organizations", "organization", Organization, {}),
    Table("services", "service", Service, {"organization_id": "organizations"}),
    Table("locations", "location", Location, {"organization_id": "organizations"}),
    Table("addresses", "address", Address, {"location_id": "locations"}),
    Table("service_at_location", "service_at_location", ServiceAtLocation,
          {"service_id": "services", "location_id": "locations"}),
    Table("contacts", "contact", Contact, {"organization_id": "organizations", "service_id": "services",
                                           "service_at_location_id": "service_at_location",
                                           "location_id": "locations"}),
    Table("phones", "phone", Phone, {"location_id": "locations", "service_id": "services",
                                     "organization_id": "organizations", "contact_id": "contacts",
                                     "service_at_location_id": "service_at_location"}),
    Table("schedules", "schedule", Schedule, {"service_id": "services", "location_id": "locations",
                                              "service_at_location_id": "service_at_location"}),
    Table("service_areas", "service_area", ServiceArea, {"service_id": "services"}),
    Table("languages", "language", Language, {"service_id": "services", "location_id": "locations",
                                              "phone_id": "phones"}),
    Table("attributes", "attribute", Attribute, {"taxonomy_term_id": "taxonomy_terms"}),
]
BY_NAME = {t.name: t for t in TABLES}
BY_SCHEMA = {t.schema: t for t in TABLES}
BY_MODEL = {t.model: t for t in TABLES}
# Parents a record cannot be without: a broken reference there is an error, elsewhere a warning.
REQUIRED_PARENTS = {("services", "organization_id"), ("addresses", "location_id"),
                    ("service_at_location", "service_id"), ("service_at_location", "location_id"),
                    ("service_areas", "service_id"), ("attributes", "taxonomy_term_id")}
# Our columns that are not HSDS, and HSDS column names that differ from ours.
OUR_OWN = {"municipality_id", "search_document", "search_vector", "stale_notified_on", "extra", "name_en", "order"}
HSDS_NAME = {"taxonomy_detail_id": "taxonomy_id"}
OUR_NAME = {v: k for k, v in HSDS_NAME.items()}
# Nested JSON: property → (child table, the child's column naming the parent).
NESTED = {
    "phones": "phones", "schedules": "schedules", "service_areas": "service_areas",
    "service_at_locations": "service_at_location", "languages": "languages", "contacts": "contacts",
    "locations": "locations", "addresses": "addresses",
}
PARENT_COLUMN = {"services": "service_id", "organizations": "organization_id", "locations": "location_id",
                 "contacts": "contact_id", "service_at_location": "service_at_location_id", "phones": "phone_id"}


def field_map(model: type[models.Model]) -> dict[str, models.Field]:
    """HSDS column → our model field."""
    return {HSDS_NAME.get(f.attname, f.attname): f for f in model._meta.concrete_fields if f.attname not in OUR_OWN}


def model_has_extra(model: type[models.Model]) -> bool:
    return any(f.name == "extra" for f in model._meta.concrete_fields)


@dataclass
class Report:
    """What an import found and did. `problems` stop it; `warnings` do not."""

    problems: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    counts: Counter[str] = field(default_factory=Counter)
    imported: bool = False

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def counted(self) -> list[tuple[str, int]]:
        return sorted(self.counts.items())

    def lines(self) -> list[str]:
        out = [f"problem: {p}" for p in self.problems] + [f"warning: {w}" for w in self.warnings]
        if self.imported:
            out.append("imported: " + ", ".join(f"{n} {t}" for t, n in sorted(self.counts.items())))
        else:
            out.append(f"nothing imported: {len(self.problems)} problem(s)")
        return out


class Tables:
    """Flat HSDS rows by table and id, merged when the same record appears more than once."""

    def __init__(self) -> None:
        self.rows: dict[str, dict[str, dict[str, Any]]] = defaultdict(dict)
        self.where: dict[tuple[str, str], str] = {}

    def add(self, table: str, row: dict[str, Any], where: str, report: Report) -> None:
        key = str(row.get("id", ""))
        existing = self.rows[table].get(key)
        if existing is None:
            self.rows[table][key] = row
            self.where[(table, key)] = where
            return
        for column, value in row.items():
            if existing.get(column) in (None, "", {}, []):
                existing[column] = value
            elif value not in (None, "") and existing[column] != value and column != "extra":
                report.warnings.append(Problem(where, f"{column} differs from the same record at "
                                                      f"{self.where[(table, key)]}; the first is kept"))
