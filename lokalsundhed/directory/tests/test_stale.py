"""Stale data: a service not verified for 12 months is flagged once to its municipality's
administrators, by the worker, with no personal data in the e-mail."""

from __future__ import annotations

from datetime import date, datetime
from unittest import mock
from zoneinfo import ZoneInfo

import pytest
from django.core import mail

from lokalsundhed.directory import services
from lokalsundhed.directory.models import Service
from lokalsundhed.directory.tasks import flag_stale_services
from lokalsundhed.directory.tests.factories import make_service

pytestmark = pytest.mark.django_db


def _at(day: date):
    moment = datetime(day.year, day.month, day.day, 6, 15, tzinfo=ZoneInfo("Europe/Copenhagen"))
    return mock.patch("django.utils.timezone.now", return_value=moment)


def test_the_worker_flags_services_a_year_after_their_last_verification(world):
    Service.objects.update(assured_date=date(2026, 1, 10))
    fresh = make_service(world.estate_a.municipality, "Nyt tilbud", assured_date=date(2026, 12, 1))
    with _at(date(2026, 12, 20)):
        assert flag_stale_services.call_local() == 0
    assert mail.outbox == []

    with _at(date(2027, 1, 11)):  # a year and a day later: the clock moved on
        assert flag_stale_services.call_local() == 4
    by_recipient = {tuple(m.to): m for m in mail.outbox}
    fredericia = by_recipient[(world.users["municipal_admin"].email,)]
    vejle = by_recipient[(world.users["other_municipality_admin"].email,)]
    assert "Demenskoordinatoren" in fredericia.body and "Demensrådgivning Vejle" not in fredericia.body
    assert "Nyt tilbud" not in fredericia.body and fresh.name not in vejle.body
    assert "2026-01-10" in fredericia.body
    # No personal data: no contact persons, no staff e-mail addresses.
    assert "@" not in fredericia.body

    mail.outbox.clear()
    with _at(date(2027, 1, 12)):  # told once, not every morning
        assert flag_stale_services.call_local() == 0
    assert mail.outbox == []


def test_verifying_clears_the_flag_until_the_next_year(world):
    Service.objects.update(assured_date=date(2025, 1, 1))
    with _at(date(2026, 6, 1)):
        flag_stale_services.call_local()
        services.verify(world.dementia, actor=world.users["municipal_admin"])
    world.dementia.refresh_from_db()
    assert world.dementia.assured_date == date(2026, 6, 1) and world.dementia.stale_notified_on is None
    assert not world.dementia.is_stale(date(2027, 5, 31))
    assert world.dementia.is_stale(date(2027, 6, 2))


def test_a_municipality_without_administrators_is_not_marked_as_told(world):
    world.users["other_municipality_admin"].memberships.all().delete()
    with _at(date(2027, 1, 1)):
        flag_stale_services.call_local()
    assert Service.objects.get(name="Demensrådgivning Vejle").stale_notified_on is None
