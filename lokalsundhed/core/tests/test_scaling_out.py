"""Beyond one machine: app servers keep no state of their own, and analytics can read from a
replica. The suite's `replica` alias mirrors the test database (settings.py), so these tests
watch a second connection pointing at the same server."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.core.cache import cache
from django.db import connections
from django.test.utils import CaptureQueriesContext

from lokalsundhed.core.db import reads_from_replica, replica_reads
from lokalsundhed.organisations.models import Municipality, Organisation

# Transactional: on SQLite two connections to one in-memory database cannot both hold a
# transaction open, as a TestCase would.
pytestmark = pytest.mark.django_db(databases=["default", "replica"], transaction=True, serialized_rollback=True)


def test_the_cache_is_shared_by_every_app_server_not_held_in_process_memory():
    assert settings.CACHES["default"]["BACKEND"] != "django.core.cache.backends.locmem.LocMemCache"
    cache.set("scaling-out", "seen by every server", 30)
    with CaptureQueriesContext(connections["default"]) as queries:
        assert cache.get("scaling-out") == "seen by every server"
    assert queries, "the database cache answered from the database, not from memory"


def test_sessions_live_in_the_database():
    assert settings.SESSION_ENGINE in {"django.contrib.sessions.backends.db",
                                       "django.contrib.sessions.backends.cached_db",
                                       "django.contrib.sessions.backends.cache"}


def test_reads_inside_an_analytics_view_go_to_the_replica(settings):
    settings.REPLICA_READS = True

    @reads_from_replica
    def numbers_page():
        return Municipality.objects.count()

    with CaptureQueriesContext(connections["replica"]) as on_replica, \
            CaptureQueriesContext(connections["default"]) as on_primary:
        count = numbers_page()
    assert count == Municipality.objects.count() == 98  # loaded by migration
    assert len(on_replica) == 1
    assert not on_primary


def test_writes_stay_on_the_primary_even_inside_an_analytics_view(settings):
    settings.REPLICA_READS = True
    with replica_reads(), CaptureQueriesContext(connections["replica"]) as on_replica:
        Organisation.objects.filter(pk=-1).update(name="x")
    assert not on_replica


def test_without_a_configured_replica_every_read_stays_on_the_primary(settings):
    settings.REPLICA_READS = False
    with replica_reads(), CaptureQueriesContext(connections["replica"]) as on_replica:
        Organisation.objects.count()
    assert not on_replica
