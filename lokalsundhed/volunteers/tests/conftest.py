from __future__ import annotations

import pytest

from lokalsundhed.accounts.middleware import TWO_FACTOR_OK_KEY
from lokalsundhed.core.tests.world import build_world


@pytest.fixture
def world(db):
    return build_world()


@pytest.fixture
def login(client):
    def log_in(user):
        client.force_login(user)
        session = client.session
        session[TWO_FACTOR_OK_KEY] = True
        session.save()
        return client

    return log_in
