"""Import and export of the help directory in Open Referral HSDS 3.0: JSON (a service list
page, a single service, or a list of services) and the tabular CSV form (a datapackage folder).

Both forms are first turned into the same flat tables as HSDS's CSV files (one row per record,
parents named by `…_id` columns). A record that the nested JSON repeats under several parents
(one phone under the service, its contact and its location) becomes one row with every parent.
Then everything is checked — the official schemas, our column types and lengths, references —
and only a file without problems is written, in one transaction: nothing is half-imported.

lokalsundhed keeps what it uses in its own tables. Nested HSDS parts it does not use (funding,
programs, cost options …) are kept as they are on the service, organization or location and
written back on export, so that export → import → export gives the same file.

Our municipality and estates travel as service areas with a `urn:lokalsundhed:` URI.
"""

from __future__ import annotations

import csv
import json
import uuid
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time
from functools import cache
from pathlib import Path
from typing import Any

from django.db import DatabaseError, models, transaction

from lokalsundhed.directory import hsds, search
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
from lokalsundhed.organisations.models import Estate, Municipality

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


# --- Reading -----------------------------------------------------------------------------------


def read(path: Path, report: Report, progress: Callable[[int, int], None] | None = None) -> Tables:
    """Flat tables from a JSON file or a CSV datapackage folder. Problems go in `report`."""
    if path.is_dir():
        return _read_csv_folder(path, report)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
        report.problems.append(Problem(path.name, f"not readable as JSON: {error}"))
        return Tables()
    except RecursionError:
        report.problems.append(Problem(path.name, "not readable as JSON: nested too deeply"))
        return Tables()
    try:
        return read_json(data, path.name, report, progress)
    except RecursionError:
        # Parsed, but deeper than any HSDS record: checking it would exhaust the stack.
        report.problems.append(Problem(path.name, "not readable as HSDS: nested too deeply"))
        return Tables()


def read_json(data: Any, name: str, report: Report,
              progress: Callable[[int, int], None] | None = None) -> Tables:
    if isinstance(data, dict) and isinstance(data.get("contents"), list):
        services, prefix = data["contents"], f"{name} contents"
    elif isinstance(data, list):
        services, prefix = data, name
    elif isinstance(data, dict) and "id" in data and "name" in data:
        services, prefix = [data], ""
    else:
        report.problems.append(Problem(name, "neither an HSDS service, a list of services nor a service list page"))
        return Tables()
    tables = Tables()
    for i, service in enumerate(services):
        where = f"{prefix}[{i}]" if prefix else name
        problems = hsds.validate("service", service, where)
        report.problems.extend(problems)
        if not problems:
            _flatten("services", service, {}, where, tables, report)
        if progress:
            progress(i + 1, len(services))
    return tables


def _flatten(table: str, obj: dict[str, Any], parent: dict[str, Any], where: str, tables: Tables,
             report: Report) -> None:
    """One nested HSDS object into flat rows: its scalars, then its children."""
    spec = BY_NAME[table]
    row: dict[str, Any] = dict(parent)
    extra: dict[str, Any] = {}
    for key, value in obj.items():
        child_where = f"{where}.{key}"
        if key == "organization" and table == "services" and isinstance(value, dict):
            _flatten("organizations", value, {}, child_where, tables, report)
            row.setdefault("organization_id", value.get("id"))
        elif key == "location" and table == "service_at_location" and isinstance(value, dict):
            _flatten("locations", value, {}, child_where, tables, report)
            row.setdefault("location_id", value.get("id"))
        elif key == "taxonomy_term" and table == "attributes" and isinstance(value, dict):
            _flatten("taxonomy_terms", value, {}, child_where, tables, report)
            row.setdefault("taxonomy_term_id", value.get("id"))
        elif key == "taxonomy_detail" and table == "taxonomy_terms" and isinstance(value, dict):
            _flatten("taxonomies", value, {}, child_where, tables, report)
            row.setdefault("taxonomy_id", value.get("id"))
        elif key == "attributes" and isinstance(value, list):
            for i, attribute in enumerate(value):
                link = {"link_id": obj.get("id"), "link_entity": spec.schema}
                _flatten("attributes", attribute, link, f"{child_where}[{i}]", tables, report)
        elif key in NESTED and isinstance(value, list) and _has_column(BY_NAME[NESTED[key]], table):
            for i, child in enumerate(value):
                _flatten(NESTED[key], child, {PARENT_COLUMN[table]: obj.get("id")}, f"{child_where}[{i}]",
                         tables, report)
        elif isinstance(value, (dict, list)):
            if _model_has_extra(spec.model):
                extra[key] = value
            else:
                report.warnings.append(Problem(child_where, f"{key} is not kept by lokalsundhed"))
        else:
            row[key] = value
    if extra:
        row["extra"] = extra
    tables.add(table, row, where, report)


