"""What an API client may do: its scopes, and the permissions of `core/permissions.py` they grant.

A client acts as a member of its organisation holding exactly the permissions of its scopes.
`roles` say which role's view of the data (the scoping functions of the capabilities narrow by
role) a scope gives in each kind of organisation; a scope that names no role for a kind gives
nothing there. So a client never sees more than a person of its organisation in that role, and
never does more than the scopes' permissions allow.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext_lazy as _

from lokalsundhed.core.permissions import ROLE_PERMISSIONS, Perm, Role
from lokalsundhed.organisations.models import Organisation

MUNICIPALITY = Organisation.Kind.MUNICIPALITY
HOUSING = Organisation.Kind.HOUSING


@dataclass(frozen=True)
class Grant:
    perms: frozenset[Perm]
    roles: dict[str, Role] = field(default_factory=dict)  # organisation kind -> role whose scope applies
    label: Any = ""  # a lazy translation


SCOPES: dict[str, Grant] = {
    "referrals:read": Grant(
        frozenset({Perm.VIEW_ORGANISATION, Perm.VIEW_RESIDENT_DATA}),
        {MUNICIPALITY: Role.INTAKE},
        _("Read the referrals to the municipality"),
    ),
    "referrals:write": Grant(
        frozenset({Perm.VIEW_ORGANISATION, Perm.VIEW_RESIDENT_DATA, Perm.WORK_REFERRALS}),
        {MUNICIPALITY: Role.INTAKE},
        _("Claim, take over, close and return referrals"),
    ),
    "offers:write": Grant(
        frozenset({Perm.VIEW_ORGANISATION, Perm.RUN_OFFERS}),
        {HOUSING: Role.SOCIAL_WORKER, MUNICIPALITY: Role.PROFESSIONAL},
        _("Create offers and add their times"),
    ),
    "signups:read": Grant(
        frozenset({Perm.VIEW_ORGANISATION, Perm.VIEW_RESIDENT_DATA, Perm.RUN_OFFERS}),
        {HOUSING: Role.SOCIAL_WORKER, MUNICIPALITY: Role.PROFESSIONAL},
        _("Read sign-ups and attendance"),
    ),
    "signups:write": Grant(
        frozenset({Perm.VIEW_ORGANISATION, Perm.VIEW_RESIDENT_DATA, Perm.RUN_OFFERS}),
        {HOUSING: Role.SOCIAL_WORKER, MUNICIPALITY: Role.PROFESSIONAL},
        _("Record attendance"),
    ),
    "errands:read": Grant(
        frozenset({Perm.VIEW_ORGANISATION, Perm.VIEW_RESIDENT_DATA, Perm.WORK_ERRANDS}),
        {HOUSING: Role.CARETAKER},
        _("Read the practical-help errands"),
    ),
    "audit:read": Grant(
        frozenset({Perm.VIEW_ORGANISATION, Perm.VIEW_AUDIT_LOG}),
        {MUNICIPALITY: Role.AUDITOR, HOUSING: Role.AUDITOR},
        _("Read the access log"),
    ),
    "statistics:read": Grant(
        frozenset({Perm.VIEW_ORGANISATION, Perm.VIEW_AGGREGATES}),
        {MUNICIPALITY: Role.ANALYST, HOUSING: Role.ANALYST},
        _("Read anonymous statistics"),
    ),
}


def scope_choices() -> list[tuple[str, str]]:
    return [(name, f"{name} — {grant.label}") for name, grant in SCOPES.items()]


def unknown_scopes(scopes: list[str]) -> list[str]:
    return [scope for scope in scopes if scope not in SCOPES]


def perms_of(scopes: list[str]) -> frozenset[Perm]:
    return frozenset().union(*(SCOPES[s].perms for s in scopes if s in SCOPES))


def holds_scopes(user: Any, organisation_id: int, scopes: list[str]) -> bool:
    """Whether the user holds every permission of the scopes in the organisation themselves."""
    return all(user.has_role_perm(perm, organisation_id) for perm in perms_of(scopes))


def approving_roles(scopes: list[str], organisation_kind: str) -> list[Role]:
    """The roles whose members may approve such a client in this kind of organisation: a role the
    client acts in (it sees what a person in that role sees) that holds every permission of the
    scopes. None when the scopes act in roles no one person holds together."""
    needed = perms_of(scopes)
    return [role for role in roles_of(scopes, organisation_kind) if needed <= ROLE_PERMISSIONS[role]]


def may_vouch_for(user: Any, organisation_id: int, organisation_kind: str, scopes: list[str]) -> bool:
    """Whether the user holds, in the organisation, a role that may approve a client of these scopes."""
    roles = approving_roles(scopes, organisation_kind)
    return any(m.organisation_id == organisation_id and m.role in roles for m in user.active_memberships)


def roles_of(scopes: list[str], organisation_kind: str) -> list[Role]:
    roles = {SCOPES[s].roles[organisation_kind] for s in scopes if s in SCOPES and organisation_kind in SCOPES[s].roles}
    return sorted(roles)
