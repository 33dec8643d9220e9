from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from lokalsundhed.training.models import Module, TrainingSession


def module(code: str = "opsporing-og-brobygning") -> Module:
    """A module of the national catalogue (loaded by migration)."""
    return Module.objects.get(organisation=None, code=code)


def session(host, *, code: str = "opsporing-og-brobygning", days: float = 7, capacity: int = 20,
            created_by=None) -> TrainingSession:
    """A session `days` from now (negative: in the past), three hours long."""
    starts = timezone.now() + timedelta(days=days)
    return TrainingSession.objects.create(
        module=module(code), host=host, starts_at=starts, ends_at=starts + timedelta(hours=3), place="Fælleshuset",
        capacity=capacity, created_by=created_by or host.memberships.first().user,
    )
