"""Checking flat HSDS tables (our column types and lengths, references) and writing them, in
one transaction: a file with a problem writes nothing."""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Callable
from datetime import UTC, date, datetime, time
from pathlib import Path
from typing import Any

from django.db import DatabaseError, models, transaction

from lokalsundhed.directory import search
from lokalsundhed.directory.hsds import Problem
from lokalsundhed.directory.interchange.reading import read, read_json
from lokalsundhed.directory.interchange.tables import (
    BY_NAME,
    ESTATE_URN,
    MUNICIPALITY_URN,
    OUR_OWN,
    REQUIRED_PARENTS,
    TABLES,
    Report,
    Tables,
    field_map,
    model_has_extra,
)
from lokalsundhed.directory.models import (
    Attribute,
    Contact,
    Language,
    Phone,
    Schedule,
    Service,
    ServiceArea,
    ServiceAtLocation,
)
from lokalsundhed.organisations.models import Estate, Municipality


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
        fields = field_map(spec.model)
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
                    if model_has_extra(spec.model):
                        extra[column] = value
                    else:
                        report.warnings.append(Problem(where, f"{column} is not kept by lokalsundhed"))
                    continue
                try:
                    values[field_.attname] = _convert(field_, value)
                except (ValueError, TypeError) as error:
                    report.problems.append(Problem(f"{where}.{column}", f"{value!r} {error}"))
            if model_has_extra(spec.model):
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
