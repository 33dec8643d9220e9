"""The catalogue's sign-up indicators for an area: an estate's own offers and its partnerships',
counted by a list of the offers' ids that PostgreSQL can plan for (not a subquery of a UNION)."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from lokalsundhed.offers import services as offers
from lokalsundhed.offers.models import Offer
from lokalsundhed.offers.tests.factories import make_offer, resident
from lokalsundhed.organisations.models import Estate
from lokalsundhed.profiles import indicators

pytestmark = pytest.mark.django_db


def test_an_estates_sign_ups_count_its_own_and_its_partnerships_offers_by_their_ids(world):
    worker = world.users["social_worker"]
    own = make_offer(worker, estate=world.estate_a, capacity=50, sessions=1)
    shared = make_offer(worker, partnership=world.partnership, capacity=50, sessions=1, title="Fællesspisning")
    # Another estate's offer (of organisation B, outside the partnership) is not counted.
    elsewhere = Offer.objects.create(kind=Offer.Kind.COURSE, title="Petanque", estate=world.estate_b, capacity=50,
                                     created_by=worker, municipality=world.estate_b.municipality)
    for i, offer in enumerate([own, own, shared, elsewhere]):
        offers.sign_up(offer, resident(i, first_time=i == 0))
    today = timezone.localdate()
    estate_a = Estate.objects.filter(pk=world.estate_a.pk)
    with CaptureQueriesContext(connection) as queries:
        found = indicators.get("sign_ups").measure(estate_a, today.replace(month=1, day=1), today.replace(year=today.year + 1))
    assert found.n == 3  # its own two and the partnership's one, not another estate's
    first_time = indicators.get("first_time_participants").measure(
        estate_a, today.replace(month=1, day=1), today.replace(year=today.year + 1))
    assert first_time.n == 1
    # The ids first (one query with the UNION), then the count by a plain list of them.
    counting = queries.captured_queries[-1]["sql"]
    assert "UNION" in queries.captured_queries[0]["sql"] and "UNION" not in counting
    assert f"IN ({own.pk}, {shared.pk})" in counting or f"IN ({shared.pk}, {own.pk})" in counting
