from __future__ import annotations

import factory

from lokalsundhed.organisations.models import (
    Dwelling,
    Estate,
    Facility,
    Municipality,
    Organisation,
    Partnership,
)


def municipality(code: str = "0607") -> Municipality:
    """A real municipality, loaded by migration (default: Fredericia)."""
    return Municipality.objects.get(code=code)


class MunicipalOrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation
        django_get_or_create = ("kind", "municipality")

    kind = Organisation.Kind.MUNICIPALITY
    municipality = factory.LazyFunction(municipality)
    name = factory.LazyAttribute(lambda o: o.municipality.name)


class HousingOrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    kind = Organisation.Kind.HOUSING
    municipality = factory.LazyFunction(municipality)
    name = factory.Sequence(lambda n: f"Boligselskabet {n}")


class EstateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Estate

    housing_organisation = factory.SubFactory(HousingOrganisationFactory)
    municipality = factory.LazyAttribute(lambda o: o.housing_organisation.municipality)
    name = factory.Sequence(lambda n: f"Afdeling {n}")
    number = factory.Sequence(lambda n: str(n))
    street_address = "Parkvej 1"
    postcode = "7000"
    city = "Fredericia"


class DwellingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Dwelling

    estate = factory.SubFactory(EstateFactory)
    street = "Parkvej"
    number = factory.Sequence(lambda n: str(n + 1))
    postcode = "7000"
    city = "Fredericia"


class FacilityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Facility

    estate = factory.SubFactory(EstateFactory)
    kind = Facility.Kind.COMMON_ROOM
    name = "Fælleshuset"


class PartnershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Partnership

    name = factory.Sequence(lambda n: f"Partnerskab {n}")
    municipality = factory.SubFactory(MunicipalOrganisationFactory)
