"""The worker's nightly duties for logins: login attempts (an address anyone may have typed, an IP
address) are deleted when their retention ends, never while they still count towards a lock-out;
sessions that have ended are deleted."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from lokalsundhed.accounts import housekeeping, tasks
from lokalsundhed.accounts.models import LoginAttempt, failed_logins_since
from lokalsundhed.accounts.tests.factories import member
from lokalsundhed.audit.models import Action, Entry
from lokalsundhed.core.permissions import Role
from lokalsundhed.organisations.tests.factories import HousingOrganisationFactory

pytestmark = pytest.mark.django_db


def _attempt(days_ago: float, **fields) -> LoginAttempt:
    return LoginAttempt.objects.create(at=timezone.now() - timedelta(days=days_ago), succeeded=False,
                                       ip_address="192.0.2.7", **{"email": "beboer@example.dk", **fields})


def test_attempts_older_than_their_retention_are_deleted_and_the_rest_kept(settings):
    settings.LOGIN_ATTEMPTS_KEPT_DAYS = 180
    old, recent = _attempt(181), _attempt(179)
    assert housekeeping.prune_login_attempts() == 1
    assert list(LoginAttempt.objects.all()) == [recent]
    assert not LoginAttempt.objects.filter(pk=old.pk).exists()
    entry = Entry.objects.get(action=Action.DELETE, object_type="accounts.loginattempt")
    assert entry.purpose == "retention: deleted 1 login attempts" and "beboer" not in entry.purpose
    assert housekeeping.prune_login_attempts() == 0
    assert Entry.objects.filter(action=Action.DELETE).count() == 1  # nothing deleted, nothing written


def test_the_failures_that_count_towards_a_lock_out_are_never_deleted(settings):
    settings.LOGIN_ATTEMPTS_KEPT_DAYS = 1
    settings.LOGIN_FAILURE_WINDOW_HOURS = 72
    user = member(HousingOrganisationFactory(), Role.ANALYST)
    for _ in range(3):
        _attempt(2, email=user.email, user=user)
    assert housekeeping.prune_login_attempts() == 0
    assert failed_logins_since(user) == 3


def test_the_worker_runs_it_every_night():
    _attempt(400)
    assert tasks.prune_login_attempts.call_local() == 1


def test_sessions_that_have_ended_are_deleted_each_night():
    from django.contrib.sessions.models import Session

    now = timezone.now()
    Session.objects.create(session_key="ended" * 4, session_data="", expire_date=now - timedelta(minutes=1))
    Session.objects.create(session_key="current" * 4, session_data="", expire_date=now + timedelta(hours=1))
    tasks.clear_expired_sessions.call_local()
    assert list(Session.objects.values_list("session_key", flat=True)) == ["current" * 4]
