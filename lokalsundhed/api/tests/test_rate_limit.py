"""The rate limit per API client: a fixed window counted in the database, one statement a call."""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta

import pytest
from django.db import connection, connections

from lokalsundhed.api import tasks
from lokalsundhed.api.auth import RateLimited, check_rate, prune_rate_windows
from lokalsundhed.api.models import ApiRateWindow
from lokalsundhed.api.tests.factories import bearer, make_client

# 10:00:00 UTC: the start of a window of 60 seconds.
START = datetime(2026, 5, 4, 10, 0, tzinfo=UTC)


@pytest.fixture
def api_client(world, settings):
    settings.API_RATE_LIMIT, settings.API_RATE_WINDOW_SECONDS = 3, 60
    client, _ = make_client(world.municipality_m, "referrals:read")
    return client


def test_a_call_costs_one_statement_for_the_rate(api_client, django_assert_num_queries):
    check_rate(api_client, now=START)
    # 1 the upsert of the client's window, returning its count
    with django_assert_num_queries(1):
        check_rate(api_client, now=START + timedelta(seconds=1))
    assert ApiRateWindow.objects.get(client=api_client, window_start=START).count == 2


def test_it_refuses_past_the_limit_until_the_window_ends(api_client):
    for second in range(3):
        check_rate(api_client, now=START + timedelta(seconds=second))
    with pytest.raises(RateLimited) as refused:
        check_rate(api_client, now=START + timedelta(seconds=20.5))
    assert refused.value.retry_after == 40  # whole seconds until 10:01:00, rounded up

    check_rate(api_client, now=START + timedelta(seconds=60))  # the next window has its own count
    assert dict(ApiRateWindow.objects.values_list("window_start", "count")) == {
        START: 4, START + timedelta(seconds=60): 1}


def test_each_client_has_its_own_allowance(api_client, world):
    for _ in range(3):
        check_rate(api_client, now=START)
    other, _ = make_client(world.municipality_m, "referrals:read", name="BI")
    check_rate(other, now=START)
    with pytest.raises(RateLimited):
        check_rate(api_client, now=START)


def test_a_request_past_the_limit_is_a_429_with_retry_after(client, api_client, world):
    _, token = make_client(world.municipality_m, "referrals:read", name="Sagssystem 2")
    answers = [client.get("/api/v1/referrals", **bearer(token)) for _ in range(4)]
    assert [a.status_code for a in answers] == [200, 200, 200, 429]
    assert 1 <= int(answers[-1]["Retry-After"]) <= 60
    assert answers[-1]["Content-Type"].startswith("application/problem+json")


def test_the_worker_deletes_the_windows_that_have_ended(api_client, world):
    other, _ = make_client(world.municipality_m, "referrals:read", name="BI")
    check_rate(api_client, now=START - timedelta(minutes=5))
    check_rate(other, now=START - timedelta(seconds=60))
    check_rate(api_client, now=START)
    assert prune_rate_windows(now=START + timedelta(seconds=30)) == 2
    assert list(ApiRateWindow.objects.values_list("client", "window_start")) == [(api_client.pk, START)]
    # The periodic task runs the same function against the clock: today's windows have all ended.
    assert tasks.prune_api_rate_windows.call_local() == 1
    assert not ApiRateWindow.objects.exists()


@pytest.mark.skipif(connection.vendor != "postgresql", reason="SQLite lets one writer in at a time anyway")
@pytest.mark.django_db(transaction=True)
def test_concurrent_calls_each_count(world, settings):
    settings.API_RATE_LIMIT = 1_000
    api_client, _ = make_client(world.municipality_m, "referrals:read")
    barrier = threading.Barrier(8)

    def call():
        try:
            barrier.wait()
            for _ in range(10):
                check_rate(api_client, now=START)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=call) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert ApiRateWindow.objects.get(client=api_client).count == 80
