from __future__ import annotations

import factory

from lokalsundhed.accounts.models import User
from lokalsundhed.organisations.models import Estate, Organisation
from lokalsundhed.referrals.models import (
    Consent,
    LegalBasis,
    ReceivingUnit,
    RetentionPolicy,
    RoutingRule,
    Statistic,
)
from lokalsundhed.referrals.services import ObservationInput, file_observation
from lokalsundhed.signs.tests.factories import category, sign

__all__ = ["ReceivingUnitFactory", "category", "observe", "rule", "sign"]


class ReceivingUnitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ReceivingUnit

    name = factory.Sequence(lambda n: f"Enhed {n}")
    kind = ReceivingUnit.Kind.SINGLE_ENTRY
    notification_email = factory.Sequence(lambda n: f"enhed{n}@kommune.example.dk")


def rule(municipality: Organisation, category_code: str, urgency: str, unit: ReceivingUnit) -> RoutingRule:
    return RoutingRule.objects.create(municipality=municipality, category=category(category_code), urgency=urgency, unit=unit)


def observe(
    reporter: User,
    estate: Estate,
    *sign_codes: str,
    consent: str = Consent.YES,
    legal_basis: LegalBasis | None = None,
    reason: str = "",
    first_name: str = "Inge",
    description: str = "Set gennem vinduet",
):
    return file_observation(
        ObservationInput(
            estate=estate,
            dwelling=estate.dwellings.first(),
            resident_first_name=first_name,
            signs=[sign(code) for code in (sign_codes or ("falls",))],
            description=description,
            consent=consent,
            legal_basis=legal_basis,
            legal_basis_reason=reason,
        ),
        actor=reporter,
    )


class RetentionPolicyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RetentionPolicy


class StatisticFactory(factory.django.DjangoModelFactory):
    """One anonymous row of what was reported (referrals' statistics)."""

    class Meta:
        model = Statistic
