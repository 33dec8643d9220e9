"""Volunteering's section of a data subject's access request: a resident (or association member)
who volunteers — name, contact, languages (and the one we write to them in), skills, availability,
consent, status and the date of their criminal-record certificate — with the activities they were
assigned to and their shifts.

A volunteer has no address: found by the mobile number (however it was written) or the e-mail
address; a first name narrows it. Only the exporting housing organisation's own volunteers; a
municipality holds none. Coordinators who assigned them or logged their hours are left out.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Prefetch
from django.utils.translation import gettext_lazy as _

from lokalsundhed.accounts.models import User
from lokalsundhed.core.permissions import Perm
from lokalsundhed.core.subject_access import Logged, Subject, held_about, matched_by, register
from lokalsundhed.volunteers.models import Assignment, Shift, Volunteer


@register(
    "volunteers",
    title=_("Volunteering"),
    found_by=_("Volunteers with the resident's mobile number or e-mail address (a volunteer has no address)."),
    template="volunteers/subject_access_section.html",
    order=45,
    holds=(Volunteer, Assignment, Shift),
    logged_as=lambda record: [Logged("volunteers.volunteer", record["id"])],
)
def volunteers(user: User, subject: Subject) -> list[dict[str, Any]]:
    """The volunteer records held about the subject, oldest first: three queries, none without a
    phone or e-mail."""
    held = held_about(
        Volunteer.objects.filter(housing_organisation_id__in=user.organisation_ids_with(Perm.EXPORT_SUBJECT_DATA),
                                 anonymised_at__isnull=True),
        subject, phone="phone", email="email", first_name="first_name",
    )
    if held is None:
        return []
    held = (
        held.select_related("housing_organisation", "estate", "civil_society")
        .prefetch_related(
            Prefetch("assignments", queryset=Assignment.objects.select_related("offer").order_by("created_at", "pk")),
            Prefetch("shifts", queryset=Shift.objects.select_related("offer", "session").order_by("session__starts_at", "pk")),
        )
        .order_by("created_at", "pk")
    )
    return [_volunteer(volunteer, subject) for volunteer in held]


def _volunteer(volunteer: Volunteer, subject: Subject) -> dict[str, Any]:
    return {
        "id": volunteer.pk,
        "housing_organisation": volunteer.housing_organisation.name,
        "estate": volunteer.estate.name if volunteer.estate else None,
        "kind": volunteer.kind,
        "kind_label": str(volunteer.get_kind_display()),
        "association": volunteer.civil_society.name if volunteer.civil_society else None,
        "first_name": volunteer.first_name,
        "last_name": volunteer.last_name,
        "phone": volunteer.phone,
        "email": volunteer.email,
        "languages": list(volunteer.languages),
        "language_of_messages": volunteer.language,
        "skills": volunteer.skills,
        "availability": volunteer.availability,
        "signed_up_at": volunteer.created_at,
        "consent_given_at": volunteer.consent_given_at,
        "status": volunteer.status,
        "status_label": str(volunteer.get_status_display()),
        "criminal_record_certificate_dated": volunteer.criminal_record_checked_on,
        "has_login": volunteer.user_id is not None,
        "assignments": [
            {"activity": a.offer.title, "role": a.role, "from": a.created_at, "ended_at": a.ended_at}
            for a in volunteer.assignments.all()
        ],
        "shifts": [
            {"activity": s.offer.title, "starts_at": s.session.starts_at, "role": s.role, "minutes": s.minutes,
             "offered_for_swap_at": s.swap_offered_at}
            for s in volunteer.shifts.all()
        ],
        "matched_by": matched_by(subject, phone=volunteer.phone, email=volunteer.email),
    }