def _has_column(child: Table, parent_table: str) -> bool:
    return PARENT_COLUMN.get(parent_table) in child.parents


def _model_has_extra(model: type[models.Model]) -> bool:
    return any(f.name == "extra" for f in model._meta.concrete_fields)


def _read_csv_folder(folder: Path, report: Report) -> Tables:
    tables = Tables()
    read_rows: Counter[str] = Counter()
    known = {f"{t.name}.csv" for t in TABLES}
    for path in sorted(folder.glob("*.csv")):
        if path.name not in known:
            report.warnings.append(Problem(path.name, "not imported: lokalsundhed does not keep this table"))
    for spec in TABLES:
        path = folder / f"{spec.name}.csv"
        if not path.exists():
            continue
        properties = hsds.schema_properties(spec.schema)
        try:
            with path.open(encoding="utf-8-sig", newline="") as handle:
                reader = csv.DictReader(handle)
                for line, raw in enumerate(reader, start=2):
                    where = f"{path.name} line {line}"
                    read_rows[spec.name] += 1
                    row = _typed_csv_row(raw, properties, where, report)
                    if row is None:
                        continue
                    problems = _validate_flat(spec, row, where)
                    report.problems.extend(problems)
                    if not problems:
                        tables.add(spec.name, row, where, report)
        except (OSError, UnicodeDecodeError, csv.Error) as error:
            report.problems.append(Problem(path.name, f"not readable as CSV: {error}"))
    if not read_rows["services"]:
        report.problems.append(Problem(folder.name, "no services.csv with services in it"))
    return tables


def _typed_csv_row(raw: dict[str, Any], properties: dict[str, Any], where: str, report: Report) -> dict[str, Any] | None:
    row: dict[str, Any] = {}
    ok = True
    for column, value in raw.items():
        if column is None:
            report.problems.append(Problem(where, "more cells than columns"))
            ok = False
            continue
        if value is None or value == "":
            continue
        kind = properties.get(column, {}).get("type")
        if kind == "number":
            try:
                number = float(value)
            except ValueError:
                report.problems.append(Problem(f"{where}, column {column}", f"{value!r} is not a number"))
                ok = False
                continue
            row[column] = int(number) if number.is_integer() else number
        else:
            row[column] = value
    return row if ok else None


def _validate_flat(spec: Table, row: dict[str, Any], where: str) -> list[Problem]:
    problems = [Problem(f"{p.where.replace(where + '.', where + ', column ', 1)}", p.message)
                for p in hsds.validate(spec.schema, row, where)]
    schema = hsds._registry().contents(f"{spec.schema}.json")
    for column in schema.get("tabular_required", []):
        if column not in row:
            problems.append(Problem(where, f"{column!r} is a required column"))
    return problems


# --- Checking and writing ----------------------------------------------------------------------


def _field_map(model: type[models.Model]) -> dict[str, models.Field]:
    """HSDS column → our model field."""
    return {HSDS_NAME.get(f.attname, f.attname): f for f in model._meta.concrete_fields if f.attname not in OUR_OWN}


def _convert(field_: models.Field, value: Any) -> Any:
    if value is None:
        return None if field_.null else ""
    if isinstance(field_, models.DateTimeField):
        parsed = datetime.fromisoformat(str(value).replace("Z", "+00:00"))
        return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)
    if isinstance(field_, models.DateField):
        return date.fromisoformat(str(value))
    if isinstance(field_, models.TimeField):
        return time.fromisoformat(str(value))
    if isinstance(field_, models.UUIDField):
        return uuid.UUID(str(value))
    if isinstance(field_, models.ForeignKey):
        return uuid.UUID(str(value))
    if isinstance(field_, (models.PositiveIntegerField, models.PositiveSmallIntegerField)):
        if float(value) < 0 or not float(value).is_integer():
            raise ValueError("must be a whole number, 0 or more")
        return int(value)
    if isinstance(field_, models.FloatField):
        return float(value)
    if isinstance(field_, models.CharField) and field_.max_length and len(str(value)) > field_.max_length:
        raise ValueError(f"is longer than {field_.max_length} characters")
    return value


