"""The demo: a fictional partnership in Fredericia, and a small neighbour in Vejle so that every
boundary between organisations can be shown.

The municipalities are real; the housing organisations, estates, people and figures are made
up. Loading is idempotent: every row is found by its natural key, created when missing and
corrected when it has drifted, so a second run changes nothing.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from typing import Any, TypeVar

from django.contrib.auth.hashers import check_password, make_password
from django.db import models, transaction

from lokalsundhed.accounts.models import Membership, User
from lokalsundhed.accounts.services import grant_membership
from lokalsundhed.audit.models import Action, Entry
from lokalsundhed.audit.services import record
from lokalsundhed.core.permissions import Role
from lokalsundhed.demo import bridge_building
from lokalsundhed.demo.places import FREDERICIA, VEJLE
from lokalsundhed.demo.two_factor import DEMO_DOMAIN, ensure_two_factor
from lokalsundhed.demo.words import DOORS_THREE, DOORS_TWO, email_local_part
from lokalsundhed.organisations.models import (
    Dwelling,
    Estate,
    Facility,
    Municipality,
    Organisation,
    Partnership,
)

# The access log's name for what the demo loader grants (no person runs it).
DEMO_ACTOR = "system: load_demo"

M = TypeVar("M", bound=models.Model)

# One readable password for every demo account. It is printed on screen: demo data only.
DEMO_PASSWORD = "Lokal-sundhed-demo-2025"  # noqa: S105
SUPERUSER_ROLE = "superuser"


# Housing organisations: key → (name, seat municipality code).
HOUSING = {
    "lillebaeltsbo": ("Lillebæltsbo", FREDERICIA),
    "fjordhjem": ("Fjordhjem Boligselskab", FREDERICIA),
    "vejlefjord": ("Boligforeningen Vejlefjord", VEJLE),
}


@dataclass(frozen=True)
class Block:
    """Stairwells (opgange) along one street: house numbers × floors × doors."""

    street: str
    numbers: range
    floors: tuple[str, ...]
    doors: tuple[str, ...]


@dataclass(frozen=True)
class EstateSpec:
    housing: str
    number: str
    name: str
    street_address: str
    postcode: str
    city: str
    blocks: tuple[Block, ...]
    # (kind, name, address, capacity, step-free)
    facilities: tuple[tuple[str, str, str, int, bool], ...]


ESTATES = (
    EstateSpec(
        "lillebaeltsbo", "11", "Egeskovparken", "Egeskovvej 2", "7000", "Fredericia",
        blocks=(Block("Egeskovvej", range(2, 26, 2), ("st", "1", "2", "3"), DOORS_TWO),),
        facilities=(
            (Facility.Kind.COMMON_ROOM, "Fælleshuset Egeskov", "Egeskovvej 14", 60, True),
            (Facility.Kind.HEALTH_CENTRE, "Sundhedshuset Egeskov", "Egeskovvej 10", 25, True),
            (Facility.Kind.CARETAKER_OFFICE, "Ejendomskontoret Egeskovparken", "Egeskovvej 2", 6, True),
        ),
    ),
    EstateSpec(
        "lillebaeltsbo", "14", "Vestervoldhusene", "Vestervold 21", "7000", "Fredericia",
        blocks=(Block("Vestervold", range(21, 37, 2), ("st", "1", "2"), DOORS_THREE),),
        facilities=(
            (Facility.Kind.COMMON_ROOM, "Beboerlokalet Vestervold", "Vestervold 27, kælderen", 30, False),
        ),
    ),
    EstateSpec(
        "fjordhjem", "3", "Prangerparken", "Prangervej 40", "7000", "Fredericia",
        blocks=(
            Block("Prangervej", range(40, 64, 2), ("st", "1", "2", "3"), DOORS_TWO),
            Block("Sjællandsgade", range(1, 9, 2), ("st", "1", "2"), DOORS_TWO),
        ),
        facilities=(
            (Facility.Kind.COMMON_ROOM, "Fælleshuset Prangerparken", "Prangervej 52", 80, True),
            (Facility.Kind.CARETAKER_OFFICE, "Varmemesterkontoret", "Prangervej 40, st.", 4, True),
            (Facility.Kind.OTHER, "Værkstedet i kælderen", "Sjællandsgade 5, kælderen", 12, False),
        ),
    ),
    EstateSpec(
        "vejlefjord", "7", "Nørremarkshusene", "Nørremarksvej 12", "7100", "Vejle",
        blocks=(Block("Nørremarksvej", range(12, 16, 2), ("st", "1", "2"), DOORS_TWO),),
        facilities=((Facility.Kind.COMMON_ROOM, "Fælleslokalet Nørremarken", "Nørremarksvej 14", 40, True),),
    ),
)

ORGANISATION_OF_WORK = """\
Styregruppe: sundheds- og omsorgschefen i Fredericia Kommune og direktørerne for Lillebæltsbo \
og Fjordhjem Boligselskab mødes fire gange om året. De vælger årets tema, følger de fælles mål \
og beslutter, hvad der skal fortsætte.

