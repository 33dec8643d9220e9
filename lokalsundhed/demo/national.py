"""Synthetic national data, to see how the product behaves at the size of the whole country.

At scale 1: all 98 municipalities as organisations, ~500 housing organisations, ~7,000 estates,
~600,000 dwellings, ~6,000 staff with memberships, facilities and ~80 partnerships. Every
figure is multiplied by the scale. All of it is made up from small word lists and a seeded
random generator, so the same seed and scale give the same data.

Staff get unusable passwords (nobody can log in as them) and e-mails in NATIONAL_DOMAIN. A
database holds one generated batch: a second run is refused rather than doubling the country.
Existing municipal organisations (such as the demo's) are reused, never duplicated.
"""

from __future__ import annotations

import random
import sys
from collections import defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from functools import partial
from typing import Any, TextIO

from django.contrib.auth.hashers import make_password
from django.db import connection, transaction

from lokalsundhed.accounts.models import Membership, User
from lokalsundhed.audit.services import seal_pending
from lokalsundhed.core.bulk import copy_rows
from lokalsundhed.core.permissions import Role
from lokalsundhed.core.progress import Progress
from lokalsundhed.demo import (  # noqa: F401  (national_* modules register their steps of the national year)
    national_outcomes,
    national_people,
    national_profiles,
    national_rooms,
    national_training,
    national_work,
    words,
)
from lokalsundhed.demo.national_activity import NATIONAL_DOMAIN, Activity
from lokalsundhed.organisations.models import (
    Dwelling,
    Estate,
    Facility,
    Municipality,
    Organisation,
    Partnership,
)

DWELLING_COLUMNS = ["estate_id", "street", "number", "floor", "door", "postcode", "city", "rooms"]
BATCH_SIZE = 2000

# Each municipality's administration: ten people.
MUNICIPAL_ROLES = (
    Role.INTAKE, Role.INTAKE, Role.UNIT_WORKER, Role.UNIT_WORKER, Role.UNIT_WORKER,
    Role.PROFESSIONAL, Role.PROFESSIONAL, Role.ANALYST, Role.ADMIN, Role.AUDITOR,
)
# The big cities have far more social housing than their share of municipalities.
CITY_WEIGHT = {"0101": 12.0, "0751": 6.0, "0461": 5.0, "0851": 5.0, "0147": 2.0, "0167": 2.5, "0175": 2.0}


class AlreadyGenerated(Exception):
    """The database already holds a generated batch."""


@dataclass(frozen=True)
class Targets:
    """How many of each to make at a scale: the national figures times the scale, at least one."""

    municipalities: int
    housing_organisations: int
    estates: int
    dwellings: int
    caretakers: int
    social_workers: int
    analysts: int
    partnerships: int

    @classmethod
    def at_scale(cls, scale: float) -> Targets:
        housing = max(1, round(500 * scale))
        estates = max(housing, round(7_000 * scale))
        return cls(
            municipalities=min(98, max(1, round(98 * scale))),
            housing_organisations=housing,
            estates=estates,
            dwellings=max(4 * estates, round(600_000 * scale)),
            caretakers=max(housing, round(4_000 * scale)),
            social_workers=max(1, round(400 * scale)),
            analysts=round(100 * scale),
            partnerships=max(1, round(80 * scale)),
        )


def already_generated() -> bool:
    return User.objects.filter(email__endswith=f"@{NATIONAL_DOMAIN}").exists()


