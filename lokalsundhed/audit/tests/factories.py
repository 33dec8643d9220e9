"""Access-log entries for tests: a read by `actor`, now, unless told otherwise."""

from __future__ import annotations

import factory
from django.utils import timezone

from lokalsundhed.audit.models import Action, Entry


class EntryFactory(factory.django.DjangoModelFactory):
    """An entry written straight to the table, as `record` would (tests of the log itself)."""

    class Meta:
        model = Entry

    at = factory.LazyFunction(timezone.now)
    action = Action.READ
