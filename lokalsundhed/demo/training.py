"""The demo's competence development: sessions of the national modules held by Lillebæltsbo and
Fredericia Kommune, the housing staff posted to their estates, enrolments, attendance (some
completed long enough ago that a refresher is due) — so the catalogue, a caretaker's suggestion,
certificates and coverage all show something. Idempotent: written once per housing organisation."""

from __future__ import annotations

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from lokalsundhed.accounts.models import Membership
from lokalsundhed.core.permissions import Role
from lokalsundhed.organisations.models import Estate, Organisation
from lokalsundhed.training import services
from lokalsundhed.training.models import Enrolment, Module, Posting, TrainingSession

# module code → days from today (negative: held already)
PLAN = [("systemkendskab", -400), ("opsporing-og-brobygning", -200), ("tryghed-og-tillid", -60),
        ("hjaelp-i-kommunen", -350), ("opsporing-og-brobygning", 14), ("demensvenlighed", 21),
        ("konflikthaandtering", 35)]


@transaction.atomic
def load_training() -> None:
    today = timezone.localtime().replace(hour=9, minute=0, second=0, microsecond=0)
    for housing in Organisation.objects.filter(kind=Organisation.Kind.HOUSING, name__in=["Lillebæltsbo",
                                                                                        "Fjordhjem Boligselskab"]):
        admin = Membership.objects.filter(organisation=housing, role=Role.ADMIN).select_related("user").first()
        staff = [m.user for m in Membership.objects.filter(
            organisation=housing, role__in=[Role.CARETAKER, Role.SOCIAL_WORKER]).select_related("user")]
        if admin is None or not staff:
            continue
        for estate in Estate.objects.filter(housing_organisation=housing):
            for person in staff:
                Posting.objects.get_or_create(user=person, estate=estate)
        if TrainingSession.objects.filter(host=housing).exists():
            continue  # written once: a later run (another day) adds no second history
        for index, (code, days) in enumerate(PLAN):
            module = Module.objects.get(organisation=None, code=code)
            starts = today + timedelta(days=days)
            session = TrainingSession.objects.create(
                module=module, host=housing, starts_at=starts,
                ends_at=starts + timedelta(minutes=module.duration_minutes),
                place=f"Fælleshuset, {housing.name}", capacity=16, created_by=admin.user)
            # The first caretaker skips early detection, so the overview suggests it to them.
            people = staff[1:] if code == "opsporing-og-brobygning" else staff
            for n, person in enumerate(people):
                if days > 0 and n % 2:
                    continue
                enrolment = Enrolment.objects.create(session=session, user=person, organisation=housing,
                                                     enrolled_by=admin.user, enrolled_at=starts - timedelta(days=20))
                if days < 0:
                    services.record_attendance(enrolment, attended=(n + index) % 5 != 4, actor=admin.user)
