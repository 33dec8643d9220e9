"""Helpers for the access-log tests: a sealed log, tampering as the database owner would, and
running the verifier the way an operator does."""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.utils import timezone

from lokalsundhed.accounts.tests.factories import member
from lokalsundhed.audit import append_only
from lokalsundhed.audit.models import Action
from lokalsundhed.audit.services import record, seal_pending
from lokalsundhed.audit.tests.factories import EntryFactory
from lokalsundhed.core.permissions import Role
from lokalsundhed.organisations.tests.factories import HousingOrganisationFactory


def later(seconds: int = 3600):
    """A moment after every entry's grace period has passed."""
    return timezone.now() + timedelta(seconds=seconds)


def sql(statement: str, params: list[object] | None = None) -> None:
    with connection.cursor() as cursor:
        cursor.execute(statement, params or [])


@contextmanager
def triggers_lifted() -> Iterator[None]:
    """What the tables' owner can do: drop the append-only triggers, then put them back."""
    if connection.vendor == "postgresql":
        sql("SET CONSTRAINTS ALL IMMEDIATE")  # ALTER TABLE refuses while the test's own FK checks wait
    append_only.uninstall(connection)
    try:
        yield
    finally:
        append_only.install(connection)


def run_verify(*args: str) -> tuple[bool, str, str]:
    """`manage.py verify_audit_log` in-process: (intact, stdout, stderr)."""
    out, err = StringIO(), StringIO()
    try:
        call_command("verify_audit_log", *args, stdout=out, stderr=err)
    except CommandError:
        return False, out.getvalue(), err.getvalue()
    return True, out.getvalue(), err.getvalue()


def tampered_ids(stderr: str) -> list[int]:
    return [int(n) for n in re.findall(r"^TAMPERED entry (\d+): ", stderr, re.MULTILINE)]


@pytest.fixture
def organisation():
    return HousingOrganisationFactory()


@pytest.fixture
def reader(organisation):
    return member(organisation, Role.CARETAKER)


@pytest.fixture
def sealed_log(reader, organisation) -> list[int]:
    """Six sealed entries with a gap in their ids after the third (room to slip one in)."""
    ids = [
        record(actor=reader, action=Action.READ, object_type="referrals.referral", object_id=n,
               organisation_id=organisation.pk, purpose="follow-up").pk
        for n in range(3)
    ]
    gap_after = ids[-1]
    ids += [
        EntryFactory(id=gap_after + 100 + n, actor=reader, actor_label=reader.email,
                             organisation=organisation, action=Action.READ,
                             object_type="referrals.referral", object_id=str(n + 3), purpose="follow-up").pk
        for n in range(3)
    ]
    assert seal_pending(now=later()) == 6
    return ids