def _municipality_from_areas(tables: Tables, municipality: Municipality | None,
                             report: Report) -> tuple[dict[str, int], dict[str, list[int]]]:
    """Each service's municipality and estates, from our URNs in its service areas (which are
    then not kept as areas) or from `municipality`."""
    codes = dict(Municipality.objects.values_list("code", "pk"))
    estate_ids = set(Estate.objects.values_list("pk", flat=True))
    of_service: dict[str, int] = {}
    estates: dict[str, list[int]] = defaultdict(list)
    for key, row in list(tables.rows.get("service_areas", {}).items()):
        uri = str(row.get("uri", ""))
        service_id = str(row.get("service_id", ""))
        where = tables.where[("service_areas", key)]
        if uri.startswith(MUNICIPALITY_URN):
            code = uri.removeprefix(MUNICIPALITY_URN)
            if code in codes:
                of_service[service_id] = codes[code]
            else:
                report.problems.append(Problem(where, f"unknown municipality code {code!r}"))
            del tables.rows["service_areas"][key]
        elif uri.startswith(ESTATE_URN):
            estate = uri.removeprefix(ESTATE_URN)
            if estate.isdigit() and int(estate) in estate_ids:
                estates[service_id].append(int(estate))
            else:
                report.warnings.append(Problem(where, f"estate {estate!r} is not known here; left out"))
            del tables.rows["service_areas"][key]
    for key in tables.rows.get("services", {}):
        if key not in of_service:
            if municipality is not None:
                of_service[key] = municipality.pk
            elif not Service.objects.filter(pk__in=[u for u in [_uuid_or_none(key)] if u]).exists():
                report.problems.append(Problem(tables.where[("services", key)],
                                               "no municipality: give one (--municipality CODE)"))
    return of_service, estates


def _uuid_or_none(value: Any) -> uuid.UUID | None:
    try:
        return uuid.UUID(str(value))
    except ValueError:
        return None


def _check_references(tables: Tables, report: Report) -> None:
    """A reference to a record neither in the file nor in the database: an error where the record
    cannot be without its parent, otherwise a warning and the reference is dropped."""
    existing: dict[str, set[str]] = {}

    def known(table: str, key: str) -> bool:
        if key in tables.rows.get(table, {}):
            return True
        if table not in existing:
            existing[table] = set()
        if key not in existing[table]:
            pk = _uuid_or_none(key)
            if pk is not None and BY_NAME[table].model._default_manager.filter(pk=pk).exists():
                existing[table].add(key)
        return key in existing[table]

    for spec in TABLES:
        for key, row in tables.rows.get(spec.name, {}).items():
            for column, target in spec.parents.items():
                value = row.get(column)
                if value in (None, "") or known(target, str(value)):
                    continue
                where = tables.where[(spec.name, key)]
                if (spec.name, column) in REQUIRED_PARENTS:
                    report.problems.append(Problem(where, f"{column} {value} names no record in {target}"))
                else:
                    report.warnings.append(Problem(where, f"{column} {value} names no record in {target}; left out"))
                    row[column] = None
            if spec.name == "services" and not row.get("organization_id"):
                report.problems.append(Problem(tables.where[(spec.name, key)], "a service needs an organization"))


def _instances(tables: Tables, report: Report, of_service: dict[str, int]) -> dict[str, list[models.Model]]:
    out: dict[str, list[models.Model]] = {}
    for spec in TABLES:
        fields = _field_map(spec.model)
        objects = []
        for key, row in tables.rows.get(spec.name, {}).items():
            where = tables.where[(spec.name, key)]
            values: dict[str, Any] = {}
            extra = dict(row.get("extra", {}))
            for column, value in row.items():
                if column == "extra":
                    continue
                field_ = fields.get(column)
                if field_ is None:
                    if _model_has_extra(spec.model):
                        extra[column] = value
                    else:
                        report.warnings.append(Problem(where, f"{column} is not kept by lokalsundhed"))
                    continue
                try:
                    values[field_.attname] = _convert(field_, value)
                except (ValueError, TypeError) as error:
                    report.problems.append(Problem(f"{where}.{column}", f"{value!r} {error}"))
            if _model_has_extra(spec.model):
                values["extra"] = extra
            if spec.name == "services":
                values["municipality_id"] = of_service.get(key)
            objects.append(spec.model(**values))
        out[spec.name] = objects
    return out


