"""A municipality's administrators keep their help guide in the app: add, edit and retire
services with their places, phones and opening hours.

The same rules as the HSDS import: every text was refused if it held a CPR number (the forms),
and the service as written must be valid HSDS (the official schemas, `hsds.validate`) or
nothing is written. Each write is one transaction with an access-log entry naming the actor.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import time
from typing import Any

from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext_noop

from lokalsundhed.audit.models import Action
from lokalsundhed.audit.services import record
from lokalsundhed.directory import hsds, search
from lokalsundhed.directory.hsds import Problem
from lokalsundhed.directory.hsds_api.documents import full_services
from lokalsundhed.directory.models import (
    Address,
    Location,
    Organization,
    Phone,
    Schedule,
    Service,
    ServiceAtLocation,
)
from lokalsundhed.directory.services import _administration_id
from lokalsundhed.organisations.models import Estate, Municipality

# The service's own texts the administrators edit (HSDS field names).
SERVICE_FIELDS = ("name", "alternate_name", "description", "url", "email", "application_process",
                  "eligibility_description", "fees_description", "interpretation_services", "alert", "status")


class InvalidService(Exception):
    """The service as it would be written breaks the HSDS schemas: nothing was written."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("; ".join(map(str, problems)))
        self.problems = problems


@dataclass
class PhoneChange:
    id: Any = None  # an existing phone of the service, or None for a new one
    number: str = ""
    type: str = ""
    description: str = ""
    delete: bool = False


@dataclass
class HoursChange:
    id: Any = None
    byday: str = ""
    opens_at: time | None = None
    closes_at: time | None = None
    description: str = ""
    delete: bool = False


@dataclass
class PlaceChange:
    id: Any = None  # an existing service_at_location of the service
    name: str = ""
    address_1: str = ""
    postal_code: str = ""
    city: str = ""
    description: str = ""
    delete: bool = False


@dataclass
class ServiceChanges:
    fields: dict[str, Any]
    organization: Organization | None = None
    new_organization: str = ""
    estates: list[Estate] = field(default_factory=list)
    phones: list[PhoneChange] = field(default_factory=list)
    hours: list[HoursChange] = field(default_factory=list)
    places: list[PlaceChange] = field(default_factory=list)


def _organization(changes: ServiceChanges) -> Organization:
    if changes.organization is not None:
        return changes.organization
    found = Organization.objects.filter(name=changes.new_organization).first()
    return found or Organization.objects.create(name=changes.new_organization, description=changes.new_organization)


def _phones(service: Service, changes: list[PhoneChange]) -> None:
    own = {p.pk: p for p in Phone.objects.filter(service=service)}
    for change in changes:
        phone = own.get(change.id)
        if phone is not None and change.delete:
            phone.delete()
        elif phone is not None:
            phone.number, phone.type, phone.description = change.number, change.type, change.description
            phone.save(update_fields=["number", "type", "description"])
        elif not change.delete and change.number:
            Phone.objects.create(service=service, number=change.number, type=change.type,
                                 description=change.description)


def _hours(service: Service, changes: list[HoursChange]) -> None:
    own = {s.pk: s for s in Schedule.objects.filter(service=service)}
    for change in changes:
        schedule = own.get(change.id)
        values = {"byday": change.byday, "opens_at": change.opens_at, "closes_at": change.closes_at,
                  "description": change.description, "freq": Schedule.Freq.WEEKLY}
        if schedule is not None and change.delete:
            schedule.delete()
        elif schedule is not None:
            for name, value in values.items():
                setattr(schedule, name, value)
            schedule.save(update_fields=list(values))
        elif not change.delete and change.byday:
            Schedule.objects.create(service=service, **values)


def _places(service: Service, changes: list[PlaceChange]) -> None:
    own = {s.pk: s for s in ServiceAtLocation.objects.filter(service=service).select_related("location")}
    for change in changes:
        sal = own.get(change.id)
        if sal is not None and change.delete:
            location = sal.location
            sal.delete()
            # A place no other service uses goes with it.
            if not ServiceAtLocation.objects.filter(location=location).exists():
                location.delete()
            continue
        if change.delete or not change.name:
            continue
        if sal is None:
            location = Location.objects.create(name=change.name, organization=service.organization,
                                               location_type=Location.Type.PHYSICAL)
            sal = ServiceAtLocation.objects.create(service=service, location=location, description=change.description)
        else:
            location = sal.location
            location.name = change.name
            location.save(update_fields=["name"])
            sal.description = change.description
            sal.save(update_fields=["description"])
        address = location.addresses.first()
        if change.address_1:
            values = {"address_1": change.address_1, "postal_code": change.postal_code, "city": change.city}
            if address is None:
                Address.objects.create(location=location, country="DK", address_type=Address.Type.PHYSICAL, **values)
            else:
                Address.objects.filter(pk=address.pk).update(**values)
        elif address is not None:
            address.delete()


def _check(service: Service) -> None:
    """The service as written must be valid HSDS, as an imported one is."""
    document = full_services(Service.objects.filter(pk=service.pk).select_related("municipality")
                             .prefetch_related("estates"))[0]
    problems = hsds.validate("service", document, "service")
    if problems:
        raise InvalidService(problems)


@transaction.atomic
def save_service(*, municipality: Municipality, changes: ServiceChanges, actor: Any,
                 service: Service | None = None, request: HttpRequest | None = None) -> Service:
    """Create (service None) or change one of the municipality's services with its phones,
    opening hours and places. Raises InvalidService (nothing written) if the result is not HSDS."""
    creating = service is None
    if service is None:
        service = Service(municipality=municipality)
    elif service.municipality_id != municipality.pk:
        raise ValueError("the service belongs to another municipality")
    for name in SERVICE_FIELDS:
        if name in changes.fields:
            setattr(service, name, changes.fields[name])
    service.organization = _organization(changes)
    service.last_modified = timezone.now()
    service.save()
    service.estates.set([e for e in changes.estates if e.municipality_id == municipality.pk])
    _phones(service, changes.phones)
    _hours(service, changes.hours)
    _places(service, changes.places)
    _check(service)
    search.reindex([service.pk])
    record(actor=actor, action=Action.CREATE if creating else Action.CHANGE, obj=service,
           organisation_id=_administration_id(municipality.pk),
           purpose=gettext_noop("added a help-guide service") if creating else gettext_noop("edited a help-guide service"), request=request)
    return service


@transaction.atomic
def retire_service(service: Service, *, actor: Any, request: HttpRequest | None = None) -> Service:
    """The service is no longer offered: kept (its history matters) but shown nowhere — not in
    the staff and residents' help guide, nor in the HSDS API."""
    service.status = Service.Status.DEFUNCT
    service.last_modified = timezone.now()
    service.save(update_fields=["status", "last_modified"])
    record(actor=actor, action=Action.CHANGE, obj=service, organisation_id=_administration_id(service.municipality_id),
           purpose=gettext_noop("retired a help-guide service"), request=request)
    return service
