"""A small world with every boundary between organisations, for authorization tests.

Fredericia municipality (M) partners with housing organisation A (estate_a). Housing
organisation B has its own estate in Fredericia outside the partnership. Vejle municipality
(V) has housing organisation C with estate_c. Each persona holds one role in one place.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from lokalsundhed.accounts.models import User
from lokalsundhed.accounts.tests.factories import member
from lokalsundhed.core.permissions import Role
from lokalsundhed.organisations.models import Estate, Organisation, Partnership
from lokalsundhed.organisations.tests.factories import (
    DwellingFactory,
    EstateFactory,
    FacilityFactory,
    HousingOrganisationFactory,
    MunicipalOrganisationFactory,
    PartnershipFactory,
    municipality,
)

# persona name -> (organisation attribute on World, role)
PERSONAS: dict[str, tuple[str, Role]] = {
    "caretaker": ("housing_a", Role.CARETAKER),
    "social_worker": ("housing_a", Role.SOCIAL_WORKER),
    "housing_admin": ("housing_a", Role.ADMIN),
    "housing_analyst": ("housing_a", Role.ANALYST),
    "intake": ("municipality_m", Role.INTAKE),
    "unit_worker": ("municipality_m", Role.UNIT_WORKER),
    "professional": ("municipality_m", Role.PROFESSIONAL),
    "municipal_admin": ("municipality_m", Role.ADMIN),
    "municipal_analyst": ("municipality_m", Role.ANALYST),
    "auditor": ("municipality_m", Role.AUDITOR),
    "other_housing_caretaker": ("housing_b", Role.CARETAKER),
    "other_municipality_intake": ("municipality_v", Role.INTAKE),
    "other_municipality_admin": ("municipality_v", Role.ADMIN),
}


# Groups of personas the authorization matrices of every app use.
EVERYONE = set(PERSONAS)
AGGREGATE_READERS = {"housing_admin", "housing_analyst", "municipal_admin", "municipal_analyst",
                     "other_municipality_admin"}
HOUSING_A = {"caretaker", "social_worker", "housing_admin", "housing_analyst"}
MUNICIPAL_M = {"intake", "unit_worker", "professional", "municipal_admin", "municipal_analyst", "auditor"}
OUTSIDERS = {"other_housing_caretaker", "other_municipality_intake", "other_municipality_admin"}


@dataclass
class World:
    municipality_m: Organisation
    municipality_v: Organisation
    housing_a: Organisation
    housing_b: Organisation
    housing_c: Organisation
    estate_a: Estate
    estate_b: Estate
    estate_c: Estate
    partnership: Partnership
    users: dict[str, User] = field(default_factory=dict)


def build_world() -> World:
    fredericia, vejle = municipality("0607"), municipality("0630")
    world = World(
        municipality_m=MunicipalOrganisationFactory(municipality=fredericia),
        municipality_v=MunicipalOrganisationFactory(municipality=vejle),
        housing_a=HousingOrganisationFactory(municipality=fredericia, name="Lillebæltsbo"),
        housing_b=HousingOrganisationFactory(municipality=fredericia, name="Fjordhjem"),
        housing_c=HousingOrganisationFactory(municipality=vejle, name="Vejle Bolig"),
        estate_a=None,  # type: ignore[arg-type]
        estate_b=None,  # type: ignore[arg-type]
        estate_c=None,  # type: ignore[arg-type]
        partnership=None,  # type: ignore[arg-type]
    )
    world.estate_a = EstateFactory(housing_organisation=world.housing_a, name="Nørreparken")
    world.estate_b = EstateFactory(housing_organisation=world.housing_b, name="Sønderengen")
    world.estate_c = EstateFactory(housing_organisation=world.housing_c, name="Finlandsparken")
    for estate in (world.estate_a, world.estate_b, world.estate_c):
        DwellingFactory.create_batch(3, estate=estate)
        FacilityFactory(estate=estate)
    world.partnership = PartnershipFactory(municipality=world.municipality_m, name="Sundhed i Nørreparken")
    world.partnership.housing_organisations.add(world.housing_a)
    world.partnership.estates.add(world.estate_a)
    for name, (org_attr, role) in PERSONAS.items():
        world.users[name] = member(getattr(world, org_attr), role, email=f"{name}@example.dk")
    return world