class _Generator:
    def __init__(self, scale: float, seed: int, stream: TextIO) -> None:
        self.targets = Targets.at_scale(scale)
        self.rng = random.Random(seed)  # noqa: S311  (reproducible made-up data, not secrets)
        self.stream = stream
        self.counts: dict[str, int] = {}
        self.streets: dict[int, list[str]] = {}  # id(estate) → its street names
        self.homes: dict[int, int] = defaultdict(int)  # housing organisation id → dwellings

    # -- places and names -------------------------------------------------------------------

    def town(self, municipality: Municipality) -> tuple[str, str]:
        town, postcode = words.TOWNS.get(municipality.code, ("", ""))
        if not town:
            town = municipality.name.removesuffix(" Kommune").removesuffix(" Regionskommune")
        if not postcode:
            low, high = words.POSTCODE_RANGES[municipality.region.code]
            # Stable per municipality, whatever the seed.
            postcode = str(low + (int(municipality.code) * 37 % ((high - low) // 10)) * 10)
        return town, postcode

    def company_name(self, town: str) -> str:
        parts = town.split()
        while len(parts) > 1 and len(parts[-1]) <= 2:  # "Aarhus C" → "Aarhus", "Nykøbing F" → "Nykøbing"
            parts.pop()
        place = " ".join(parts)
        genitive = place + ("'" if place[-1] in "sxz" else "s")
        pattern = self.rng.choice(words.COMPANY_PATTERNS)
        return pattern.format(name=words.compound(self.rng, words.COMPANY_SUFFIXES), town=place, towns=genitive)

    def housing_name(self, seat: Municipality) -> str:
        return self.company_name(self.town(seat)[0])

    def partnership_name(self, estates: list[Estate]) -> str:
        return f"Sundhedspartnerskab {self.rng.choice(estates).name}"

    def unique(self, make: Callable[[], str], taken: set[str]) -> str:
        """A name from `make()` not yet in `taken`; numbered when the words run out."""
        for _ in range(20):
            name = make()
            if name not in taken:
                break
        else:
            name = f"{name} {len(taken) + 1}"
        taken.add(name)
        return name

    def street_names(self, count: int) -> list[str]:
        taken: set[str] = set()
        return [
            self.unique(lambda: words.compound(self.rng, words.STREET_SUFFIXES), taken)
            for _ in range(count)
        ]

    # -- the steps ----------------------------------------------------------------------------

    def municipalities(self) -> list[Organisation]:
        chosen = self.rng.sample(
            list(Municipality.objects.select_related("region").order_by("code")), self.targets.municipalities
        )
        existing = {
            o.municipality_id: o for o in Organisation.objects.filter(kind=Organisation.Kind.MUNICIPALITY)
        }
        missing = [
            Organisation(kind=Organisation.Kind.MUNICIPALITY, municipality=m, name=m.name)
            for m in chosen
            if m.pk not in existing
        ]
        with Progress("municipalities", len(missing), self.stream) as bar:
            Organisation.objects.bulk_create(missing, batch_size=BATCH_SIZE)
            bar.advance(len(missing))
        self.counts["municipal organisations"] = len(missing)
        by_municipality = existing | {o.municipality_id: o for o in missing}
        orgs = [by_municipality[m.pk] for m in chosen]
        for org, municipality in zip(orgs, chosen, strict=True):
            org.municipality = municipality  # with its region, for the towns below
        return orgs

    def housing_organisations(self, councils: list[Organisation]) -> list[Organisation]:
        weights = [
            CITY_WEIGHT.get(c.municipality.code, 1.0) * self.rng.lognormvariate(0, 0.5) for c in councils
        ]
        n = self.targets.housing_organisations
        # Every chosen municipality gets one, while there are enough to go round.
        seats = [c.municipality for c in councils[:n]]
        seats += [c.municipality for c in self.rng.choices(councils, weights, k=n - len(seats))]
        taken = set(Organisation.objects.filter(kind=Organisation.Kind.HOUSING).values_list("name", flat=True))
        housing = [
            Organisation(
                kind=Organisation.Kind.HOUSING,
                municipality=seat,
                name=self.unique(partial(self.housing_name, seat), taken),
            )
            for seat in seats
        ]
        with Progress("housing orgs", len(housing), self.stream) as bar:
            Organisation.objects.bulk_create(housing, batch_size=BATCH_SIZE)
            bar.advance(len(housing))
        self.counts["housing organisations"] = len(housing)
        return housing

    def estates(self, housing: list[Organisation], councils: list[Organisation]) -> list[Estate]:
        neighbours: dict[int, list[Municipality]] = defaultdict(list)
        for council in councils:
            neighbours[council.municipality.region_id].append(council.municipality)
        # A few big housing organisations own most estates.
        sizes = [self.rng.paretovariate(1.4) for _ in housing]
        owners = list(housing) + self.rng.choices(housing, sizes, k=self.targets.estates - len(housing))
        numbers: dict[int, int] = defaultdict(int)
        estates = []
        for owner in owners:
            municipality = owner.municipality
            if self.rng.random() < 0.1:  # some estates lie in a neighbouring municipality
                municipality = self.rng.choice(neighbours[municipality.region_id])
            town, postcode = self.town(municipality)
            numbers[owner.pk] += 1
            estates.append(
                Estate(
                    housing_organisation=owner,
                    municipality=municipality,
                    number=str(numbers[owner.pk]),
                    name=words.compound(self.rng, words.ESTATE_SUFFIXES),
                    postcode=postcode,
                    city=town,
                )
            )
        # The estate's address is that of its first stairwell, known once its streets are drawn.
        for estate in estates:
            self.streets[id(estate)] = self.street_names(self.rng.choice((1, 1, 2, 2, 3)))
            estate.street_address = f"{self.streets[id(estate)][0]} 1"
        with Progress("estates", len(estates), self.stream) as bar:
            for start in range(0, len(estates), BATCH_SIZE):
                Estate.objects.bulk_create(estates[start : start + BATCH_SIZE])
                bar.advance(len(estates[start : start + BATCH_SIZE]))
        self.counts["estates"] = len(estates)
        return estates

    def homes_of(self, estate: Estate, count: int) -> Iterator[tuple[Any, ...]]:
        """`count` homes in stairwells along the estate's streets: walk-ups, a few towers, as rows
        of DWELLING_COLUMNS."""
        streets = self.streets[id(estate)]
        tower = self.rng.random() < 0.08
        floors = words.FLOORS[: self.rng.randint(6, 8) if tower else self.rng.randint(2, 5)]
        doors = words.DOORS_THREE if self.rng.random() < 0.3 else words.DOORS_TWO
        made = 0
        stairwell = 0
        while made < count:
            street = streets[stairwell % len(streets)]
            house = str(stairwell // len(streets) * 2 + 1)  # odd numbers along each street
            stairwell += 1
            for floor in floors:
                for door in doors:
                    if made == count:
                        return
                    rooms = self.rng.choices((1, 2, 3, 4, 5), (8, 30, 35, 20, 7))[0]
                    made += 1
                    yield (estate.pk, street, house, floor, door, estate.postcode, estate.city, rooms)

    def dwellings(self, estates: list[Estate]) -> None:
        weights = [self.rng.lognormvariate(0, 0.8) for _ in estates]
        total_weight = sum(weights)
        spare = self.targets.dwellings - 4 * len(estates)  # every estate has at least four homes
        counts = [4 + int(spare * w / total_weight) for w in weights]
        counts[-1] += self.targets.dwellings - sum(counts)
        with Progress("dwellings", self.targets.dwellings, self.stream) as bar:
            for start in range(0, len(estates), 100):
                # COPY on PostgreSQL (bulk INSERTs elsewhere), a hundred estates at a time
                batch: list[tuple[Any, ...]] = []
                for estate, count in zip(estates[start : start + 100], counts[start : start + 100], strict=True):
                    self.homes[estate.housing_organisation_id] += count
                    batch.extend(self.homes_of(estate, count))
                bar.advance(copy_rows(Dwelling, DWELLING_COLUMNS, batch))
        self.counts["dwellings"] = sum(counts)

    def facilities(self, estates: list[Estate]) -> None:
        kinds = (
            (Facility.Kind.COMMON_ROOM, 0.85, "Fælleshuset {}"),
            (Facility.Kind.CARETAKER_OFFICE, 0.6, "Ejendomskontoret {}"),
            (Facility.Kind.HEALTH_CENTRE, 0.04, "Sundhedshuset {}"),
            (Facility.Kind.OTHER, 0.1, "Værkstedet {}"),
        )
        facilities = [
            Facility(
                estate=estate,
                kind=kind,
                name=label.format(estate.name),
                street_address=estate.street_address,
                capacity=self.rng.choice((8, 20, 30, 40, 60, 80, 120)),
                step_free_access=self.rng.random() < 0.7,
            )
            for estate in estates
            for kind, chance, label in kinds
            if self.rng.random() < chance
        ]
        with Progress("facilities", len(facilities), self.stream) as bar:
            for start in range(0, len(facilities), BATCH_SIZE):
                Facility.objects.bulk_create(facilities[start : start + BATCH_SIZE])
                bar.advance(len(facilities[start : start + BATCH_SIZE]))
        self.counts["facilities"] = len(facilities)

    def staff(self, councils: list[Organisation], housing: list[Organisation]) -> None:
        t = self.targets
        places: list[tuple[Organisation, Role]] = [(c, role) for c in councils for role in MUNICIPAL_ROLES]
        places += [(h, Role.ADMIN) for h in housing]
        # Caretakers and social workers follow the homes; every housing organisation has a caretaker.
        size = [self.homes[h.pk] + 1 for h in housing]
        places += [(h, Role.CARETAKER) for h in housing]
        places += [(h, Role.CARETAKER) for h in self.rng.choices(housing, size, k=t.caretakers - len(housing))]
        places += [(h, Role.SOCIAL_WORKER) for h in self.rng.choices(housing, size, k=t.social_workers)]
        places += [(h, Role.ANALYST) for h in self.rng.choices(housing, size, k=t.analysts)]
        users = []
        for n, _place in enumerate(places, start=1):
            full_name = f"{self.rng.choice(words.FIRST_NAMES)} {self.rng.choice(words.SURNAMES)}"
            email = f"{words.email_local_part(full_name)}.{n}@{NATIONAL_DOMAIN}"
            users.append(User(email=email, full_name=full_name, password=make_password(None)))
        with Progress("staff", len(users), self.stream) as bar:
            for start in range(0, len(users), BATCH_SIZE):
                chunk = users[start : start + BATCH_SIZE]
                User.objects.bulk_create(chunk)
                Membership.objects.bulk_create(
                    Membership(user=user, organisation=org, role=role)
                    for user, (org, role) in zip(chunk, places[start : start + BATCH_SIZE], strict=True)
                )
                bar.advance(len(chunk))
        self.counts["staff with memberships"] = len(users)

    def partnerships(self, estates: list[Estate], councils: list[Organisation]) -> None:
        council_of = {c.municipality_id: c for c in councils}
        by_municipality: dict[int, list[Estate]] = defaultdict(list)
        for estate in estates:
            by_municipality[estate.municipality_id].append(estate)
        places = sorted(by_municipality)
        taken: set[str] = set()
        made = []
        for _ in range(self.targets.partnerships):
            municipality_id = self.rng.choice(places)
            candidates = by_municipality[municipality_id]
            chosen = self.rng.sample(candidates, min(len(candidates), self.rng.randint(1, 6)))
            start = date(self.rng.choice((2024, 2025, 2026)), self.rng.choice((1, 8)), 1)
            partnership = Partnership(
                name=self.unique(partial(self.partnership_name, chosen), taken),
                municipality=council_of[municipality_id],
                yearly_theme=self.rng.choice(words.PARTNERSHIP_THEMES),
                organisation_of_work="Styregruppe fire gange om året; koordinationsgruppe hver måned.",
                starts_on=start,
                ends_on=start.replace(year=start.year + 3) - timedelta(days=1),
            )
            made.append((partnership, chosen))
        with Progress("partnerships", len(made), self.stream) as bar:
            Partnership.objects.bulk_create([p for p, _ in made], batch_size=BATCH_SIZE)
            housing_links = Partnership.housing_organisations.through
            estate_links = Partnership.estates.through
            housing_links.objects.bulk_create(
                housing_links(partnership_id=p.pk, organisation_id=h)
                for p, chosen in made
                for h in sorted({e.housing_organisation_id for e in chosen})
            )
            estate_links.objects.bulk_create(
                estate_links(partnership_id=p.pk, estate_id=e.pk) for p, chosen in made for e in chosen
            )
            bar.advance(len(made))
        self.counts["partnerships"] = len(made)

    def run(self) -> dict[str, int]:
        councils = self.municipalities()
        housing = self.housing_organisations(councils)
        estates = self.estates(housing, councils)
        self.dwellings(estates)
        self.facilities(estates)
        self.staff(councils, housing)
        self.partnerships(estates, councils)
        return self.counts


def generate(*, scale: float, seed: int, stream: TextIO | None = None, activity: bool = True) -> dict[str, int]:
    """Generate one national batch in one transaction — the structure and, unless `activity` is
    False, a year of work on it (`national_activity.py`) — then seal its access log; returns how
    many of each were made."""
    if scale <= 0:
        raise ValueError("the scale must be above zero")
    stream = stream or sys.stderr
    with transaction.atomic():
        if already_generated():
            raise AlreadyGenerated(
                f"This database already holds generated national data (staff @{NATIONAL_DOMAIN}); "
                "generate into an empty database instead."
            )
        counts = _Generator(scale, seed, stream).run()
        if activity:
            counts |= Activity(scale=scale, seed=seed, stream=stream).run()
    if activity:
        # After the commit: the sealer waits for open transactions that hold access-log ids.
        counts["access-log entries sealed"] = seal_pending(batch_size=50_000, wait_seconds=5)
    if connection.vendor == "postgresql":
        # The planner's statistics for the tables just filled, before the first page reads them:
        # autovacuum would get there within minutes, and until then PostgreSQL plans for empty tables.
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    return counts
