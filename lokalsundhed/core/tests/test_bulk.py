"""copy_rows: COPY on PostgreSQL, bulk INSERTs elsewhere — the same rows either way."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from lokalsundhed.accounts.tests.factories import UserFactory
from lokalsundhed.audit.models import Action, Entry
from lokalsundhed.core.bulk import copy_rows

pytestmark = pytest.mark.django_db


def test_it_inserts_the_rows_with_their_values_in_order():
    user = UserFactory()
    at = datetime(2026, 3, 1, 9, 30, tzinfo=UTC)
    rows = [(at, user.pk, "", None, Action.READ, "referrals.referral", str(n), "queue", "10.0.0.1", "")
            for n in range(7001)]  # more than one INSERT batch
    columns = ["at", "actor_id", "actor_label", "organisation_id", "action", "object_type", "object_id",
               "purpose", "ip_address", "path"]
    assert copy_rows(Entry, columns, iter(rows)) == 7001
    entries = list(Entry.objects.order_by("id"))
    assert len(entries) == 7001
    assert entries[0].at == at
    assert entries[0].actor_id == user.pk
    assert entries[0].organisation_id is None
    assert [e.object_id for e in entries[:3]] == ["0", "1", "2"]
    assert entries[-1].ip_address == "10.0.0.1"


def test_it_refuses_a_column_the_model_does_not_have():
    with pytest.raises(ValueError, match="no column"):
        copy_rows(Entry, ["nonsense"], [("x",)])
