from __future__ import annotations

import pytest

from lokalsundhed.core.tests.support import log_in


@pytest.fixture
def world(db):
    from lokalsundhed.core.tests.world import build_world

    return build_world()


@pytest.fixture
def login(client):
    def _login(user):
        log_in(client, user)
        return client

    return _login
