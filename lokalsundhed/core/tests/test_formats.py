"""Dates on staff pages in English read as they do in Denmark: 06/12/2026 07:18 is the 6th of
December, on the page and to the person reading it."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from django.urls import reverse
from django.utils import formats, timezone, translation

from lokalsundhed.accounts.tests.factories import member
from lokalsundhed.audit.models import Action
from lokalsundhed.audit.services import record
from lokalsundhed.core.permissions import Role
from lokalsundhed.core.tests.support import log_in
from lokalsundhed.organisations.tests.factories import MunicipalOrganisationFactory

MOMENT = datetime(2026, 12, 6, 7, 18, tzinfo=UTC)  # formatted as it is: no conversion in date_format


@pytest.mark.parametrize(
    ("language", "short", "long", "time"),
    [
        ("en", "06/12/2026 07:18", "6 Dec 2026, 07:18", "07:18"),
        ("da", "06.12.2026 07:18", "6. december 2026 07:18", "07:18"),
    ],
)
def test_dates_put_the_day_first_and_use_a_24_hour_clock(language, short, long, time):
    with translation.override(language):
        assert formats.date_format(MOMENT, "SHORT_DATETIME_FORMAT") == short
        assert formats.date_format(MOMENT, "DATETIME_FORMAT") == long
        assert formats.time_format(MOMENT.time(), "TIME_FORMAT") == time
        assert formats.get_format("FIRST_DAY_OF_WEEK") == 1


@pytest.mark.django_db
def test_an_english_reader_of_the_access_log_sees_day_and_month_in_that_order(client):
    organisation = MunicipalOrganisationFactory()
    auditor = member(organisation, Role.AUDITOR)
    entry = record(actor=auditor, action=Action.READ, object_type="referrals.referral", object_id="1",
                   organisation_id=organisation.pk, purpose="follow-up")
    log_in(client, auditor)
    page = client.get(reverse("audit:entry_list"), HTTP_ACCEPT_LANGUAGE="en").content.decode()

    assert timezone.localtime(entry.at).strftime("%d/%m/%Y %H:%M") in page