Koordinationsgruppe: projektlederen, de boligsociale medarbejdere, en repræsentant for \
Én Indgang og en sygeplejerske fra forebyggelsen mødes hver måned. De gennemgår henvisninger \
uden personoplysninger, planlægger aktiviteter og aftaler, hvem der rekrutterer til forløb.

I hverdagen: ejendomsfunktionærerne bygger bro til Én Indgang gennem platformen, og kommunen \
overtager. Sundhedshuset Egeskov har fremskudte konsultationer tirsdag og torsdag formiddag."""

PARTNERSHIPS: tuple[dict[str, Any], ...] = (
    {
        "name": "Sundhedspartnerskabet Fredericia",
        "municipality": FREDERICIA,
        "housing": ("lillebaeltsbo", "fjordhjem"),
        "estates": ("Egeskovparken", "Vestervoldhusene", "Prangerparken"),
        "yearly_theme": "Ældre i eget hjem",
        "organisation_of_work": ORGANISATION_OF_WORK,
        "starts_on": date(2025, 1, 1),
        "ends_on": date(2028, 12, 31),
    },
    {
        "name": "Sundt Nørremarken",
        "municipality": VEJLE,
        "housing": ("vejlefjord",),
        "estates": ("Nørremarkshusene",),
        "yearly_theme": "Fællesskab mod ensomhed",
        "organisation_of_work": "Projektleder i Vejle Kommune og boligforeningens driftschef mødes hver "
        "anden måned; ejendomsfunktionæren bygger bro til kommunens visitation.",
        "starts_on": date(2025, 8, 1),
        "ends_on": date(2027, 7, 31),
    },
)

# (full name, role, organisation key: a housing key above or a municipality code)
STAFF = (
    ("Mette Kjær Andersen", Role.INTAKE, FREDERICIA),
    ("Lars Holm Nielsen", Role.UNIT_WORKER, FREDERICIA),
    ("Sofie Lund Mikkelsen", Role.PROFESSIONAL, FREDERICIA),
    ("Rasmus Bech Thomsen", Role.ANALYST, FREDERICIA),
    ("Hanne Skov Jørgensen", Role.ADMIN, FREDERICIA),
    ("Peter Dahl Christensen", Role.AUDITOR, FREDERICIA),
    ("Jens Møller Pedersen", Role.CARETAKER, "lillebaeltsbo"),
    ("Ali Hassan", Role.CARETAKER, "lillebaeltsbo"),
    ("Camilla Friis Larsen", Role.SOCIAL_WORKER, "lillebaeltsbo"),
    ("Torben Vestergaard", Role.ADMIN, "lillebaeltsbo"),
    ("Line Bruun Sørensen", Role.ANALYST, "lillebaeltsbo"),
    ("Kim Rasmussen", Role.CARETAKER, "fjordhjem"),
    ("Nadia Khalil", Role.SOCIAL_WORKER, "fjordhjem"),
    ("Bente Overgaard", Role.ADMIN, "fjordhjem"),
    ("Jonas Krogh", Role.ANALYST, "fjordhjem"),
    ("Anne Marie Kristensen", Role.INTAKE, VEJLE),
    ("Birgitte Lauridsen", Role.UNIT_WORKER, VEJLE),
    ("Maja Dalgaard", Role.PROFESSIONAL, VEJLE),
    ("Søren Iversen", Role.ADMIN, VEJLE),
    ("Ulla Brandt", Role.AUDITOR, VEJLE),
    ("Henrik Post", Role.CARETAKER, "vejlefjord"),
    ("Karina Winther", Role.ADMIN, "vejlefjord"),
)
SUPERUSER = ("Platformdrift", f"drift@{DEMO_DOMAIN}")

# A few accesses to leave in the log so the auditors' pages show something: (actor, action,
# organisation key, which of the organisation's dwellings (None: a membership), purpose).
ACCESSES = (
    ("Mette Kjær Andersen", Action.READ, FREDERICIA, 17, "henvisning modtaget fra ejendomsfunktionær"),
    ("Mette Kjær Andersen", Action.SEARCH, FREDERICIA, 17, "fandt adressen til en henvisning"),
    ("Lars Holm Nielsen", Action.READ, FREDERICIA, 17, "forberedte hjemmebesøg"),
    ("Sofie Lund Mikkelsen", Action.READ, FREDERICIA, 140, "fremskudt konsultation"),
    ("Hanne Skov Jørgensen", Action.CHANGE, FREDERICIA, None, "gav ny medarbejder adgang"),
    ("Jens Møller Pedersen", Action.READ, "lillebaeltsbo", 17, "observation ved opgang"),
    ("Camilla Friis Larsen", Action.EXPORT, "lillebaeltsbo", 30, "deltagerliste til fredagscafé"),
    ("Kim Rasmussen", Action.READ, "fjordhjem", 5, "observation: post hober sig op"),
    ("Anne Marie Kristensen", Action.READ, VEJLE, 3, "henvisning modtaget"),
)


@dataclass(frozen=True)
class Login:
    """One demo account as printed and written to var/demo-logins.json."""

    email: str
    password: str
    name: str
    role: str
    organisation: str | None
    totp_uri: str | None

    @property
    def two_factor(self) -> bool:
        return self.totp_uri is not None

    def as_json(self) -> dict[str, Any]:
        return {
            "email": self.email,
            "password": self.password,
            "name": self.name,
            "role": self.role,
            "organisation": self.organisation,
            "two_factor": self.two_factor,
            "totp_uri": self.totp_uri,
        }


def staff_email(full_name: str) -> str:
    return f"{email_local_part(full_name)}@{DEMO_DOMAIN}"


def _upsert(model: type[M], lookup: dict[str, Any], values: dict[str, Any]) -> M:
    """Find by natural key; create, or write only the fields that differ (a re-run writes nothing)."""
    obj = model._default_manager.filter(**lookup).first()
    if obj is None:
        return model._default_manager.create(**lookup, **values)
    changed = [field for field, value in values.items() if getattr(obj, field) != value]
    if changed:
        for field in changed:
            setattr(obj, field, values[field])
        obj.save(update_fields=changed)
    return obj


def _dwelling_rows(spec: EstateSpec) -> Iterator[tuple[str, str, str, str, int]]:
    """(street, number, floor, door, rooms) for every home of the estate, always in the same order."""
    for block in spec.blocks:
        for number in block.numbers:
            for floor in block.floors:
                for i, door in enumerate(block.doors):
                    # Corner flats are larger; the ground floor has the small ones for the elderly.
                    rooms = 2 if floor == "st" else (4 if i == 0 else 3)
                    yield block.street, str(number), floor, door, rooms


class _Passwords:
    """Hash the demo password at most once, and keep any hash that still matches it."""

    def __init__(self) -> None:
        self._hash: str | None = None
        self._checked: dict[str, bool] = {}

    def hash_for(self, current: str) -> str:
        if current not in self._checked:
            self._checked[current] = bool(current) and check_password(DEMO_PASSWORD, current)
        if self._checked[current]:
            return current
        if self._hash is None:
            self._hash = make_password(DEMO_PASSWORD)
        return self._hash


def _user(full_name: str, email: str, passwords: _Passwords, **flags: bool) -> User:
    values: dict[str, Any] = {"full_name": full_name, "is_active": True, **flags}
    user = User.objects.filter(email=email).first()
    if user is None:
        return User.objects.create(email=email, password=passwords.hash_for(""), **values)
    values["password"] = passwords.hash_for(user.password)
    changed = [field for field, value in values.items() if getattr(user, field) != value]
    if changed:
        for field in changed:
            setattr(user, field, values[field])
        user.save(update_fields=changed)
    return user


def load_demo() -> list[Login]:
    """Create or refresh the demo data and return the demo logins (superuser first)."""
    # Held around the transaction: the services queue their notifications when it commits.
    with bridge_building.notifications_held(), transaction.atomic():
        orgs, estates, users, logins = _people_and_places()
        bridge_building.load_bridge_building(orgs, estates, users, STAFF)
    return logins


def _people_and_places() -> tuple[dict[str, Organisation], dict[str, Estate], dict[str, User], list[Login]]:
    """Organisations, estates, homes, partnerships, people and their logins, and the access log."""
    municipalities = {m.code: m for m in Municipality.objects.filter(code__in=[FREDERICIA, VEJLE])}
    orgs: dict[str, Organisation] = {}
    for code, municipality in municipalities.items():
        orgs[code] = _upsert(
            Organisation,
            {"kind": Organisation.Kind.MUNICIPALITY, "municipality": municipality},
            {"name": municipality.name, "is_active": True},
        )
    for key, (name, code) in HOUSING.items():
        orgs[key] = _upsert(
            Organisation,
            {"kind": Organisation.Kind.HOUSING, "name": name, "municipality": municipalities[code]},
            {"is_active": True},
        )

    estates: dict[str, Estate] = {}
    new_dwellings: list[Dwelling] = []
    for spec in ESTATES:
        housing = orgs[spec.housing]
        estate = _upsert(
            Estate,
            {"housing_organisation": housing, "number": spec.number},
            {
                "name": spec.name,
                "municipality": housing.municipality,
                "street_address": spec.street_address,
                "postcode": spec.postcode,
                "city": spec.city,
            },
        )
        estates[spec.name] = estate
        existing = set(estate.dwellings.values_list("street", "number", "floor", "door"))
        new_dwellings += [
            Dwelling(
                estate=estate, street=street, number=number, floor=floor, door=door,
                postcode=spec.postcode, city=spec.city, rooms=rooms,
            )
            for street, number, floor, door, rooms in _dwelling_rows(spec)
            if (street, number, floor, door) not in existing
        ]
        for kind, name, address, capacity, step_free in spec.facilities:
            _upsert(
                Facility,
                {"estate": estate, "name": name},
                {"kind": kind, "street_address": address, "capacity": capacity, "step_free_access": step_free},
            )
    Dwelling.objects.bulk_create(new_dwellings, batch_size=500)

    for plan in PARTNERSHIPS:
        partnership = _upsert(
            Partnership,
            {"name": plan["name"], "municipality": orgs[plan["municipality"]]},
            {field: plan[field] for field in ("yearly_theme", "organisation_of_work", "starts_on", "ends_on")},
        )
        partnership.housing_organisations.add(*(orgs[key] for key in plan["housing"]))
        partnership.estates.add(*(estates[name] for name in plan["estates"]))

    passwords = _Passwords()
    logins: list[Login] = []
    superuser = _user(*SUPERUSER, passwords, is_staff=True, is_superuser=True)
    logins.append(Login(superuser.email, DEMO_PASSWORD, superuser.full_name, SUPERUSER_ROLE, None,
                        ensure_two_factor(superuser)))
    users: dict[str, User] = {}
    for full_name, role, org_key in STAFF:
        user = users[full_name] = _user(full_name, staff_email(full_name), passwords)
        grant_membership(user=user, organisation=orgs[org_key], role=role, actor=None, actor_label=DEMO_ACTOR)
    for full_name, role, org_key in STAFF:
        user = users[full_name]
        user.__dict__.pop("active_memberships", None)
        uri = ensure_two_factor(user) if user.requires_two_factor else None
        logins.append(Login(user.email, DEMO_PASSWORD, full_name, role, orgs[org_key].name, uri))

    _leave_access_log(users, orgs)
    return orgs, estates, users, logins


def _leave_access_log(users: dict[str, User], orgs: dict[str, Organisation]) -> None:
    """Write the few demo accesses once; the log is append-only, so a re-run adds nothing."""
    purposes = {purpose for *_, purpose in ACCESSES}
    if Entry.objects.filter(actor__in=users.values(), purpose__in=purposes).exists():
        return
    for full_name, action, org_key, dwelling_index, purpose in ACCESSES:
        org = orgs[org_key]
        obj: models.Model
        if dwelling_index is None:
            obj = Membership.objects.filter(organisation=org).order_by("pk")[0]
        else:
            where: dict[str, Any] = (
                {"estate__municipality": org.municipality} if org.is_municipality
                else {"estate__housing_organisation": org}
            )
            obj = Dwelling.objects.filter(**where).order_by("pk")[dwelling_index]
        record(actor=users[full_name], action=action, obj=obj, organisation_id=org.pk, purpose=purpose)
