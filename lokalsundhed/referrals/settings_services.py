"""The municipality's settings of bridge-building, changed by its administrators: receiving units,
the routing grid (sign category and urgency → unit), the deadlines for claiming a referral, and
how long a closed referral's personal data is kept. Each function takes `actor`, runs in one
transaction and writes the access log; a change that would break an invariant is refused with
`SettingsRefused`, whose message is shown to the administrator."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction
from django.http import HttpRequest
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from lokalsundhed.accounts.models import Membership, User
from lokalsundhed.audit.models import Action
from lokalsundhed.audit.services import record
from lokalsundhed.organisations.models import Organisation
from lokalsundhed.referrals.models import (
    DeadlinePolicy,
    ReceivingUnit,
    RetentionPolicy,
    RoutingRule,
    Urgency,
)


class SettingsRefused(ValueError):
    """A settings change that would break an invariant (shown to the administrator)."""


@dataclass(frozen=True)
class UnitInput:
    name: str
    kind: str
    lead: User | None
    members: list[User]
    notification_email: str
    notification_phone: str
    is_default: bool


def _require_members_of(municipality: Organisation, users: list[User]) -> None:
    wanted = {user.pk for user in users}
    if not wanted:
        return
    found = set(
        Membership.objects.filter(organisation=municipality, user_id__in=wanted).values_list("user_id", flat=True)
    )
    if wanted - found:
        raise SettingsRefused(_("Members and lead must be members of the municipality."))


@transaction.atomic
def save_receiving_unit(
    data: UnitInput,
    *,
    municipality: Organisation,
    unit: ReceivingUnit | None = None,
    actor: User,
    request: HttpRequest | None = None,
) -> ReceivingUnit:
    """Create a receiving unit of `municipality`, or change `unit`.

    Making it the default unit takes that role from the unit that held it: a municipality has
    exactly one unit that catches what no rule routes, and it cannot be left without one.
    """
    if unit is not None and unit.municipality_id != municipality.pk:
        raise SettingsRefused(_("The unit belongs to another municipality."))
    _require_members_of(municipality, [*data.members, *([data.lead] if data.lead else [])])
    if unit is not None and unit.is_default and not data.is_default:
        raise SettingsRefused(_("Make another unit the default unit first; one must catch what no rule routes."))
    created = unit is None
    if data.is_default:
        others = ReceivingUnit.objects.filter(municipality=municipality, is_default=True)
        if unit is not None:
            others = others.exclude(pk=unit.pk)
        others.update(is_default=False)
    unit = unit or ReceivingUnit(municipality=municipality)
    unit.name = data.name.strip()
    unit.kind = data.kind
    unit.lead = data.lead
    unit.notification_email = data.notification_email.strip()
    unit.notification_phone = data.notification_phone.strip()
    unit.is_default = data.is_default
    unit.save()
    unit.members.set(data.members)
    record(actor=actor, action=Action.CREATE if created else Action.CHANGE, obj=unit,
           organisation_id=municipality.pk, purpose=gettext_noop("receiving unit created") if created else gettext_noop("receiving unit changed"),
           request=request)
    return unit


@transaction.atomic
def save_routing(
    municipality: Organisation,
    cells: dict[tuple[int, str], ReceivingUnit | None],
    *,
    actor: User,
    request: HttpRequest | None = None,
) -> int:
    """Set the routing grid: (sign category id, urgency) → unit, or None for "the default unit".

    Cells not named are left as they are. Returns how many cells changed.
    """
    if any(unit is not None and unit.municipality_id != municipality.pk for unit in cells.values()):
        raise SettingsRefused(_("A rule can only route to the municipality's own units."))
    rules = {(r.category_id, r.urgency): r for r in RoutingRule.objects.filter(municipality=municipality)}
    to_delete, to_create, to_update = [], [], []
    for (category_id, urgency), unit in cells.items():
        rule = rules.get((category_id, urgency))
        if unit is None and rule is not None:
            to_delete.append(rule.pk)
        elif unit is not None and rule is None:
            to_create.append(RoutingRule(municipality=municipality, category_id=category_id, urgency=urgency, unit=unit))
        elif unit is not None and rule is not None and rule.unit_id != unit.pk:
            rule.unit = unit
            to_update.append(rule)
    RoutingRule.objects.filter(pk__in=to_delete).delete()
    RoutingRule.objects.bulk_create(to_create)
    RoutingRule.objects.bulk_update(to_update, ["unit"])
    changed = len(to_delete) + len(to_create) + len(to_update)
    if changed:
        record(actor=actor, action=Action.CHANGE, object_type="referrals.routingrule", organisation_id=municipality.pk,
               purpose=gettext_noop("routing changed: %s cells") % changed, request=request)
    return changed


@transaction.atomic
def save_deadlines(
    municipality: Organisation,
    deadlines: dict[str, tuple[int, int]],
    *,
    actor: User,
    request: HttpRequest | None = None,
) -> None:
    """Set how long units have to claim a referral of each urgency: urgency → (working days, hours).

    Applies to referrals sent from now on; those already sent keep their deadline.
    """
    for urgency, (days, hours) in deadlines.items():
        DeadlinePolicy.objects.update_or_create(
            municipality=municipality, urgency=Urgency(urgency), defaults={"working_days": days, "hours": hours}
        )
    record(actor=actor, action=Action.CHANGE, object_type="referrals.deadlinepolicy", organisation_id=municipality.pk,
           purpose=gettext_noop("deadlines changed"), request=request)


@transaction.atomic
def save_retention_policy(
    organisation: Organisation,
    *,
    closed_referral_months: int,
    actor: User,
    request: HttpRequest | None = None,
) -> RetentionPolicy:
    """Set how many months after closing a referral's personal data is anonymised."""
    if closed_referral_months < 1:
        raise SettingsRefused(_("Keep personal data for at least one month after closing."))
    policy, created = RetentionPolicy.objects.update_or_create(
        organisation=organisation, defaults={"closed_referral_months": closed_referral_months}
    )
    record(actor=actor, action=Action.CREATE if created else Action.CHANGE, obj=policy,
           organisation_id=organisation.pk, purpose=gettext_noop("retention policy changed"), request=request)
    return policy
