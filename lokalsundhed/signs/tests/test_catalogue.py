"""The sign catalogue in its own app keeps the tables and rows bridge-building created."""

from __future__ import annotations

import pytest

from lokalsundhed.signs.models import Sign, SignCategory
from lokalsundhed.signs.tests.factories import SignFactory, sign

pytestmark = pytest.mark.django_db


def test_the_catalogue_keeps_its_tables_and_rows():
    assert (SignCategory._meta.db_table, Sign._meta.db_table) == ("referrals_signcategory", "referrals_sign")
    assert sign("falls").category.code and Sign.objects.filter(is_active=True).count() > 10


def test_a_new_sign_orders_after_its_category():
    made = SignFactory()
    assert list(Sign.objects.filter(category=made.category)) == [made]
