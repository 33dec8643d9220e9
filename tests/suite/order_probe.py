"""Run by tests/suite/test_order.py (the name keeps it out of the suite's own collection): a
transactional test, then plain tests that need what migrations put in the database."""

from __future__ import annotations

import pytest
from django.db import DatabaseError, transaction

from lokalsundhed.audit.models import Action, Entry
from lokalsundhed.audit.services import record
from lokalsundhed.organisations.models import Municipality


@pytest.mark.django_db(transaction=True)
def test_a_transactional_test_that_empties_the_database_after_it() -> None:
    assert Municipality.objects.exists()


@pytest.mark.django_db
def test_then_a_plain_test_finds_the_municipalities() -> None:
    assert Municipality.objects.filter(code="0101").exists()


@pytest.mark.django_db
def test_then_the_access_log_is_still_append_only(django_user_model) -> None:
    reader = django_user_model.objects.create_user(email="probe@example.org")
    entry = record(actor=reader, action=Action.READ, purpose="probe")
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        Entry.objects.filter(pk=entry.pk).delete()
