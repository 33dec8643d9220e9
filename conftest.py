"""Shared test fixtures: the worker runs tasks inline, and test users are quick to make."""

from __future__ import annotations

import pytest
from django.db import connection


@pytest.fixture(autouse=True)
def _huey_inline():
    from huey.contrib.djhuey import HUEY

    HUEY.immediate = True
    yield


_DATABASE_FIXTURES = {"db", "transactional_db", "live_server", "admin_client", "admin_user", "django_user_model"}


@pytest.fixture(autouse=True)
def _empty_cache(request):
    """Login rate limits live in the cache, which lives in the database: each test that may reach the
    database starts with none (a flush after a transactional test does not empty the cache table)."""
    names = set(request.fixturenames)
    if request.node.get_closest_marker("django_db") or _DATABASE_FIXTURES & names:
        from django.core.cache import cache

        if not request.node.get_closest_marker("django_db"):  # set the database up before this fixture uses it
            request.getfixturevalue("transactional_db" if {"transactional_db", "live_server"} & names else "db")

        cache.clear()
        from lokalsundhed.core import page_cache

        page_cache.forget_local()
        from django.core.cache import caches

        caches["fragments"].clear()
    yield


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def _is_transactional(item: pytest.Item) -> bool:
    marker = item.get_closest_marker("django_db")
    names = getattr(item, "fixturenames", ())
    return (
        "transactional_db" in names
        or "live_server" in names
        or (marker is not None and marker.kwargs.get("transaction", False))
    )


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Every test that empties the database (live server, transactional) gets the reference
    data that migrations load (municipalities, sign catalogue …) restored by a serialized
    rollback. pytest-django serializes the test database only when a test asks for it at
    collection time, so the request is made here, not in a fixture."""
    for item in items:
        if not _is_transactional(item):
            continue
        marker = item.get_closest_marker("django_db")
        kwargs = dict(marker.kwargs) if marker is not None else {}
        kwargs.update(transaction=True, serialized_rollback=True)
        item.add_marker(pytest.mark.django_db(*(marker.args if marker else ()), **kwargs), append=False)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item: pytest.Item, nextitem: pytest.Item | None):
    """A transactional test ends by emptying the database, and its reference data comes back only
    when the next transactional test starts. pytest-django runs those last, but a worker of
    `--dist worksteal` that has finished its own may take plain tests from another worker's queue:
    when a plain test follows, put the reference data and the access log's append-only triggers
    back here, as they were before the test. After the last test (no `nextitem`) the session's
    teardown has already put the test databases away, and the connection names the real one."""
    result = yield
    if _is_transactional(item) and nextitem is not None and not _is_transactional(nextitem):
        from django.db import connections
        from pytest_django.plugin import blocking_manager_key

        from lokalsundhed.audit import append_only

        with item.config.stash[blocking_manager_key].unblock():
            for alias in connections:
                contents = getattr(connections[alias], "_test_serialized_contents", None)
                if contents is not None:
                    connections[alias].creation.deserialize_db_from_string(contents)
            append_only.install(connection)
    return result


@pytest.fixture(autouse=True)
def _append_only_log_for_transactional_tests(request):
    """Tests that empty the database between runs (live server, transactional) must lift the
    access log's append-only triggers for that flush and put them back afterwards."""
    if not _is_transactional(request.node):
        yield
        return
    from lokalsundhed.audit import append_only

    request.getfixturevalue("transactional_db")
    append_only.install(connection)
    yield
    append_only.uninstall(connection)
