"""Help-directory records for tests, benchmarks and the demo's tests."""

from __future__ import annotations

import uuid
from datetime import time
from typing import Any

import factory

from lokalsundhed.directory import search
from lokalsundhed.directory.models import (
    NEEDS_TAXONOMY_ID,
    Attribute,
    Language,
    Location,
    Organization,
    Phone,
    Schedule,
    Service,
    ServiceAtLocation,
    TaxonomyTerm,
)
from lokalsundhed.organisations.models import Municipality


class LocationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Location

    name = factory.Sequence(lambda n: f"Sted {n}")


class ServiceAtLocationFactory(factory.django.DjangoModelFactory):
    """A service delivered at a place (give the service)."""

    class Meta:
        model = ServiceAtLocation

    location = factory.SubFactory(LocationFactory)


def need(code: str) -> TaxonomyTerm:
    return TaxonomyTerm.objects.get(taxonomy_detail_id=NEEDS_TAXONOMY_ID, code=code)


def make_service(
    municipality: Municipality,
    name: str,
    *,
    description: str = "",
    needs: tuple[str, ...] = (),
    phones: tuple[str, ...] = ("70 10 20 30",),
    hours: tuple[tuple[str, time, time], ...] = (),
    languages: tuple[str, ...] = (),
    estates: tuple[Any, ...] = (),
    organization: Organization | None = None,
    **fields: Any,
) -> Service:
    organization = organization or Organization.objects.get_or_create(
        name=f"{municipality.name} Kommune", defaults={"description": "Kommunen"}
    )[0]
    service = Service.objects.create(organization=organization, municipality=municipality, name=name,
                                     description=description, **fields)
    service.estates.set(estates)
    for number in phones:
        Phone.objects.create(service=service, number=number)
    for byday, opens, closes in hours:
        Schedule.objects.create(service=service, freq="WEEKLY", byday=byday, opens_at=opens, closes_at=closes)
    for code in languages:
        Language.objects.create(service=service, code=code, name=code)
    for code in needs:
        Attribute.objects.create(id=uuid.uuid4(), link_id=service.id, link_entity="service",
                                 link_type="need", taxonomy_term=need(code))
    search.reindex([service.pk])
    return service


def matrix_service(world: Any) -> Service:
    """One service in the authorization world's municipality M (Fredericia), made once."""
    municipality = world.estate_a.municipality
    existing = Service.objects.filter(municipality=municipality, name="Matrix-tilbud").first()
    return existing or make_service(municipality, "Matrix-tilbud", needs=("dementia",))


def matrix_place(world: Any) -> ServiceAtLocation:
    """The matrix service at one location (the HSDS API's service_at_location)."""
    service = matrix_service(world)
    existing = ServiceAtLocation.objects.filter(service=service).first()
    if existing is not None:
        return existing
    location = Location.objects.create(name="Matrix-stedet")
    return ServiceAtLocation.objects.create(service=service, location=location)