@transaction.atomic
def _write(instances: dict[str, list[models.Model]], estates: dict[str, list[int]], report: Report,
           progress: Callable[[int, int], None] | None) -> None:
    total = sum(len(v) for v in instances.values())
    done = 0
    service_ids = [s.pk for s in instances.get("services", [])]
    # The file is the truth for the services in it: their own children not in the file go.
    _drop_missing_children(service_ids, instances)
    for spec in TABLES:
        objects = instances.get(spec.name, [])
        if not objects:
            continue
        model = spec.model
        # Our own columns (English names, order, municipality …) are not in HSDS: an update keeps them.
        fields = [f.attname for f in model._meta.concrete_fields
                  if not f.primary_key and (f.attname not in OUR_OWN or f.attname == "extra")]
        if spec.name == "services":
            fields.append("municipality_id")
        if spec.name == "services":
            # A re-import keeps an existing service's municipality unless the file names one.
            current = dict(Service.objects.filter(pk__in=service_ids).values_list("pk", "municipality_id"))
            for service in objects:
                if service.municipality_id is None:  # type: ignore[attr-defined]
                    service.municipality_id = current.get(service.pk)  # type: ignore[attr-defined]
        for start in range(0, len(objects), 1000):
            batch = objects[start:start + 1000]
            found = set(model._default_manager.filter(pk__in=[o.pk for o in batch]).values_list("pk", flat=True))
            model._default_manager.bulk_create([o for o in batch if o.pk not in found])
            model._default_manager.bulk_update([o for o in batch if o.pk in found], fields)
            done += len(batch)
            if progress:
                progress(done, total)
        report.counts[spec.name] = len(objects)
    for service_id, estate_ids in estates.items():
        pk = _uuid_or_none(service_id)
        if pk is not None:
            Service.estates.through.objects.filter(service_id=pk).delete()
            Service.estates.through.objects.bulk_create(
                [Service.estates.through(service_id=pk, estate_id=e) for e in sorted(set(estate_ids))]
            )
    search.reindex(service_ids)


def _drop_missing_children(service_ids: list[Any], instances: dict[str, list[models.Model]]) -> None:
    if not service_ids:
        return
    keep = {name: {o.pk for o in objs} for name, objs in instances.items()}
    for name, model in (("phones", Phone), ("schedules", Schedule), ("service_areas", ServiceArea),
                        ("languages", Language), ("contacts", Contact), ("service_at_location", ServiceAtLocation)):
        model._default_manager.filter(service_id__in=service_ids).exclude(pk__in=keep.get(name, set())).delete()
    Attribute.objects.filter(link_id__in=service_ids, link_entity="service").exclude(
        pk__in=keep.get("attributes", set())
    ).delete()


def import_path(path: Path, *, municipality: Municipality | None = None,
                progress: Callable[[int, int], None] | None = None) -> Report:
    """Read, check and (only when all is well) write an HSDS file or folder in one transaction."""
    report = Report()
    tables = read(path, report, progress=None)
    return import_tables(tables, report, municipality=municipality, progress=progress)


def import_data(data: Any, name: str, *, municipality: Municipality | None = None) -> Report:
    report = Report()
    return import_tables(read_json(data, name, report), report, municipality=municipality)


def import_tables(tables: Tables, report: Report, *, municipality: Municipality | None = None,
                  progress: Callable[[int, int], None] | None = None) -> Report:
    if report.problems:
        return report
    of_service, estates = _municipality_from_areas(tables, municipality, report)
    _check_references(tables, report)
    instances = _instances(tables, report, of_service)
    if report.problems:
        return report
    try:
        _write(instances, estates, report, progress)
    except DatabaseError as error:
        report.problems.append(Problem("database", str(error).strip().splitlines()[0]))
        report.counts.clear()
        return report
    report.imported = True
    return report


# --- Exporting ---------------------------------------------------------------------------------


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
    for column, field_ in _field_map(type(obj)).items():
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


class _Snapshot:
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


