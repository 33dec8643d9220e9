from __future__ import annotations

from datetime import time

import pytest

from lokalsundhed.core.tests.support import log_in
from lokalsundhed.core.tests.world import build_world
from lokalsundhed.directory.tests.factories import make_service


@pytest.fixture
def world(db):
    world = build_world()
    m = world.estate_a.municipality
    world.dementia = make_service(
        m, "Demenskoordinatoren", description="Rådgivning til borgere med demens og deres pårørende.",
        needs=("dementia",), phones=("72 10 60 00",), hours=(("MO,TU,WE,TH,FR", time(8), time(15)),),
        languages=("da", "ar"),
    )
    world.debt = make_service(m, "Gældsrådgivningen", description="Gratis hjælp til økonomi og gæld.",
                              needs=("money_eviction",), phones=("70 11 22 33",),
                              hours=(("TH", time(16), time(19)),), estates=(world.estate_a,))
    world.cafe = make_service(m, "Fredagscaféen", description="Fællesskab mod ensomhed hver fredag.",
                              needs=("loneliness",), estates=(world.estate_b,))
    world.vejle = make_service(world.estate_c.municipality, "Demensrådgivning Vejle",
                               description="Demens i Vejle.", needs=("dementia",))
    return world


@pytest.fixture
def login(client):
    def as_persona(user):
        log_in(client, user)
        client.cookies["django_language"] = "en"  # the tests read the English source texts
        return client

    return as_persona
