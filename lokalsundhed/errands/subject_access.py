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

from django.utils.translation import gettext_lazy as _

from lokalsundhed.accounts.models import User
from lokalsundhed.core.permissions import Perm
from lokalsundhed.core.subject_access import Logged, Subject, held_about, matched_by, register
from lokalsundhed.errands.models import Errand
from lokalsundhed.errands.scopes import errand_q


@register(
    "errands",
    title=_("Practical help"),
    found_by=_("Errands about the dwelling, and errands that give the resident's mobile number."),
    template="errands/subject_access_section.html",
    order=20,
    holds=(Errand,),
    logged_as=lambda record: [Logged("errands.errand", record["id"])],
)
def errands(user: User, subject: Subject) -> list[dict[str, Any]]:
    """The errands held about the subject, oldest first: one query, none without a dwelling or a phone."""
    held = held_about(
        Errand.objects.filter(errand_q(user, Perm.EXPORT_SUBJECT_DATA), anonymised_at__isnull=True), subject,
        dwelling="dwelling", phone="phone", first_name="resident_first_name",
    )
    if held is None:
        return []
    held = held.select_related("estate__housing_organisation", "errand_type", "dwelling").order_by("created_at", "pk")
    return [_errand(errand, subject) for errand in held]


def _errand(errand: Errand, subject: Subject) -> dict[str, Any]:
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
        "matched_by": matched_by(subject, dwelling_id=errand.dwelling_id, phone=errand.phone),
    }
