"""Practical help's section of a data subject's access request: the errands asked for about the
resident's dwelling, and those that give the resident's mobile number (a resident who asked
through the public form may have written a free address instead of choosing the dwelling).
A resident known only by their number (no dwelling) finds the errands with that number.

Only the housing organisation's own errands, for its administrators; a municipality holds none.
Errands whose personal details were removed by retention are no longer held. Staff who asked
for or did the errand are left out (only whether a resident or staff asked).
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from lokalsundhed.accounts.models import User
from lokalsundhed.core.permissions import Perm
from lokalsundhed.core.subject_access import (
    Subject,
    phone_key,
    phone_variants,
    register,
    same_phone,
)
from lokalsundhed.errands.models import Errand
from lokalsundhed.errands.scopes import errand_q


@register(
    "errands",
    title=_("Practical help"),
    found_by=_("Errands about the dwelling, and errands that give the resident's mobile number."),
    template="errands/subject_access_section.html",
    order=20,
)
def errands(user: User, subject: Subject) -> list[dict[str, Any]]:
    """The errands held about the subject, oldest first: one query, none without a dwelling or a phone."""
    match = Q()
    if subject.dwelling is not None:
        match |= Q(dwelling=subject.dwelling)
    if subject.phone:
        match |= Q(phone_key__in=phone_variants(subject.phone))
    if not match:
        return []
    held = (
        Errand.objects.filter(errand_q(user, Perm.EXPORT_SUBJECT_DATA), anonymised_at__isnull=True)
        .alias(phone_key=phone_key("phone"))
        .filter(match)
    )
    if subject.first_name:
        held = held.filter(resident_first_name__iexact=subject.first_name)
    held = held.select_related("estate__housing_organisation", "errand_type", "dwelling").order_by("created_at", "pk")
    return [_errand(errand, subject) for errand in held]


def _errand(errand: Errand, subject: Subject) -> dict[str, Any]:
    on_dwelling = subject.dwelling is not None and errand.dwelling_id == subject.dwelling.pk
    matched_by = [name for name, matched in (("dwelling", on_dwelling),
                                             ("phone", same_phone(errand.phone, subject.phone))) if matched]
    return {
        "id": errand.pk,
        "requested_at": errand.created_at,
        "requested_by": "staff" if errand.requested_by_id else "resident",
        "housing_organisation": errand.estate.housing_organisation.name,
        "estate": errand.estate.name,
        "task": errand.errand_type.label,
        "address": errand.where,
        "resident_first_name": errand.resident_first_name,
        "phone": errand.phone,
        "note": errand.note,
        "when": errand.when,
        "state": errand.state,
        "state_label": str(errand.get_state_display()),
        "taken_at": errand.taken_at,
        "done_at": errand.done_at,
        "minutes": errand.minutes,
        "cancelled_at": errand.cancelled_at,
        "matched_by": matched_by,
    }
