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


FAST_PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    settings.PASSWORD_HASHERS = FAST_PASSWORD_HASHERS


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


@pytest.fixture(scope="module")
def demo_for_the_module(django_db_setup, django_db_blocker, tmp_path_factory):
    """The whole demo, loaded once for a module whose tests look at it (`manage.py load_demo` takes
    seconds; loaded for each test it was minutes of the suite). It is loaded in a transaction that is
    rolled back after the module's last test, and each test runs in a savepoint inside it (the `db`
    fixture), so what one test changes the next never sees, and the next module finds none of it.
    Returns the directory the demo's logins file was written to."""
    from io import StringIO

    from django.core.management import call_command
    from django.db import transaction
    from django.test import override_settings
    from huey.contrib.djhuey import HUEY

    HUEY.immediate = True
    var_dir = tmp_path_factory.mktemp("demo")
    outer = transaction.atomic()
    with django_db_blocker.unblock():
        outer.__enter__()
        with override_settings(VAR_DIR=var_dir, PASSWORD_HASHERS=FAST_PASSWORD_HASHERS):
            call_command("load_demo", stdout=StringIO())
    yield var_dir
    with django_db_blocker.unblock():
        transaction.set_rollback(True)
        outer.__exit__(None, None, None)
        from lokalsundhed.accounts.models import User
        from lokalsundhed.demo.two_factor import DEMO_DOMAIN

        if User.objects.filter(email__endswith=DEMO_DOMAIN).exists():
            pytest.fail("the demo outlived its module: its transaction was not rolled back")
