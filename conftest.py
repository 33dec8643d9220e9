"""Shared test fixtures: the worker runs tasks inline, and test users are quick to make."""

from __future__ import annotations

import pytest
from django.db import connection


@pytest.fixture(autouse=True)
def _huey_inline():
    from huey.contrib.djhuey import HUEY

    HUEY.immediate = True
    yield


@pytest.fixture(autouse=True)
def _empty_cache():
    """Rate limits live in the cache: each test starts with none."""
    from django.core.cache import cache

    cache.clear()
    yield


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _append_only_log_for_transactional_tests(request):
    """Tests that empty the database between runs (live server, transactional) must lift the
    access log's append-only triggers for that flush and put them back afterwards; and get
    the reference data that migrations load (municipalities, sign catalogue …) restored."""
    marker = request.node.get_closest_marker("django_db")
    transactional = (
        "transactional_db" in request.fixturenames
        or "live_server" in request.fixturenames
        or (marker is not None and marker.kwargs.get("transaction", False))
    )
    if not transactional:
        yield
        return
    from lokalsundhed.audit import append_only

    request.getfixturevalue("django_db_serialized_rollback")
    request.getfixturevalue("transactional_db")
    append_only.install(connection)
    yield
    append_only.uninstall(connection)