def _nested(snap: _Snapshot, obj: models.Model, table: str) -> dict[str, Any]:
    """One record as nested HSDS JSON, with the children HSDS puts under it."""
    out = row_of(obj)
    pk = obj.pk
    if table == "phones":
        out["languages"] = [row_of(x) for x in snap.children(snap.languages, "phone_id", pk)]
    if table == "contacts":
        out["phones"] = [_nested(snap, x, "phones") for x in snap.children(snap.phones, "contact_id", pk)]
    if table == "locations":
        out["languages"] = [row_of(x) for x in snap.children(snap.languages, "location_id", pk)]
        out["addresses"] = [row_of(x) for x in snap.children(snap.addresses, "location_id", pk)]
        out["contacts"] = [_nested(snap, x, "contacts") for x in snap.children(snap.contacts, "location_id", pk)]
        out["phones"] = [_nested(snap, x, "phones") for x in snap.children(snap.phones, "location_id", pk)]
        out["schedules"] = [row_of(x) for x in snap.children(snap.schedules, "location_id", pk)]
    if table == "service_at_location":
        out["contacts"] = [_nested(snap, x, "contacts")
                           for x in snap.children(snap.contacts, "service_at_location_id", pk)]
        out["phones"] = [_nested(snap, x, "phones") for x in snap.children(snap.phones, "service_at_location_id", pk)]
        out["schedules"] = [row_of(x) for x in snap.children(snap.schedules, "service_at_location_id", pk)]
        location = snap.locations.get(obj.location_id)  # type: ignore[attr-defined]
        if location is not None:
            out["location"] = _nested(snap, location, "locations")
    if table == "organizations":
        out["contacts"] = [_nested(snap, x, "contacts") for x in snap.children(snap.contacts, "organization_id", pk)]
        out["phones"] = [_nested(snap, x, "phones") for x in snap.children(snap.phones, "organization_id", pk)]
        out["locations"] = [_nested(snap, x, "locations")
                            for x in sorted(snap.locations.values(), key=lambda loc: str(loc.pk))
                            if x.organization_id == pk]
    attributes = [a for a in snap.attributes if a.link_id == pk]
    if attributes:
        out["attributes"] = [_attribute(snap, a) for a in sorted(attributes, key=lambda a: str(a.pk))]
    out = {k: v for k, v in out.items() if v != []}
    return _with_extra(obj, out)


def _attribute(snap: _Snapshot, attribute: Attribute) -> dict[str, Any]:
    out = row_of(attribute)
    term = snap.terms[attribute.taxonomy_term_id]
    term_row = row_of(term)
    if term.taxonomy_detail_id in snap.taxonomies:
        term_row["taxonomy_detail"] = row_of(snap.taxonomies[term.taxonomy_detail_id])
    out["taxonomy_term"] = term_row
    return out


def service_json(snap: _Snapshot, service: Service) -> dict[str, Any]:
    out = row_of(service)
    pk = service.pk
    out["phones"] = [_nested(snap, x, "phones") for x in snap.children(snap.phones, "service_id", pk)]
    out["schedules"] = [row_of(x) for x in snap.children(snap.schedules, "service_id", pk)]
    out["service_areas"] = [row_of(x) for x in snap.children(snap.areas, "service_id", pk)] + _urn_areas(service)
    out["service_at_locations"] = [_nested(snap, x, "service_at_location")
                                   for x in snap.children(snap.sals, "service_id", pk)]
    out["languages"] = [row_of(x) for x in snap.children(snap.languages, "service_id", pk)]
    out["organization"] = _nested(snap, snap.organizations[service.organization_id], "organizations")
    out["contacts"] = [_nested(snap, x, "contacts") for x in snap.children(snap.contacts, "service_id", pk)]
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
    snap = _Snapshot(chosen)
    contents = [service_json(snap, s) for s in chosen]
    return {"total_items": len(contents), "total_pages": 1, "page_number": 1, "size": len(contents),
            "first_page": True, "last_page": True, "empty": not contents, "contents": contents}


def export_service(service: Service) -> dict[str, Any]:
    return export_json([service])["contents"][0]


def export_tables(services: Iterable[Service] | None = None) -> dict[str, list[dict[str, Any]]]:
    """The tabular form: one list of flat rows per CSV file, in a stable order."""
    chosen = _services(services)
    snap = _Snapshot(chosen)
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
