from __future__ import annotations

from datetime import date

from django.utils import timezone

from lokalsundhed.volunteers import services
from lokalsundhed.volunteers.models import Volunteer


def volunteer(estate, first_name: str = "Amal", *, email: str = "", phone: str = "+4520304050", active: bool = True,
              certificate_on: date | None = None, admin=None) -> Volunteer:
    person = Volunteer.objects.create(
        housing_organisation_id=estate.housing_organisation_id, estate=estate, first_name=first_name, phone=phone,
        email=email, consent_given_at=timezone.now(), languages=["da", "ar"],
        criminal_record_checked_on=certificate_on,
    )
    if active:
        services.approve(person, actor=admin or estate.housing_organisation.memberships.first().user)
    return person
